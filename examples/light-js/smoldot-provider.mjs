// A @polkadot/api provider backed by smoldot, the light client, from npm.
//
// @polkadot/rpc-provider's ScProvider talks to a light client through the interface of
// @substrate/connect. That package bundles smoldot 2, which lacks the BLS12-381 host calls
// DIDimo's runtime uses to verify presentations, so this file gives ScProvider the same
// interface over smoldot 3.4 (the first line with those calls) instead: about twenty lines.
import {ScProvider} from '@polkadot/rpc-provider';
import {start} from 'smoldot';

/**
 * A provider for `ApiPromise.create({provider})` that runs its own light client.
 *
 * @param {string} chainSpec the chain spec (JSON text) with the bootnodes to dial
 * @param {object} [options] passed to smoldot's `start` (for example `{forbidTcp: true}` to
 *   connect over WebSocket only, as a browser does)
 * @returns {{provider: ScProvider, terminate: () => Promise<void>}}
 */
export function lightProvider(chainSpec, options = {}) {
  const client = start({maxLogLevel: 2, ...options});
  const Sc = {
    WellKnownChain: {},
    createScClient: () => ({
      addWellKnownChain: () => Promise.reject(new Error('no well-known chains: pass a chain spec')),
      addChain: async (spec, onResponse) => {
        const chain = await client.addChain({chainSpec: spec});
        (async () => {
          try {
            for (;;) onResponse(await chain.nextJsonRpcResponse());
          } catch (_) {
            // The chain was removed or the client terminated: no more responses.
          }
        })();
        return {sendJsonRpc: (text) => chain.sendJsonRpc(text), remove: () => chain.remove()};
      },
    }),
  };
  return {provider: new ScProvider(Sc, chainSpec), terminate: () => client.terminate()};
}
