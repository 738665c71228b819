import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HubDiskCache } from '../../../src/node/models/hubDiskCache';
import { parseHeaderBytes } from '../../../src/core/models/safetensors/header';
import { tempDir } from '../helpers/checkpoints';
import { safetensorsHeaderBytes } from '../../unit/models/resolve/safetensorsBytes';

const header = parseHeaderBytes(
  safetensorsHeaderBytes([{ name: 'w', dtype: 'BF16', shape: [2, 3] }], { format: 'pt' }).bytes.subarray(8),
  't',
);

test('round trip of config and headers, keyed by endpoint, repo and revision', async () => {
  const c = new HubDiskCache(tempDir());
  await c.put('http://e', 'org/m', 'main', { config: { model_type: 'llama' }, headers: [header] });
  const got = await c.get('http://e', 'org/m', 'main', true);
  assert.deepEqual(got?.config, { model_type: 'llama' });
  assert.deepEqual(got?.headers, [header]);
  assert.equal(await c.get('http://other', 'org/m', 'main', true), undefined);
  assert.equal(await c.get('http://e', 'org/m', 'v2', true), undefined);
});

test('branch entries expire for fresh reads but stay for offline reads; commit entries never expire', async () => {
  const c = new HubDiskCache(tempDir(), { maxAgeMs: -1 });
  await c.put('http://e', 'org/m', 'main', { config: { a: 1 } });
  await c.put('http://e', 'org/m', 'f'.repeat(40), { config: { a: 2 } });
  assert.equal(await c.get('http://e', 'org/m', 'main', true), undefined);
  assert.deepEqual((await c.get('http://e', 'org/m', 'main', false))?.config, { a: 1 });
  assert.deepEqual((await c.get('http://e', 'org/m', 'f'.repeat(40), true))?.config, { a: 2 });
});

test('bounded in entries and bytes, oldest first; corrupt entries read as misses', async () => {
  const dir = tempDir();
  const c = new HubDiskCache(dir, { maxEntries: 3 });
  for (let i = 0; i < 5; i++) {
    await c.put('http://e', `org/m${i}`, 'main', { config: { i } });
    await new Promise((r) => setTimeout(r, 15)); // distinct modification times
  }
  assert.equal(readdirSync(dir).length, 3);
  assert.ok(await c.get('http://e', 'org/m4', 'main', true));
  assert.equal(await c.get('http://e', 'org/m0', 'main', true), undefined, 'the oldest went first');
  const small = new HubDiskCache(tempDir(), { maxBytes: 10 });
  await small.put('http://e', 'org/big', 'main', { config: { pad: 'x'.repeat(100) } });
  assert.equal(await small.get('http://e', 'org/big', 'main', true), undefined, 'an entry over the byte bound is not kept');
  const corrupt = new HubDiskCache(tempDir());
  await corrupt.put('http://e', 'org/x', 'main', { config: { a: 1 } });
  for (const f of readdirSync(corrupt.dir)) writeFileSync(join(corrupt.dir, f), '{not json');
  assert.equal(await corrupt.get('http://e', 'org/x', 'main', true), undefined);
});
