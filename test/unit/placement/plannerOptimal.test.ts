/** The planner is exact: lowest peak fill of any contiguous packing, never worse than transformers' balanced. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import fc from 'fast-check';
import { GENERATED, readJson } from '../../helpers/fixtures';
import { outcome, plannerSetups } from '../../helpers/plannerSetups';
import { modelFromConfig } from '../../../src/core/models/registry';
import type { HFConfig } from '../../../src/core/models/config';
import { partition } from '../../../src/core/placement/planner/partition';
import { planDeviceMap } from '../../../src/core/placement/planner/planner';
import { expandStrategy } from '../../../src/core/placement/strategy';
import type { Device } from '../../../src/core/base/devices';

const GiB = 2 ** 30;

/** Every contiguous packing of `loads` onto `caps` in order (devices may stay empty): the lowest peak fill, or undefined. */
function bruteForcePeak(loads: number[], caps: number[], pinned: number[]): number | undefined {
  let best: number | undefined;
  const place = (d: number, start: number, peak: number): void => {
    if (d === caps.length) {
      if (start === loads.length && (best === undefined || peak < best)) best = peak;
      return;
    }
    let load = 0;
    for (let end = start; end <= loads.length; end++) {
      if (end > start) {
        if (pinned[end - 1]! >= 0 && pinned[end - 1] !== d) break;
        load += loads[end - 1]!;
      }
      if (load > caps[d]!) break;
      place(d + 1, end, Math.max(peak, load > 0 ? load / caps[d]! : 0));
    }
  };
  place(0, 0, 0);
  return best;
}

test('partition finds the lowest peak fill of every contiguous packing (brute force on small cases)', () => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 8 }),
      fc.array(fc.integer({ min: 1, max: 120 }), { minLength: 1, maxLength: 4 }),
      fc.option(fc.tuple(fc.nat(7), fc.nat(3)), { nil: undefined }),
      (loads, caps, pin) => {
        const pinned = loads.map((_, i) => (pin && pin[0] === i && pin[1] < caps.length ? pin[1] : -1));
        const expected = bruteForcePeak(loads, caps, pinned);
        const got = partition({ loads, capacity: caps, pinned, current: loads.map(() => -1), total: caps });
        if (expected === undefined) return assert.equal(got, undefined);
        assert.ok(got, 'a packing exists, so partition finds one');
        const bytes = caps.map(() => 0);
        got.forEach((d, u) => (bytes[d]! += loads[u]!));
        const peak = Math.max(...bytes.map((b, d) => b / caps[d]!));
        assert.ok(Math.abs(peak - expected) < 1e-12, `peak ${peak} but ${expected} is possible`);
        pinned.forEach((d, u) => d >= 0 && assert.equal(got[u], d));
        for (let u = 1; u < got.length; u++) assert.ok(got[u]! >= got[u - 1]!, 'contiguous in forward order');
      },
    ),
    { numRuns: 300 },
  );
});

const qwen = modelFromConfig(readJson<HFConfig>(join(GENERATED, 'qwen2.5-0.5b', 'config.json')));
const llama = modelFromConfig(readJson<HFConfig>(join(GENERATED, 'llama-3.1-8b', 'config.json')));
const capacities = fc.array(
  fc.integer({ min: 64, max: 24 * 1024 }).map((m) => m * 2 ** 20),
  { minLength: 1, maxLength: 5 },
);

test('never a higher peak than balanced on the same max_memory, never more offloaded (any mix of cards)', () => {
  for (const [tree, scale] of [
    [qwen, 1 / 8],
    [llama, 1],
  ] as const) {
    fc.assert(
      fc.property(capacities, (raw) => {
        const gpus = raw.map((c) => Math.round(c * scale));
        const mm = new Map<Device, number>([...gpus.map((c, i) => [i, c] as [Device, number]), ['cpu', 400 * GiB]]);
        const balanced = outcome(tree, expandStrategy(tree, 'balanced', mm, { dtype: 'bf16' }).deviceMap, 'bf16', gpus);
        const plan = planDeviceMap(tree, { dtype: 'bf16', gpus, cpu: 400 * GiB });
        assert.ok(plan.fits);
        const ours = outcome(tree, plan.deviceMap, 'bf16', gpus);
        assert.ok(ours.offloaded <= balanced.offloaded, `offloaded ${ours.offloaded} > balanced ${balanced.offloaded} on ${gpus}`);
        if (balanced.offloaded === 0)
          assert.ok(ours.peak <= balanced.peak + 1e-12, `peak ${ours.peak} > balanced ${balanced.peak} on ${gpus}`);
      }),
      { numRuns: 40 },
    );
  }
});

test('never a spill while the cards can hold whole blocks', () => {
  fc.assert(
    fc.property(capacities, fc.boolean(), (raw, disk) => {
      const gpus = raw.map((c) => Math.round(c / 8));
      const cardsOnly = planDeviceMap(qwen, { dtype: 'bf16', gpus });
      const withOffload = planDeviceMap(qwen, { dtype: 'bf16', gpus, cpu: 64 * GiB, disk });
      assert.ok(withOffload.fits);
      if (cardsOnly.fits) assert.deepEqual(withOffload.offloaded, [], `spilled on ${gpus} though the cards hold every block`);
      else assert.ok(withOffload.offloaded.length > 0);
    }),
    { numRuns: 60 },
  );
});

test("fixture setups: never worse than the recorded balanced placement; mean peak at most 91.5% of balanced's", () => {
  const setups = plannerSetups();
  assert.ok(setups.length >= 100, `only ${setups.length} setups`);
  const ratios: number[] = [];
  for (const s of setups) {
    assert.ok(s.ours.offloaded <= s.balanced.offloaded, `${s.name}: offloads ${s.ours.offloaded} bytes, balanced ${s.balanced.offloaded}`);
    if (s.balanced.offloaded > 0) continue;
    assert.equal(s.ours.offloaded, 0, `${s.name}: balanced keeps it on the cards`);
    assert.ok(s.ours.peak <= s.balanced.peak + 1e-12, `${s.name}: peak ${s.ours.peak.toFixed(4)} > balanced ${s.balanced.peak.toFixed(4)}`);
    ratios.push(s.ours.peak / s.balanced.peak);
  }
  const mean = ratios.reduce((a, b) => a + b, 0) / ratios.length;
  assert.ok(ratios.length >= 100, `only ${ratios.length} setups kept on the cards`);
  assert.ok(mean <= 0.915, `mean peak fill ${(mean * 100).toFixed(1)}% of balanced's`);
});

test('tied ranges share one device: no card boundary falls inside them', () => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 2, maxLength: 8 }),
      fc.array(fc.integer({ min: 30, max: 200 }), { minLength: 2, maxLength: 4 }),
      fc.nat(7),
      fc.nat(7),
      (loads, caps, x, y) => {
        const [a, b] = [Math.min(x, y) % loads.length, Math.max(x, y) % loads.length];
        const got = partition({
          loads,
          capacity: caps,
          pinned: loads.map(() => -1),
          current: loads.map(() => -1),
          total: caps,
          together: [[a, b]],
        });
        if (!got) return;
        for (let u = Math.min(a, b); u <= Math.max(a, b); u++) assert.equal(got[u], got[Math.min(a, b)], `units ${a}..${b} split: ${got}`);
      },
    ),
    { numRuns: 200 },
  );
});
