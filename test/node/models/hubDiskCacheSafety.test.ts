/**
 * Issue 18, the on-disk cache of Hub metadata: files private to the user (they
 * name private models), leftover `.tmp` files evicted, oversized entries skipped.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HubDiskCache } from '../../../src/node/models/hubDiskCache';
import { tempDir } from '../helpers/checkpoints';

test('cache folder is 0700 and entries 0600, whatever the umask', async () => {
  const dir = join(tempDir(), 'hub');
  const old = process.umask(0o022);
  try {
    await new HubDiskCache(dir).put('http://e', 'org/private-model', 'main', { config: { model_type: 'llama' } });
  } finally {
    process.umask(old);
  }
  assert.equal(statSync(dir).mode & 0o777, 0o700);
  for (const n of readdirSync(dir)) assert.equal(statSync(join(dir, n)).mode & 0o777, 0o600, n);
});

test('.tmp files left by a crashed write are evicted once stale', async () => {
  const dir = tempDir();
  const stale = join(dir, `${'a'.repeat(32)}.json.123.tmp`);
  writeFileSync(stale, 'x'.repeat(1000));
  const old = (Date.now() - 3600_000) / 1000;
  utimesSync(stale, old, old);
  await new HubDiskCache(dir).put('http://e', 'org/m', 'main', { config: { a: 1 } });
  assert.deepEqual(
    readdirSync(dir).filter((n) => n.endsWith('.tmp')),
    [],
  );
});
