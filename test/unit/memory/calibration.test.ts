/**
 * The memory estimate against real GPUs: our runs (test/fixtures/measured, tools/measure_memory.py)
 * and the shared 4x H200 record. Every file in test/fixtures/measured is picked up. Files measured
 * before issue 19 keep issue 7's targets (weights ±0.2% per card, forward and generate ±10%, a LoRA
 * step ±15%); every later file (issue 19's offload19 fit set, its blind19 set, blind19b and anything
 * newer, picked up by name with no edit here) is held to issue 19's: weights exact to the byte, forward
 * and generate ±5%, a training (LoRA) step ±10%.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  issue19Targets,
  ownComparisons,
  relErr,
  roleOf,
  sharedComparisons,
  TARGETS,
  TARGETS_19,
  targetsFor,
  withinTarget,
  type Comparison,
} from '../../helpers/measuredCases';

function check(rows: Comparison[], label: string): void {
  assert.ok(rows.length > 0, `${label}: no measured cases found`);
  for (const c of rows) {
    const e = relErr(c);
    assert.ok(
      withinTarget(c),
      `${label} ${c.case} ${c.what} GPU ${c.device}: estimate ${c.estimate} vs measured ${c.measured} (${(e * 100).toFixed(2)}%, target ±${c.targets[c.kind] * 100}%)`,
    );
  }
}

const all = ownComparisons();
const own = all.filter((c) => !issue19Targets(c.source));
const own19 = all.filter((c) => issue19Targets(c.source));

for (const kind of ['weights', 'forward', 'generate', 'lora'] as const) {
  test(`own GPU runs (before issue 19): ${kind} within ±${TARGETS[kind] * 100}% per card`, () =>
    check(
      own.filter((c) => c.kind === kind),
      'own',
    ));
  test(`issue 19 runs (offload19 fit set, blind19 and every later file): ${kind} within ±${TARGETS_19[kind] * 100}% per card`, () =>
    check(
      own19.filter((c) => c.kind === kind),
      'issue 19',
    ));
}

// Full fine-tuning (issue 17): the fullft fit set, and any later *fullft_blind*.json picked up as blind by its name.
const full = own19.filter((c) => c.kind === 'full');
test(`full fine-tuning runs (fullft fit set, and *fullft_blind* once added): within ±${TARGETS_19.full * 100}% per card`, () =>
  check(full, 'full fine-tuning'));

test('the full fine-tuning fit set covers 3 architectures, with and without checkpointing', () => {
  const fit = full.filter((c) => c.role === 'fit');
  assert.ok(new Set(fit.map((c) => c.case.split('/')[0])).size >= 3);
  assert.ok(fit.some((c) => c.what.endsWith('+GC')) && fit.some((c) => !c.what.endsWith('+GC')));
});

test('a *fullft_blind* file is blind and held to the full fine-tuning target with no edit here', () => {
  assert.equal(roleOf('h100-2026-12-05-fullft_blind.json', false), 'blind');
  assert.equal(targetsFor('h100-2026-12-05-fullft_blind.json').full, 0.1);
  assert.equal(roleOf('h100-2026-12-05-fullft.json', false), 'fit');
});

// The two blind19 misses (OPT-1.3B with attn_implementation="eager": forward 4x2048 -5.6%, LoRA 2x1024 without
// checkpointing -17.6%) were fixed by eager attention by family (eagerAttention.ts): named here so that they cannot
// silently drop out of the set.
test('the former blind19 misses (OPT-1.3B eager) are measured and within issue 19 targets', () => {
  const rows = own19.filter((c) => c.case.startsWith('opt-1.3b-eager/') && (c.what === 'forward 4x2048' || c.what === 'LoRA 2x1024'));
  assert.equal(rows.length, 2, rows.map((c) => c.what).join(','));
  for (const c of rows) assert.ok(withinTarget(c), `${c.case} ${c.what}: ${(relErr(c) * 100).toFixed(2)}%`);
});

test('a later file gets issue 19 targets and its role from its name, with no edit to this test', () => {
  assert.deepEqual(targetsFor('h100-2026-12-06-blind19b.json'), TARGETS_19);
  assert.equal(roleOf('h100-2026-12-06-blind19b.json', undefined), 'blind');
  assert.equal(roleOf('h100-2026-12-05-blind19.json', true), 'seen');
  assert.equal(roleOf('h100-2026-12-05-offload19.json', false), 'fit');
  assert.deepEqual(targetsFor('h200x2-2026-11-28.json'), TARGETS);
  assert.ok(all.some((c) => c.role === 'seen') && all.every((c) => c.role !== 'seen' || c.source === 'h100-2026-12-05-blind19.json'));
});

test('issue 19 runs cover CPU offload, eager attention and LoRA with and without checkpointing', () => {
  assert.ok(
    own19.some((c) => c.case.includes('cpu') && c.kind === 'forward'),
    'an offloaded forward',
  );
  assert.ok(
    own19.some((c) => c.case.includes('cpu') && c.kind === 'generate'),
    'an offloaded generate',
  );
  assert.ok(
    own19.some((c) => c.case.startsWith('bloom')),
    'an eager-attention (BLOOM) model',
  );
  assert.ok(
    own19.some((c) => c.what.endsWith('+GC')) && own19.some((c) => c.kind === 'lora' && !c.what.endsWith('+GC')),
    'LoRA with and without checkpointing',
  );
});

test('issue 19 weights are exact to the byte', () => {
  for (const c of own19.filter((x) => x.kind === 'weights')) assert.equal(c.estimate, c.measured, `${c.case} GPU ${c.device}`);
});

test('own GPU runs cover at least 3 architectures and several sizes', () => {
  const archs = new Set(all.map((c) => c.case.split('/')[0]));
  assert.ok(archs.size >= 3, [...archs].join(','));
  assert.ok(new Set(all.filter((c) => c.kind === 'forward').map((c) => c.what)).size >= 3);
});

// GPT-2 loads 1.3-1.7 MB per card beyond its parameters in the shared record (0.16-0.20%, cause not
// established; our own GPT-2 run shows it too): its weight rows are in docs/calibration.md, not here.
const shared = sharedComparisons();
test('shared record: weights (plus cuBLAS workspaces left by earlier runs) within ±0.2% per card', () =>
  check(
    shared.filter((c) => c.kind === 'weights' && !c.case.startsWith('gpt2')),
    'shared',
  ));
for (const kind of ['forward', 'generate', 'lora'] as const) {
  test(`shared record: ${kind} within ±${TARGETS[kind] * 100}% per card`, () =>
    check(
      shared.filter((c) => c.kind === kind),
      'shared',
    ));
}

// Blind19b (measured 2026-12-05 after the estimate froze at 30b8cdf): Falcon-7B's own eager path
// holds more beside its scores than modelled (beyond weights 3914 vs 4805 MiB, -18.5%); the peak
// itself is within the issue's 5% (-4.95%). Not refitted on blind data; this test fails once it is met.
const EXTRA_MISSES = new Set(['falcon-7b-eager/single (blind)|forward 2x2048']);
const bigExtra = all.filter((x) => (x.kind === 'forward' || x.kind === 'generate') && x.measuredExtra > 256 * 2 ** 20);
const extraError = (c: Comparison): number => (c.estimateExtra - c.measuredExtra) / c.measuredExtra;

test('known beyond-weights misses are measured and still outside 15% (remove them once met)', () => {
  const rows = bigExtra.filter((c) => EXTRA_MISSES.has(`${c.case}|${c.what}`));
  assert.equal(rows.length, EXTRA_MISSES.size);
  for (const c of rows) assert.ok(Math.abs(extraError(c)) > 0.15, `${c.case} ${c.what} is within 15% now`);
});

test('beyond weights, the estimate of forward/generate stays within 15% of the measured extra where it exceeds 256 MiB', () => {
  for (const c of bigExtra.filter((x) => !EXTRA_MISSES.has(`${x.case}|${x.what}`))) {
    assert.ok(Math.abs(extraError(c)) <= 0.15, `${c.case} ${c.what} GPU ${c.device}: extra ${c.estimateExtra} vs ${c.measuredExtra}`);
  }
});
