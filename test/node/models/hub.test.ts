/**
 * The Hub route against a real local HTTP server standing in for the Hub:
 * Range reads of headers only, gated and missing repos, time-outs, cancellation,
 * offline mode, the token's reach, and the on-disk cache.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { resolveModel, type ResolveContext } from '../../../src/node/models/resolveModel';
import { dm016 } from '../../../src/core/analysis/modelProblem';
import { computeModuleSizes } from '../../../src/core/memory/moduleSizes';
import { namedTensors, numel } from '../../../src/core/models/tree';
import { DTYPE_BYTES } from '../../../src/core/base/dtypes';
import { startCdn, startFakeHub, type FakeServer } from '../helpers/fakeHub';
import { tempDir } from '../helpers/checkpoints';
import { storedBytes, tinyLlamaConfig, tinyLlamaTensors } from '../../unit/models/resolve/safetensorsBytes';

const shape = { layers: 4, hidden: 64, inter: 96, vocab: 256, heads: 4, kvHeads: 2 };
const mixed = (n: string): string => (n.includes('norm') ? 'F32' : n.startsWith('lm_head') ? 'F16' : 'BF16');
const tensors = tinyLlamaTensors({ ...shape, dtype: mixed, lmHead: true });
const config = tinyLlamaConfig({ ...shape, tie: false });
const shards = [tensors.slice(0, 15), tensors.slice(15, 30), tensors.slice(30)];
const TOKEN = 'hf_secretTOKEN123';

let cdn: FakeServer;
let hub: FakeServer;
before(async () => {
  cdn = await startCdn();
  hub = await startFakeHub({
    'org/sharded': { config, shards },
    'org/single': { config, shards: [tensors] },
    'org/gated': { config, shards: [tensors], gatedToken: TOKEN },
    'org/cdn': { config, shards, gatedToken: TOKEN, cdn },
    'org/slow': { config, shards: [tensors], delayMs: 3000 },
    'org/versions': { config, shards: [tensors], revisions: ['main', 'v1'] },
    'org/config-only': { config: { ...config, model_type: 'brand_new_arch' } },
    'org/bad-header': { config, shards: [tensors], override: { 'model.safetensors': new Uint8Array(64).fill(255) } },
    'meta-llama/Llama-2-7b-hf': { config, shards: [tensors], gatedToken: TOKEN },
  });
});
after(async () => {
  await hub.close();
  await cdn.close();
});

const home = tempDir('dms-home-');
/** A context with no token, an empty HF cache, a fresh on-disk cache, and the stand-in Hub. */
function ctx(extra: Partial<ResolveContext> & { env?: Record<string, string> } = {}): ResolveContext {
  return {
    homeDir: home,
    workspaceFolders: [tempDir('dms-ws-')],
    cacheDir: tempDir('dms-meta-'),
    timeoutMs: 2000,
    ...extra,
    env: { HF_ENDPOINT: hub.url, HF_HOME: join(home, 'hf'), ...extra.env },
  };
}
const bufferBytes = (t: { root: Parameters<typeof namedTensors>[0] }): number =>
  [...namedTensors(t.root)]
    .filter((x) => x.tensor.kind === 'buffer')
    .reduce((s, x) => s + numel(x.tensor.shape) * DTYPE_BYTES[x.tensor.dtype ?? 'fp32'], 0);

test('sharded mixed-dtype repo: tree from config + Range-read headers, sizes exact to stored dtypes, no data read', async () => {
  const before = hub.requests.length;
  const r = await resolveModel('org/sharded', ctx());
  assert.ok(r.ok, JSON.stringify(!r.ok && r.problem));
  assert.equal(r.origin, 'hub');
  assert.equal(r.location, `${hub.url}/org/sharded`);
  assert.equal(computeModuleSizes(r.tree).sizes.get(''), storedBytes(tensors) + bufferBytes(r.tree));
  assert.equal(computeModuleSizes(r.tree).sizes.get('lm_head'), shape.vocab * shape.hidden * 2);
  const mine = hub.requests.slice(before);
  const st = mine.filter((q) => q.path.endsWith('.safetensors') && q.method === 'GET');
  assert.ok(st.length >= 3 && st.every((q) => q.range), 'every safetensors GET is a Range read');
  for (const q of st) {
    const [, start, end] = /bytes=(\d+)-(\d+)/.exec(q.range!)!.map(Number) as [number, number, number];
    assert.ok(end - start < 4096, `small range ${q.range}`);
  }
  const sentForWeights = st.reduce((s, q) => s + q.sent, 0);
  assert.ok(sentForWeights < 3 * 4096, `${sentForWeights} bytes of safetensors sent`);
});

