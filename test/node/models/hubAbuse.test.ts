/**
 * Issue 18: a misbehaving Hub costs at most the deadline and the byte caps.
 * A stand-in Hub on 127.0.0.1 stalls mid-body, floods, answers Range requests
 * with the whole file, sends more than the range, redirects forever and lists
 * thousands of shards; each ends with a clear DM016 naming the limit hit.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { dm016 } from '../../../src/core/analysis/modelProblem';
import { join } from 'node:path';
import { resolveModel, type ResolveContext } from '../../../src/node/models/resolveModel';
import { HubDiskCache } from '../../../src/node/models/hubDiskCache';
import { startFakeHub, type FakeServer } from '../helpers/fakeHub';
import { tempDir } from '../helpers/checkpoints';
import { tinyLlamaConfig, tinyLlamaTensors } from '../../unit/models/resolve/safetensorsBytes';
import { HUB_MAX_REQUESTS, MAX_CONFIG_BYTES } from '../../../src/core/base/limits';

const shape = { layers: 2, hidden: 64, inter: 96, vocab: 256, heads: 4, kvHeads: 2 };
const config = tinyLlamaConfig({ ...shape, tie: false });
const tensors = tinyLlamaTensors({ ...shape, dtype: () => 'BF16', lmHead: true });

let hub: FakeServer;
before(async () => {
  hub = await startFakeHub({
    'evil/stall': { config, shards: [tensors], misbehave: 'stall-body' },
    'evil/flood': { config, shards: [tensors], misbehave: 'flood' },
    'evil/ignore-range': { config, shards: [tensors], misbehave: 'ignore-range' },
    'evil/overlong': { config, shards: [tensors], misbehave: 'overlong-range' },
    'evil/loop': { config, shards: [tensors], misbehave: 'redirect-loop' },
    'evil/shards': { config, misbehave: { manyShards: 5000 } },
  });
});
after(() => hub.close());

const home = tempDir('dms-abuse-home-');
function ctx(extra: Partial<ResolveContext> = {}): ResolveContext {
  return {
    homeDir: home,
    workspaceFolders: [tempDir('dms-ws-')],
    cacheDir: null,
    env: { HF_ENDPOINT: hub.url, HF_HOME: join(home, 'hf') },
    ...extra,
  };
}
const sentFor = (repo: string): number => hub.requests.filter((r) => r.path.startsWith(`/${repo}/`)).reduce((n, r) => n + r.sent, 0);
const countFor = (repo: string): number => hub.requests.filter((r) => r.path.startsWith(`/${repo}/`)).length;

test("a Hub that sends headers then stalls costs the deadline, not the server's patience", async () => {
  const t0 = Date.now();
  const r = await resolveModel('evil/stall', ctx({ timeoutMs: 500 }));
  assert.ok(Date.now() - t0 < 5000, `took ${Date.now() - t0} ms`);
  assert.ok(!r.ok && r.problem.kind === 'network' && r.problem.timedOut, JSON.stringify(!r.ok && r.problem));
  assert.match(r.ok ? '' : dm016(r.problem).message, /Hub time|time-out/);
});

test('a flooding Hub costs at most the per-response byte cap, and the message names the limit', async () => {
  const r = await resolveModel('evil/flood', ctx({ timeoutMs: 20_000 }));
  assert.ok(!r.ok, 'a flood never resolves');
  assert.equal(r.ok ? '' : r.problem.kind, 'hub-limit', JSON.stringify(!r.ok && r.problem));
  assert.match(r.ok ? '' : dm016(r.problem).message, /config bytes limit exceeded/);
  // What left the server is bounded by the cap plus what sits in socket buffers.
  await new Promise((res) => setTimeout(res, 200));
  assert.ok(sentFor('evil/flood') < MAX_CONFIG_BYTES + 16 * 2 ** 20, `server sent ${sentFor('evil/flood')} bytes`);
});

test('a Range request answered 200 (the whole file) is refused, not buffered', async () => {
  const r = await resolveModel('evil/ignore-range', ctx({ timeoutMs: 20_000 }));
  assert.ok(!r.ok && r.problem.kind === 'hub-limit', JSON.stringify(!r.ok && r.problem));
  assert.match(dm016(r.problem).message, /Range request/);
});

test('a 206 answer longer than the range asked is cut at the range', async () => {
  const r = await resolveModel('evil/overlong', ctx({ timeoutMs: 20_000 }));
  // config.json alone still gives a tree; the headers are dropped with a note naming the limit.
  assert.ok(r.ok, JSON.stringify(!r.ok && r.problem));
  assert.ok(
    r.notes.some((n) => /longer than the range/.test(n)),
    r.notes.join('\n'),
  );
});

test('a redirect loop ends at the redirect limit with a clear message', async () => {
  const r = await resolveModel('evil/loop', ctx({ timeoutMs: 20_000 }));
  assert.ok(!r.ok && r.problem.kind === 'hub-limit', JSON.stringify(!r.ok && r.problem));
  assert.match(dm016(r.problem).message, /redirect/);
});

test('thousands of shards hit the per-model request budget', async () => {
  const r = await resolveModel('evil/shards', ctx({ timeoutMs: 30_000 }));
  assert.ok(countFor('evil/shards') <= HUB_MAX_REQUESTS + 20, `${countFor('evil/shards')} requests`);
  assert.ok(
    r.ok
      ? r.notes.some((n) => /Hub requests limit|shards limit/.test(n))
      : /Hub requests limit|shards limit/.test(dm016(r.problem).message),
    JSON.stringify(r.ok ? r.notes : dm016(r.problem)),
  );
});

test('the time-out survives garbage collection (a timer the policy owns, not AbortSignal.timeout inside AbortSignal.any)', async () => {
  const { spawnSync } = await import('node:child_process');
  const probe = join(__dirname, '../helpers/stallUnderGc.ts');
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', probe], { encoding: 'utf8', timeout: 30_000 });
  assert.notEqual(r.signal, 'SIGTERM', 'the stalled request never timed out under GC');
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as { ms: number; kind: string };
  assert.equal(out.kind, 'network');
  assert.ok(out.ms < 20_000, `took ${out.ms} ms`);
});

test('an endpoint URL with credentials is never echoed in a message or location', async () => {
  const withCreds = hub.url.replace('http://', 'http://alice:s3cr3t-pw@');
  const r = await resolveModel('evil/loop', ctx({ hubEndpoint: withCreds, timeoutMs: 5000 }));
  assert.ok(!JSON.stringify(r).includes('s3cr3t-pw'), JSON.stringify(r));
  const gone = await resolveModel('evil/none', ctx({ hubEndpoint: 'http://bob:hunter2@127.0.0.1:1', timeoutMs: 2000 }));
  assert.ok(!JSON.stringify(gone).includes('hunter2'), JSON.stringify(gone));
  // What an earlier fetch cached is shown with its endpoint: without the credentials.
  const cacheDir = tempDir('dms-credcache-');
  await new HubDiskCache(cacheDir).put(withCreds, 'org/cached', 'main', { config });
  const cached = await resolveModel(
    'org/cached',
    ctx({ hubEndpoint: withCreds, cacheDir, env: { HF_HUB_OFFLINE: '1', HF_HOME: join(home, 'hf') } }),
  );
  assert.ok(cached.ok, JSON.stringify(cached));
  assert.ok(!JSON.stringify(cached.location).includes('s3cr3t-pw'), cached.location);
});
