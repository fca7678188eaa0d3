#!/usr/bin/env node
// Resolves a DIDimo DID and checks a credential's revocation status through smoldot, a light
// client running in this process: every answer is a runtime call that smoldot executes itself
// against storage proofs of a block whose header it verified (Aura and GRANDPA). No RPC node
// is trusted; the chain spec's bootnodes are only peers.
//
//   node resolve.mjs --spec SPEC.json --did did:didimo:... [--registry N --index I]
//                    [--at-least BLOCK] [--ws-only] [--timeout SECONDS]
//
//   --spec      the chain spec (raw, as `didimo-node build-spec --raw` writes it) with
//               bootNodes the light client can dial
//   --did       the DID to resolve (`DidApi_resolve`)
//   --registry, --index
//               a credential's status-list entry to check (`RevocationApi_status`)
//   --at-least  wait until the light client has finalized this block number, then answer
//               at that finalized block (default: answer at the first finalized block)
//   --ws-only   dial WebSocket bootnodes only, as a browser does
//
// Prints one JSON object: the block the answers are at, the decoded answers (through the
// runtime's own metadata, so `api.call.didApi.resolve` is typed), their SCALE encodings (to
// compare with any node's `state_call` at that block), the time from start to the first
// answer and the process's memory. Exits 1 with a message on failure or timeout.
import {readFile} from 'node:fs/promises';
import {parseArgs} from 'node:util';

import {ApiPromise} from '@polkadot/api';

import {lightProvider} from './smoldot-provider.mjs';

const {values: args} = parseArgs({
  options: {
    'spec': {type: 'string'},
    'did': {type: 'string'},
    'registry': {type: 'string'},
    'index': {type: 'string'},
    'at-least': {type: 'string', default: '0'},
    'ws-only': {type: 'boolean', default: false},
    'timeout': {type: 'string', default: '120'},
  },
});

function fail(message) {
  process.stderr.write(`resolve.mjs: ${message}\n`);
  process.exit(1);
}

if (!args.spec || !args.did) fail('--spec and --did are required');
if ((args.registry === undefined) !== (args.index === undefined)) {
  fail('--registry and --index go together');
}
const didPrefix = 'did:didimo:';
if (!args.did.startsWith(didPrefix)) fail(`${args.did} is not a did:didimo DID`);
const timer = setTimeout(() => fail(`no answer within ${args.timeout} s`), Number(args.timeout) * 1000);

const started = performance.now();
const chainSpec = await readFile(args.spec, 'utf8');
// smoldot's log level: 2 shows warnings, 4 shows what it does (SMOLDOT_LOG_LEVEL=4).
const maxLogLevel = Number(process.env.SMOLDOT_LOG_LEVEL ?? 2);
const {provider, terminate} = lightProvider(chainSpec, {forbidTcp: args['ws-only'], maxLogLevel});
await provider.connect();
const api = await ApiPromise.create({provider, noInitWarn: true});

// A finalized block: what the light client has verified through GRANDPA.
const atLeast = Number(args['at-least']);
let unsubscribe;
const hash = await new Promise((resolve, reject) => {
  api.rpc.chain.subscribeFinalizedHeads((header) => {
    if (header.number.toNumber() >= atLeast) resolve(header.hash);
  }).then((unsub) => unsubscribe = unsub, reject);
});
unsubscribe?.();
const number = (await api.rpc.chain.getHeader(hash)).number.toNumber();
const at = await api.at(hash);

// The DID's on-chain document (the DID part of the SS58 address is the account).
const account = args.did.slice(didPrefix.length);
const resolution = await at.call.didApi.resolve(account);
const firstAnswer = performance.now() - started;
const output = {
  block: {number, hash: hash.toHex()},
  did: args.did,
  resolution: resolution.toJSON(),
  resolutionScale: resolution.toHex(),
};
if (args.registry !== undefined) {
  const status = await at.call.revocationApi.status(args.registry, args.index);
  output.status = status.toJSON();
  output.statusScale = status.toHex();
}
output.firstAnswerMs = Math.round(firstAnswer);
output.rssMiB = Math.round(process.memoryUsage().rss / (1 << 20));
process.stdout.write(JSON.stringify(output, null, 2) + '\n');

clearTimeout(timer);
await api.disconnect();
await terminate();
// @polkadot/api's provider keeps a reconnection timer alive; nothing is left to do.
process.exit(0);
