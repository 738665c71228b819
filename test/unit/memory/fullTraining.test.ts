/** Full fine-tuning (issue 17): gradients and AdamW states per card, the peak's two phases, checkpointing. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { FIXTURES, readJson } from '../../helpers/fixtures';
import { modelFromConfig } from '../../../src/core/models/registry';
import { estimateMemory } from '../../../src/core/memory/estimate';
import { fullTrainingPeak } from '../../../src/core/memory/fullTraining';
import { computeModuleSizes } from '../../../src/core/memory/moduleSizes';
import type { HFConfig } from '../../../src/core/models/config';
import type { Device } from '../../../src/core/base/devices';
import type { EstimateMode } from '../../../src/core/memory/estimateTypes';

const llamaCfg = readJson<HFConfig>(join(FIXTURES, 'models', 'llama-2-7b', 'config.json'));
const llama = modelFromConfig(llamaCfg);
const split: Map<string, Device> = new Map([
  ['model.embed_tokens', 0],
  ['model.layers', 0],
  ['model.norm', 1],
  ['model.rotary_emb', 1],
  ['lm_head', 1],
]);
for (let i = 12; i < 32; i++) split.set(`model.layers.${i}`, 1);
const full = (gc: boolean, batch = 1, seq = 512): EstimateMode => ({ kind: 'train-full', batch, seq, gradientCheckpointing: gc });

test('each card keeps two AdamW states of its own parameters (bf16 weights: bf16 states)', () => {
  const est = estimateMemory(llama, split, full(true), { dtype: 'bf16' });
  const load = estimateMemory(llama, split, { kind: 'load' }, { dtype: 'bf16' });
  for (const d of [0, 1]) {
    const weights = load.devices.get(d)!.weights;
    const training = est.devices.get(d)!.training;
    // States are 2× the card's parameters; with the gradients (the end of backward) at most 3× plus the accumulator.
    assert.ok(training >= 2 * weights - 2 * 2 ** 20 && training <= 3 * weights + 2 ** 30, `card ${d}: ${training} vs weights ${weights}`);
    assert.match(est.formulas.get(d)!.training!, /AdamW states \d+ B/);
  }
  // Card 0 holds 12 blocks and the embedding, card 1 the other 20 and the head: each card's states follow its own weights.
  assert.notEqual(est.devices.get(0)!.training, est.devices.get(1)!.training);
  const states = [0, 1].reduce((s, d) => s + Number(/AdamW states (\d+) B/.exec(est.formulas.get(d)!.training!)![1]), 0);
  // The whole model's bytes (its only buffer, rotary inv_freq, is a few hundred bytes).
  const params = computeModuleSizes(llama, { dtype: 'bf16' }).sizes.get('')!;
  assert.ok(Math.abs(states - 2 * params) < 2 * 2 ** 20, `states ${states} vs 2 × parameters ${2 * params}`);
});

test('fp32 weights: states and gradients in fp32, twice the bf16 figure', () => {
  const bf16 = estimateMemory(llama, new Map([['', 0]]), full(true), { dtype: 'bf16' }).formulas.get(0)!.training!;
  const fp32 = estimateMemory(llama, new Map([['', 0]]), full(true), { dtype: 'fp32' }).formulas.get(0)!.training!;
  const states = (f: string): number => Number(/AdamW states (\d+) B/.exec(f)![1]);
  assert.ok(Math.abs(states(fp32) - 2 * states(bf16)) < 2 ** 20);
});

test('full fine-tuning needs more than a LoRA step, and checkpointing lowers it', () => {
  const one = new Map<string, Device>([['', 0]]);
  const lora = estimateMemory(llama, one, {
    kind: 'train-lora',
    batch: 2,
    seq: 2048,
    rank: 8,
    targets: ['q_proj', 'v_proj'],
    gradientCheckpointing: false,
  }).devices.get(0)!;
  const noGc = estimateMemory(llama, one, full(false, 2, 2048), { dtype: 'bf16' }).devices.get(0)!;
  const gc = estimateMemory(llama, one, full(true, 2, 2048), { dtype: 'bf16' }).devices.get(0)!;
  assert.ok(noGc.total > lora.total + 2 * noGc.weights, `${noGc.total} vs LoRA ${lora.total}`);
  assert.ok(gc.total < noGc.total);
  // Without checkpointing every Linear's input is kept: more saved than the frozen-base LoRA count.
  assert.ok(noGc.activations > lora.activations, `${noGc.activations} vs ${lora.activations}`);
});

test('the peak is the larger phase: backward starting, or every gradient with the embedding accumulator', () => {
  const start = fullTrainingPeak(100, 500, 20);
  assert.deepEqual([start.training, start.activations], [200, 500]);
  assert.match(start.formula, /-> backward start$/);
  const end = fullTrainingPeak(100, 50, 20);
  assert.deepEqual([end.training, end.activations], [320, 0]);
  assert.match(end.formula, /fp32 gradient accumulator 20 B/);
});

test('CPU-offloaded blocks: their states stay on the CPU, and the estimate says this is unmeasured', () => {
  const offload = new Map(split);
  for (let i = 24; i < 32; i++) offload.set(`model.layers.${i}`, 'cpu');
  const est = estimateMemory(llama, offload, full(false), { dtype: 'bf16' });
  assert.ok(est.devices.get('cpu')!.training > 0);
  assert.ok(est.unmeasured?.some((u) => u.startsWith('full fine-tuning with CPU-offloaded parameters is unmeasured')));
  assert.ok(!estimateMemory(llama, split, full(false), { dtype: 'bf16' }).unmeasured?.length);
});
