import { test } from 'node:test';
import assert from 'node:assert/strict';
import { headerLength, readSafetensorsHeader, shardsFromIndex, SafetensorsError } from '../../../../src/core/models/safetensors/header';
import { safetensorsHeaderBytes } from './safetensorsBytes';

function memoryReader(bytes: Uint8Array, log: Array<[number, number]>) {
  return async (offset: number, length: number) => {
    log.push([offset, length]);
    return bytes.subarray(offset, offset + length);
  };
}

test('reads a header with two small reads and never the data', async () => {
  const { bytes, dataBytes } = safetensorsHeaderBytes(
    [
      { name: 'b.weight', dtype: 'BF16', shape: [4, 8] },
      { name: 'a.weight', dtype: 'F32', shape: [3] },
    ],
    { format: 'pt' },
  );
  const file = new Uint8Array(bytes.length + dataBytes);
  file.set(bytes);
  const log: Array<[number, number]> = [];
  const h = await readSafetensorsHeader(memoryReader(file, log), 'x.safetensors');
  assert.deepEqual(
    h.tensors.map(([n, t]) => [n, t.dtype, t.shape]),
    [
      ['a.weight', 'F32', [3]],
      ['b.weight', 'BF16', [4, 8]],
    ],
  );
  assert.deepEqual(h.metadata, { format: 'pt' });
  assert.deepEqual(log, [
    [0, 8],
    [8, bytes.length - 8],
  ]);
  assert.ok(
    log.every(([o, l]) => o + l <= bytes.length),
    'no read reaches the tensor data',
  );
});

test('implausible lengths, truncated headers and bad JSON give clear errors', async () => {
  assert.throws(() => headerLength(new Uint8Array(4), 'f'), /shorter than 8 bytes/);
  const huge = new Uint8Array(8);
  new DataView(huge.buffer).setBigUint64(0, 2n ** 40n, true);
  assert.throws(() => headerLength(huge, 'f'), SafetensorsError);
  const { bytes } = safetensorsHeaderBytes([{ name: 'w', dtype: 'F16', shape: [2] }]);
  await assert.rejects(readSafetensorsHeader(memoryReader(bytes.subarray(0, 20), []), 'cut.safetensors'), /ends inside its header/);
  const bad = new Uint8Array(16);
  new DataView(bad.buffer).setBigUint64(0, 8n, true);
  bad.set(new TextEncoder().encode('{"w": 1}'), 8);
  await assert.rejects(readSafetensorsHeader(memoryReader(bad, []), 'bad.safetensors'), /tensor "w" has no valid dtype\/shape/);
  const notJson = new Uint8Array(16);
  new DataView(notJson.buffer).setBigUint64(0, 8n, true);
  notJson.set(new TextEncoder().encode('{"w": 1 '), 8);
  await assert.rejects(readSafetensorsHeader(memoryReader(notJson, []), 'nj.safetensors'), /not valid JSON/);
});

test('index shards come back in shard order, once each, and unsafe names are refused', () => {
  const index = {
    weight_map: {
      'z.weight': 'model-00002-of-00002.safetensors',
      'a.weight': 'model-00001-of-00002.safetensors',
      'b.weight': 'model-00002-of-00002.safetensors',
    },
  };
  assert.deepEqual(shardsFromIndex(index, 'i'), ['model-00001-of-00002.safetensors', 'model-00002-of-00002.safetensors']);
  assert.throws(() => shardsFromIndex({ weight_map: { a: '../../etc/passwd.safetensors' } }, 'i'), /unsafe shard file/);
  assert.throws(() => shardsFromIndex({ weight_map: { a: 'sub/x.safetensors' } }, 'i'), /unsafe shard file/);
  assert.throws(() => shardsFromIndex({}, 'i'), /no "weight_map"/);
});
