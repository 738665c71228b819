// CUDA_VISIBLE_DEVICES & co.: which cards the process sees and under which index.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyVisible } from '../../../src/core/gpuHost/index';

const cards = [
  { index: 0, uuid: 'GPU-5f2e6a9c-1b7d-4c3e-9a8f-0d1e2f3a4b5c' },
  { index: 1, uuid: 'GPU-a3c4d5e6-7f80-4912-8a3b-4c5d6e7f8091' },
  { index: 2, uuid: 'GPU-a3ff0000-0000-0000-0000-000000000000' },
];
const seen = (v: string | undefined, byUuid = true): number[] =>
  applyVisible(cards, v, 'CUDA_VISIBLE_DEVICES', byUuid).cards.map((c) => c.index);

test('unset: every card, in order', () => assert.deepEqual(seen(undefined), [0, 1, 2]));
test('indices: in the order listed (cuda:0 is the first listed)', () => assert.deepEqual(seen('2,0'), [2, 0]));
test('full UUIDs, with and without the GPU- prefix', () => {
  assert.deepEqual(seen('GPU-a3c4d5e6-7f80-4912-8a3b-4c5d6e7f8091'), [1]);
  assert.deepEqual(seen('a3c4d5e6-7f80-4912-8a3b-4c5d6e7f8091,0'), [1, 0]);
});
test('a unique UUID prefix names its card; an ambiguous one names none', () => {
  assert.deepEqual(seen('GPU-5f2e'), [0]);
  assert.deepEqual(seen('GPU-a3'), []);
});
test('the list stops at the first entry that names no card (-1, out of range)', () => {
  assert.deepEqual(seen('1,-1,0'), [1]);
  assert.deepEqual(seen('-1'), []);
  assert.deepEqual(seen('7,0'), []);
});
test('empty hides every card and says so', () => {
  const r = applyVisible(cards, '', 'CUDA_VISIBLE_DEVICES');
  assert.deepEqual(r.cards, []);
  assert.match(r.note!, /is empty/);
});
test('MIG instances: not guessed, said', () => {
  const r = applyVisible(cards, 'MIG-GPU-5f2e6a9c-1b7d-4c3e-9a8f-0d1e2f3a4b5c/1/0', 'CUDA_VISIBLE_DEVICES', true);
  assert.deepEqual(r.cards, []);
  assert.match(r.note!, /MIG/);
});
test('HIP/ASCEND variables take indices only', () => {
  assert.deepEqual(
    applyVisible(cards, '1', 'ASCEND_RT_VISIBLE_DEVICES').cards.map((c) => c.index),
    [1],
  );
  assert.deepEqual(applyVisible(cards, 'GPU-5f2e', 'HIP_VISIBLE_DEVICES').cards, []);
});