test('single-file repo and a revision argument', async () => {
  const r = await resolveModel('org/single', ctx());
  assert.ok(r.ok && r.origin === 'hub');
  const v1 = await resolveModel({ name: 'org/versions', revision: 'v1', span: { start: 0, end: 0 } }, ctx());
  assert.ok(v1.ok);
  assert.ok(hub.requests.some((q) => q.path.startsWith('/org/versions/resolve/v1/')));
  const v9 = await resolveModel({ name: 'org/versions', revision: 'v9', span: { start: 0, end: 0 } }, ctx());
  assert.ok(!v9.ok && v9.problem.kind === 'hub-missing' && v9.problem.revision === 'v9', JSON.stringify(!v9.ok && v9.problem));
});

test('gated repo: 401 without a token, 403 with a wrong one, resolved with HF_TOKEN or the token file', async () => {
  const none = await resolveModel('org/gated', ctx());
  assert.ok(!none.ok && none.problem.kind === 'gated');
  assert.deepEqual({ status: none.problem.status, hadToken: none.problem.hadToken }, { status: 401, hadToken: false });
  assert.match(dm016(none.problem).message, /huggingface-cli login/);
  const wrong = await resolveModel('org/gated', ctx({ env: { HF_TOKEN: 'hf_wrong' } }));
  assert.ok(!wrong.ok && wrong.problem.kind === 'gated' && wrong.problem.status === 403 && wrong.problem.hadToken);
  assert.match(dm016(wrong.problem).message, /accept the licence/);
  assert.ok(!dm016(wrong.problem).message.includes('hf_wrong'));
  const viaEnv = await resolveModel('org/gated', ctx({ env: { HF_TOKEN: TOKEN } }));
  assert.ok(viaEnv.ok && viaEnv.origin === 'hub');
  const hfHome = tempDir('dms-hfhome-');
  writeFileSync(join(hfHome, 'token'), `${TOKEN}\n`);
  const viaFile = await resolveModel('org/gated', ctx({ env: { HF_HOME: hfHome } }));
  assert.ok(viaFile.ok, JSON.stringify(!viaFile.ok && viaFile.problem));
});

test('the token goes only to the endpoint: not to the CDN a redirect leads to, not into the on-disk cache', async () => {
  const cacheDir = tempDir('dms-meta-');
  const r = await resolveModel('org/cdn', ctx({ env: { HF_TOKEN: TOKEN }, cacheDir }));
  assert.ok(r.ok, JSON.stringify(!r.ok && r.problem));
  assert.ok(cdn.requests.length >= 3, 'headers were read from the CDN');
  assert.ok(
    cdn.requests.every((q) => q.authorization === undefined),
    'no Authorization header reached the CDN',
  );
  assert.ok(hub.requests.some((q) => q.path.startsWith('/org/cdn/') && q.authorization === `Bearer ${TOKEN}`));
  const files = readdirSync(cacheDir);
  assert.ok(files.length > 0);
  for (const f of files) assert.ok(!readFileSync(join(cacheDir, f), 'utf8').includes(TOKEN), 'token not cached');
});

test('missing repo gives its own 404 message', async () => {
  const r = await resolveModel('org/does-not-exist', ctx());
  assert.ok(!r.ok && r.problem.kind === 'hub-missing');
  assert.match(dm016(r.problem).message, /no repo "org\/does-not-exist" \(HTTP 404\)/);
});

