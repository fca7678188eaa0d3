#!/usr/bin/env node
// Checks DIDimo's JSON-LD outputs the way a standard, offline, safe-mode JSON-LD pipeline
// reads them, and reads the node's status lists with a standard Bitstring Status List client.
//
//   node tools/jsonld/check.mjs expand FILE...
//     Expands each JSON file in JSON-LD safe mode (jsonld.expand with safe: true), loading
//     contexts only from the packages and from the repository's contexts/ directory (never
//     the network), then converts the result to RDF in safe mode. Prints `ok FILE N triples`
//     or `FAIL FILE: reason` per file; exits 1 if any failed. A term no context defines, a
//     relative IRI or any other loss safe mode detects is a failure.
//
//   node tools/jsonld/check.mjs status CREDENTIAL_FILE --endpoint http://127.0.0.1:PORT
//     Runs checkStatus of @digitalbazaar/vc-bitstring-status-list on the credential in the
//     file. `did:` URLs (the status list credential) are fetched from the node's DID resolver
//     at ENDPOINT/1.0/identifiers/<url-encoded DID URL> with `Accept: application/vc`;
//     contexts load offline as above. The status list credential carries no proof (its
//     authority is the chain state of a node the verifier trusts), so it is not verified;
//     its issuer must match the credential's. Prints {verified, status, error?} as JSON;
//     exits 0 if the check ran (whatever the status), 1 if it failed.
//
// Packages: tools/jsonld/package.json, installed by scripts/setup.sh into
// $HOME/.cache/didimo/jsonld/node_modules; set DIDIMO_JSONLD_MODULES to another node_modules
// directory to use that instead.
import {readFile} from 'node:fs/promises';
import {createRequire} from 'node:module';
import {homedir} from 'node:os';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repoContexts = resolve(here, '..', '..', 'contexts');
const modulesDir = resolve(process.env.DIDIMO_JSONLD_MODULES ||
  join(homedir(), '.cache', 'didimo', 'jsonld', 'node_modules'));
// A require rooted in that node_modules directory (the file need not exist).
const requireFrom = createRequire(join(modulesDir, 'check.cjs'));

async function load(name) {
  let path;
  try {
    path = requireFrom.resolve(name);
  } catch (e) {
    throw new Error(`cannot find the package ${name} in ${modulesDir} (run scripts/setup.sh, ` +
      `or set DIDIMO_JSONLD_MODULES to a node_modules directory that has it): ` +
      e.message.split('\n')[0]);
  }
  // import() reads CommonJS and ES modules alike; a CommonJS module's exports are `default`.
  return import(pathToFileURL(path).href);
}

const CREDENTIALS_V2 = 'https://www.w3.org/ns/credentials/v2';
const DID_V1 = 'https://www.w3.org/ns/did/v1';
const MULTIKEY_V1 = 'https://w3id.org/security/multikey/v1';
const DID_RESOLUTION_V1 = 'https://w3id.org/did-resolution/v1';
const DIDIMO_V1 = 'https://w3id.org/didimo/v1';

/** The contexts the offline loader serves, by URL. */
async function contexts() {
  const fromPackage = async (pkg, url) => {
    const module = await load(pkg);
    const context = (module.contexts ?? module.default?.contexts)?.get(url);
    if (!context) throw new Error(`the package ${pkg} has no context ${url}`);
    return context;
  };
  const fromRepo = async file => JSON.parse(await readFile(join(repoContexts, file), 'utf8'));
  return new Map([
    [CREDENTIALS_V2, await fromPackage('@digitalbazaar/credentials-context', CREDENTIALS_V2)],
    [DID_V1, await fromPackage('did-context', DID_V1)],
    [MULTIKEY_V1, await fromPackage('@digitalbazaar/multikey-context', MULTIKEY_V1)],
    [DID_RESOLUTION_V1, await fromRepo('did-resolution-v1.json')],
    [DIDIMO_V1, await fromRepo('didimo-v1.jsonld')],
  ]);
}

/**
 * A jsonld document loader: `(url, options) => Promise<{contextUrl, documentUrl, document}>`.
 * Serves the known contexts; `did:` URLs through `fetchDid` when given; anything else is an
 * error that names the URL.
 */
