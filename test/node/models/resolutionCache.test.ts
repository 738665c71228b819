import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ResolutionCache } from '../../../src/node/models/resolutionCache';
import { resolveModelWith, type ModelResolution } from '../../../src/core/models/resolve/resolver';
import { nodeFs } from '../../../src/node/models/nodeFs';

const deps = { fs: nodeFs, env: {}, homeDir: '/nonexistent', trusted: true, hubAccess: 'disabled' as const, workspaceFolders: [] };
const tick = () => new Promise((r) => setTimeout(r, 5));
async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !cond(); i++) await tick();
}

test('pending, then one coalesced notification, then answers from memory without resolving again', async () => {
  const gpt2 = await resolveModelWith('gpt2', deps);
  const t5 = await resolveModelWith('t5-small', deps);
  let open!: () => void;
  const gate = new Promise<void>((r) => (open = r));
  let notified = 0;
  let started = 0;
  const cache = new ResolutionCache({ onResolved: () => notified++ });
  const resolve = () => (started++, gate.then(() => gpt2));
  assert.equal(cache.lookup('gpt2', resolve).state, 'pending');
  assert.equal(cache.lookup('gpt2', resolve).state, 'pending');
  assert.equal(cache.lookup('t5', () => (started++, gate.then(() => t5))).state, 'pending');
  open();
  await until(() => notified > 0);
  await tick();
  assert.equal(started, 2, 'one resolution per key');
  assert.equal(notified, 1, 'both answers, one notification');
  const hit = cache.lookup('gpt2', resolve);
  assert.ok(hit.state === 'done' && hit.result.ok && hit.result.origin === 'catalogue');
  assert.equal(started, 2);
});

test('clear() cancels in-flight work and drops its late answer; transient failures retry after the pause', async () => {
  let now = 0;
  let notified = 0;
  const cache = new ResolutionCache({ onResolved: () => notified++, retryAfterMs: 1000, now: () => now });
  let seen: AbortSignal | undefined;
  const slow = (signal: AbortSignal) => (
    (seen = signal),
    new Promise<ModelResolution>((r) => setTimeout(() => r(resolveModelWith('gpt2', deps)), 20))
  );
  cache.lookup('k', slow);
  cache.clear();
  assert.ok(seen?.aborted);
  await new Promise((r) => setTimeout(r, 40));
  assert.equal(notified, 0, 'a stale answer does not notify');
  assert.equal(cache.size, 0);

  let calls = 0;
  const flaky = async (): Promise<ModelResolution> => {
    calls++;
    return { ok: false, problem: { kind: 'network', name: 'x', detail: 'ECONNRESET', timedOut: false }, notes: [] };
  };
  cache.lookup('n', flaky);
  await tick();
  assert.equal(cache.lookup('n', flaky).state, 'done');
  now = 2000;
  assert.equal(cache.lookup('n', flaky).state, 'pending', 'retried after the pause');
  assert.equal(calls, 2);
});

test('bounded: the oldest entries go', async () => {
  const cache = new ResolutionCache({ maxEntries: 3 });
  for (const n of ['gpt2', 't5-small', 'gpt2-xl', 'gpt2-large', 'gpt2-medium']) cache.lookup(n, () => resolveModelWith(n, deps));
  assert.equal(cache.size, 3);
  await tick();
});