test('a slow Hub hits the time-out; an abort cancels', async () => {
  const t0 = Date.now();
  const slow = await resolveModel('org/slow', ctx({ timeoutMs: 300 }));
  assert.ok(!slow.ok && slow.problem.kind === 'network' && slow.problem.timedOut, JSON.stringify(!slow.ok && slow.problem));
  assert.ok(Date.now() - t0 < 2500, 'gave up at the time-out, not when the server answered');
  const ac = new AbortController();
  setTimeout(() => ac.abort(), 100);
  const cancelled = await resolveModel('org/slow', ctx({ signal: ac.signal, timeoutMs: 5000 }));
  assert.ok(!cancelled.ok && cancelled.problem.kind === 'cancelled', JSON.stringify(!cancelled.ok && cancelled.problem));
});

test('offline, disabled or untrusted: not one request', async () => {
  const before = hub.requests.length;
  const offline = await resolveModel('org/sharded', ctx({ env: { HF_HUB_OFFLINE: '1' } }));
  assert.ok(
    !offline.ok && offline.problem.kind === 'not-found' && offline.problem.hub === 'offline',
    JSON.stringify(!offline.ok && offline.problem),
  );
  assert.match(dm016(offline.problem).message, /HF_HUB_OFFLINE/);
  const disabled = await resolveModel('org/sharded', ctx({ hubEnabled: false }));
  assert.ok(!disabled.ok && disabled.problem.kind === 'not-found' && disabled.problem.hub === 'disabled');
  const untrusted = await resolveModel('org/sharded', ctx({ trusted: false }));
  assert.ok(
    !untrusted.ok && untrusted.problem.kind === 'not-found' && untrusted.problem.hub === 'untrusted',
    JSON.stringify(!untrusted.ok && untrusted.problem),
  );
  assert.equal(hub.requests.length, before);
});

test('on-disk cache: a second resolve makes no request, and offline still finds what was fetched', async () => {
  const cacheDir = tempDir('dms-meta-');
  const first = await resolveModel('org/single', ctx({ cacheDir }));
  assert.ok(first.ok && first.origin === 'hub');
  const before = hub.requests.length;
  const second = await resolveModel('org/single', ctx({ cacheDir }));
  assert.ok(second.ok && second.origin === 'hub-cache');
  const offline = await resolveModel('org/single', ctx({ cacheDir, env: { HF_HUB_OFFLINE: '1' } }));
  assert.ok(offline.ok && offline.origin === 'hub-cache');
  assert.equal(hub.requests.length, before);
  assert.deepEqual(computeModuleSizes(offline.tree).sizes, computeModuleSizes(first.tree).sizes);
});

test('config only, unknown architecture: the unknown-model-type message', async () => {
  const r = await resolveModel('org/config-only', ctx());
  assert.ok(!r.ok && r.problem.kind === 'unknown-model-type' && r.problem.modelType === 'brand_new_arch');
});

test('a gated repo the catalogue knows resolves from the catalogue, with a note', async () => {
  const r = await resolveModel('meta-llama/Llama-2-7b-hf', ctx());
  assert.ok(r.ok && r.origin === 'catalogue');
  assert.match(r.notes.join('\n'), /gated or private.*built-in catalogue/);
});

test('the endpoint setting wins over HF_ENDPOINT', async () => {
  const dead = 'http://127.0.0.1:9';
  const r = await resolveModel('org/single', ctx({ hubEndpoint: hub.url, env: { HF_ENDPOINT: dead } }));
  assert.ok(r.ok);
  const unreachable = await resolveModel('org/single', ctx({ hubEndpoint: dead }));
  assert.ok(
    !unreachable.ok && unreachable.problem.kind === 'network' && !unreachable.problem.timedOut,
    JSON.stringify(!unreachable.ok && unreachable.problem),
  );
  mkdirSync(join(home, 'unused'), { recursive: true });
});

test('unreadable headers next to a good config.json: the config tree, a note, and nothing cached', async () => {
  const cacheDir = tempDir('dms-meta-');
  const r = await resolveModel('org/bad-header', ctx({ cacheDir }));
  assert.ok(r.ok && r.origin === 'hub', JSON.stringify(!r.ok && r.problem));
  assert.match(r.notes.join(' '), /safetensors headers of org\/bad-header could not be read/);
  assert.equal(r.tree.source.includes('stored dtypes'), false);
  assert.deepEqual(readdirSync(cacheDir), []);
});
