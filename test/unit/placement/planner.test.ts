/** Our planner: fits where transformers spills, keeps pins, stays contiguous, moves little. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import fc from 'fast-check';
import { FIXTURES, readJson } from '../../helpers/fixtures';
import { modelFromConfig } from '../../../src/core/models/registry';
import type { HFConfig } from '../../../src/core/models/config';
import { planDeviceMap } from '../../../src/core/placement/planner/planner';
import { forwardUnits } from '../../../src/core/placement/planner/units';
import { expandStrategy } from '../../../src/core/placement/strategy';
import { assignTensors } from '../../../src/core/models/assign';
import { bytesPerDevice } from '../../../src/core/placement/deviceBytes';
import type { Device } from '../../../src/core/base/devices';

const GiB = 2 ** 30;
const model = (name: string) => modelFromConfig(readJson<HFConfig>(join(FIXTURES, 'models', name, 'config.json')));

function deviceSequence(units: string[], map: Map<string, Device>): Device[] {
  return units.map((u) => map.get(u)!);
}

test('Llama-2-7B on 2 cards: contiguous, within capacity, balanced, head on the last card', () => {
  const tree = model('llama-2-7b');
  const plan = planDeviceMap(tree, { dtype: 'bf16', gpus: [24 * GiB, 24 * GiB] });
  assert.ok(plan.fits);
  const units = forwardUnits(tree, { dtype: 'bf16' }).map((u) => u.key);
  const seq = deviceSequence(units, plan.deviceMap) as number[];
  for (let i = 1; i < seq.length; i++) assert.ok(seq[i]! >= seq[i - 1]!, 'devices never go back along the forward path');
  assert.equal(plan.deviceMap.get('model.embed_tokens'), 0);
  assert.equal(plan.deviceMap.get('lm_head'), 1);
  const bytes = bytesPerDevice(tree, plan.deviceMap, { dtype: 'bf16' });
  const [a, b] = [bytes.get(0)!, bytes.get(1)!];
  const block = tree.root.children[0]!.children[1]!.children[0]!;
  assert.ok(Math.abs(a - b) <= 2 * 202_383_360 + 1, `imbalance ${(a - b) / GiB} GiB; block ${block.name}`);
  assert.deepEqual(assignTensors(tree, plan.deviceMap).uncoveredParams, []);
});

test('tied lm_head rides with the embeddings (Llama 3.2 1B)', () => {
  const tree = model('llama-3.2-1b');
  const plan = planDeviceMap(tree, { dtype: 'bf16', gpus: [2 * GiB, 2 * GiB] });
  assert.ok(plan.fits);
  assert.equal(plan.deviceMap.get('lm_head'), plan.deviceMap.get('model.embed_tokens'));
});

test('fits on the GPUs where transformers balanced/auto spills to the CPU', () => {
  const tree = model('llama-2-13b');
  const gpus = [12.5 * GiB, 12.5 * GiB];
  const mm = new Map<Device, number>([
    [0, gpus[0]!],
    [1, gpus[1]!],
    ['cpu', 100 * GiB],
  ]);
  const theirs = expandStrategy(tree, 'auto', mm, { dtype: 'bf16' }).deviceMap;
  assert.ok([...theirs.values()].includes('cpu'), 'the reference offloads part of the model here');
  const ours = planDeviceMap(tree, { dtype: 'bf16', gpus, cpu: 100 * GiB });
  assert.ok(ours.fits);
  assert.deepEqual(ours.offloaded, []);
  for (const [d, bytes] of bytesPerDevice(tree, ours.deviceMap, { dtype: 'bf16' })) assert.ok(bytes <= gpus[d as number]!);
});

test('offloads only what cannot fit, from the end of the path, when the GPUs are too small', () => {
  const tree = model('llama-2-7b');
  const plan = planDeviceMap(tree, { dtype: 'bf16', gpus: [4 * GiB, 4 * GiB], cpu: 64 * GiB });
  assert.ok(plan.fits);
  assert.ok(plan.offloaded.length > 0);
  assert.equal(plan.deviceMap.get('model.embed_tokens'), 0);
  assert.equal(plan.deviceMap.get('lm_head'), 'cpu');
  assert.ok(planDeviceMap(tree, { dtype: 'bf16', gpus: [4 * GiB, 4 * GiB] }).fits === false, 'no CPU allowed: it says it does not fit');
});

test('keeps pins and overheads', () => {
  const tree = model('llama-2-7b');
  const pins = new Map<string, Device>([['model.layers.5', 1]]);
  const plan = planDeviceMap(tree, { dtype: 'bf16', gpus: [24 * GiB, 24 * GiB], pins, fixedOverhead: (d) => (d === 0 ? 6 * GiB : 0) });
  assert.ok(plan.fits);
  assert.equal(plan.deviceMap.get('model.layers.5'), 1);
  assert.equal(plan.deviceMap.get('model.layers.6'), 1, 'contiguity after the pin');
  assert.ok(plan.load.get(0)! <= 24 * GiB);
});

test('given a map that already fits, changes nothing; given an overfull card, moves few blocks', () => {
  const tree = model('llama-2-7b');
  const good = planDeviceMap(tree, { dtype: 'bf16', gpus: [24 * GiB, 24 * GiB] }).deviceMap;
  const again = planDeviceMap(tree, { dtype: 'bf16', gpus: [24 * GiB, 24 * GiB], current: good });
  assert.deepEqual(again.moved, []);
  // Everything on card 0, which only has room for about half: the plan moves the tail only.
  const current = new Map<string, Device>([['', 0]]);
  const plan = planDeviceMap(tree, { dtype: 'bf16', gpus: [8 * GiB, 24 * GiB], current });
  assert.ok(plan.fits);
  const fromScratch = planDeviceMap(tree, { dtype: 'bf16', gpus: [8 * GiB, 24 * GiB] });
  assert.ok(plan.moved.length < fromScratch.deviceMap.size / 2 + 2, `moved ${plan.moved.length}`);
  assert.ok(bytesPerDevice(tree, plan.deviceMap, { dtype: 'bf16' }).get(0)! > 7 * GiB, 'keeps card 0 as full as allowed');
});

test('random capacities: within capacity, contiguous, pins kept, fully covered, never throws', () => {
  const tree = model('llama-3.2-1b');
  const units = forwardUnits(tree, { dtype: 'bf16' }).map((u) => u.key);
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 0, max: 3 * GiB }), { minLength: 1, maxLength: 6 }),
      fc.option(fc.integer({ min: 0, max: 4 * GiB }), { nil: undefined }),
      fc.option(fc.tuple(fc.integer({ min: 0, max: 15 }), fc.integer({ min: 0, max: 5 })), { nil: undefined }),
      (gpus, cpu, pin) => {
        const pins = pin && pin[1] < gpus.length ? new Map<string, Device>([[`model.layers.${pin[0]}`, pin[1]]]) : undefined;
        const plan = planDeviceMap(tree, { dtype: 'bf16', gpus, ...(cpu !== undefined ? { cpu } : {}), ...(pins ? { pins } : {}) });
        if (!plan.fits) return;
        const order = (d: Device): number => (typeof d === 'number' ? d : 100);
        const seq = deviceSequence(units, plan.deviceMap).map(order);
        for (let i = 1; i < seq.length; i++) assert.ok(seq[i]! >= seq[i - 1]!);
        for (const [d, bytes] of bytesPerDevice(tree, plan.deviceMap, { dtype: 'bf16' })) {
          assert.ok(bytes <= (typeof d === 'number' ? gpus[d]! : cpu!), `${String(d)} over capacity`);
        }
        if (pins) for (const [k, d] of pins) assert.equal(plan.deviceMap.get(k), d);
        assert.deepEqual(assignTensors(tree, plan.deviceMap).uncoveredParams, []);
      },
    ),
    { numRuns: 200 },
  );
});