function documentLoader(known, fetchDid) {
  return async url => {
    if (known.has(url)) {
      return {contextUrl: null, documentUrl: url, document: structuredClone(known.get(url))};
    }
    if (fetchDid && url.startsWith('did:')) {
      return {contextUrl: null, documentUrl: url, document: await fetchDid(url)};
    }
    throw new Error(`the offline document loader has no document for ${url}`);
  };
}

/** An error's message with what jsonld attaches: its code, the safe-mode event, causes. */
function describe(error) {
  const parts = [error.message];
  const details = error.details;
  if (details?.code) parts.push(`code: ${details.code}`);
  const event = details?.event;
  if (event) {
    parts.push(`event ${event.code}: ${event.message}`);
    if (event.details) parts.push(`details: ${JSON.stringify(event.details)}`);
  }
  if (details?.url) parts.push(`url: ${details.url}`);
  if (details?.term) parts.push(`term: ${details.term}`);
  const cause = details?.cause || error.cause;
  if (cause && cause !== error) {
    const said = describe(cause);
    if (!error.message.includes(said)) parts.push(`cause: ${said}`);
  }
  return parts.join('; ');
}

async function expand(files) {
  if (files.length === 0) usage('expand needs at least one file');
  const jsonld = (await load('jsonld')).default;
  const loader = documentLoader(await contexts());
  let failed = 0;
  for (const file of files) {
    try {
      const doc = JSON.parse(await readFile(file, 'utf8'));
      const expanded = await jsonld.expand(doc, {documentLoader: loader, safe: true});
      if (expanded.length === 0) throw new Error('the document expanded to nothing');
      const nquads = await jsonld.toRDF(expanded,
        {format: 'application/n-quads', documentLoader: loader, safe: true});
      const triples = nquads.split('\n').filter(line => line.length > 0).length;
      console.log(`ok ${file} ${triples} triples`);
    } catch (e) {
      failed += 1;
      console.log(`FAIL ${file}: ${describe(e)}`);
    }
  }
  process.exit(failed ? 1 : 0);
}

async function status(args) {
  let file;
  let endpoint;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--endpoint') endpoint = args[++i];
    else if (args[i].startsWith('--endpoint=')) endpoint = args[i].slice('--endpoint='.length);
    else if (file === undefined) file = args[i];
    else usage(`unexpected argument ${args[i]}`);
  }
  if (!file || !endpoint) usage('status needs CREDENTIAL_FILE and --endpoint URL');
  endpoint = endpoint.replace(/\/+$/, '');
  let result;
  try {
    const {checkStatus} = await load('@digitalbazaar/vc-bitstring-status-list');
    const credential = JSON.parse(await readFile(file, 'utf8'));
    const fetchDid = async url => {
      const address = `${endpoint}/1.0/identifiers/${encodeURIComponent(url)}`;
      const response = await fetch(address,
        {headers: {Accept: 'application/vc'}, signal: AbortSignal.timeout(30_000)});
      const body = await response.text();
      if (!response.ok) {
        throw new Error(`GET ${address}: HTTP ${response.status}: ${body.slice(0, 500)}`);
      }
      try {
        return JSON.parse(body);
      } catch (e) {
        throw new Error(`GET ${address}: not JSON (${e.message}): ${body.slice(0, 200)}`);
      }
    };
    const checked = await checkStatus({
      credential,
      documentLoader: documentLoader(await contexts(), fetchDid),
      verifyBitstringStatusListCredential: false,
      verifyMatchingIssuers: true,
    });
    const statuses = (checked.results || []).map(r => r.status);
    result = {verified: checked.verified, status: statuses.length === 1 ? statuses[0] : statuses};
    if (checked.error) result = {verified: false, error: describe(checked.error)};
  } catch (e) {
    result = {verified: false, error: describe(e)};
  }
  console.log(JSON.stringify(result));
  process.exit(result.error ? 1 : 0);
}

function usage(problem) {
  console.error(`check.mjs: ${problem}
usage: node tools/jsonld/check.mjs expand FILE...
       node tools/jsonld/check.mjs status CREDENTIAL_FILE --endpoint http://127.0.0.1:PORT`);
  process.exit(2);
}

const [command, ...rest] = process.argv.slice(2);
try {
  if (command === 'expand') await expand(rest);
  else if (command === 'status') await status(rest);
  else usage(command ? `unknown command ${command}` : 'no command');
} catch (e) {
  console.error(`check.mjs: ${describe(e)}`);
  process.exit(1);
}
