/**
 * Issue 19: eager attention by family (src/core/memory/eagerAttention.ts), from the facts each family's
 * modeling file states (float32 softmax or not, ALiBi, attention dropout, soft-capping), not from model names.
 * Configs come from the measured records (test/fixtures/measured).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { REPO_ROOT, readJson } from '../../helpers/fixtures';
import { modelFromConfig } from '../../../src/core/models/registry';
import { estimateMemory } from '../../../src/core/memory/estimate';
import { eagerFacts, eagerScoreBytes } from '../../../src/core/memory/eagerAttention';
import type { HFConfig } from '../../../src/core/models/config';
import type { Device } from '../../../src/core/base/devices';

interface Run {
  case: string;
  config: HFConfig;
}
const configOf = (file: string, prefix: string): HFConfig =>
  readJson<{ runs: Run[] }>(join(REPO_ROOT, 'test/fixtures/measured', file)).runs.find((r) => r.case.startsWith(prefix))!.config;
const opt = configOf('h100-2026-12-05-blind19.json', 'opt-1.3b-eager');
const falcon = configOf('h100-2026-12-05-blind19.json', 'falcon-7b');
const bloom = configOf('h100-2026-12-05-offload19.json', 'bloom-7b1');
const gemma2 = configOf('h100-2026-12-05-blind19.json', 'gemma-2-9b');
const ctx = { driverBytes: 0 };
const one = new Map<string, Device>([['', 0]]);

test('families: float32 softmax (shared eager_attention_forward), Falcon and GPT-2 without upcast, ALiBi, soft-capping', () => {
  assert.deepEqual(eagerFacts('opt', opt), { softmaxUpcast: true, alibi: false, dropout: 0, softcap: false });
  assert.deepEqual(eagerFacts('falcon', falcon), { softmaxUpcast: false, alibi: false, dropout: 0, softcap: false });
  assert.deepEqual(eagerFacts('bloom', bloom), { softmaxUpcast: true, alibi: true, dropout: 0, softcap: false });
  assert.equal(eagerFacts('gemma2', gemma2).softcap, true);
  // GPT-2's attn_dropout (attn_pdrop, 0.1 by default) runs in train mode.
  assert.equal(eagerFacts('gpt2', { model_type: 'gpt2' }).dropout, 0.1);
  assert.equal(eagerFacts('opt', { ...opt, attention_dropout: 0.1 }).dropout, 0.1);
});

test('bytes per score follow the ops: bf16 10/6, fp32 8/4, Falcon 6/2, ALiBi 14/6, dropout +1 kept', () => {
  const up = eagerFacts('llama', { model_type: 'llama', attention_dropout: 0 });
  assert.deepEqual([eagerScoreBytes(up, 2).infer, eagerScoreBytes(up, 2).saved], [10, 6]);
  assert.deepEqual([eagerScoreBytes(up, 4).infer, eagerScoreBytes(up, 4).saved], [8, 4]);
  const f = eagerFacts('falcon', falcon);
  assert.deepEqual([eagerScoreBytes(f, 2).infer, eagerScoreBytes(f, 2).saved], [6, 2]);
  const b = eagerFacts('bloom', bloom);
  assert.deepEqual([eagerScoreBytes(b, 2).infer, eagerScoreBytes(b, 2).saved], [14, 6]);
  assert.equal(eagerScoreBytes(eagerFacts('opt', { ...opt, attention_dropout: 0.1 }), 2).saved, 7);
  assert.equal(eagerScoreBytes(eagerFacts('gemma2', gemma2), 2).saved, 8);
});

test("the hover's formula states the attention term with its numbers (OPT-1.3B eager, 4 × 2048)", () => {
  const tree = modelFromConfig(opt);
  const est = estimateMemory(tree, one, { kind: 'forward', batch: 4, seq: 2048 }, { config: opt, attention: 'eager', context: ctx });
  assert.match(
    est.formulas.get(0)!.activations!,
    /attention scores \(eager: float32 softmax, no attention dropout\): 4 × 32 heads × 2048 × 2048 × 10 B = 5368709120 B while one layer runs/,
  );
  const train = estimateMemory(
    tree,
    one,
    { kind: 'train-lora', batch: 2, seq: 1024, rank: 8, targets: ['q_proj', 'v_proj'], gradientCheckpointing: false },
    { config: opt, attention: 'eager', context: ctx },
  );
  // 2 × 32 × 1024² scores × 6 B × 24 layers.
  assert.match(train.formulas.get(0)!.activations!, /kept for backward 6 B per score × 24 layers = 9663676416 B/);
});

test('attention dropout in the config costs its mask in a training step only (eval-mode forward has none)', () => {
  const tree = modelFromConfig(opt);
  const dropped = { ...opt, attention_dropout: 0.1 };
  const lora = { kind: 'train-lora', batch: 2, seq: 1024, rank: 8, targets: ['q_proj', 'v_proj'], gradientCheckpointing: false } as const;
  const est = (config: HFConfig, mode: Parameters<typeof estimateMemory>[2]) =>
    estimateMemory(tree, one, mode, { config, attention: 'eager', context: ctx }).devices.get(0)!.total;
  // One bool mask byte per score and layer, kept for the backward.
  assert.equal(Math.round(est(dropped, lora) - est(opt, lora)), 2 * 32 * 1024 * 1024 * 24);
  const fwd = { kind: 'forward', batch: 2, seq: 1024 } as const;
  assert.equal(est(dropped, fwd), est(opt, fwd));
});

test('with checkpointing only one recomputed layer keeps its scores: far below the step without', () => {
  const tree = modelFromConfig(opt);
  const mode = (gc: boolean) =>
    ({ kind: 'train-lora', batch: 2, seq: 1024, rank: 8, targets: ['q_proj', 'v_proj'], gradientCheckpointing: gc }) as const;
  const total = (gc: boolean, attention: 'eager' | 'sdpa') =>
    estimateMemory(tree, one, mode(gc), { config: opt, attention, context: ctx }).devices.get(0)!.total;
  const scores = 2 * 32 * 1024 * 1024;
  // Without checkpointing every layer keeps 6 B per score; with it one layer keeps 6 B and holds its 10 B peak.
  assert.ok(total(false, 'eager') - total(false, 'sdpa') >= 24 * 6 * scores, 'every layer saved');
  assert.ok(total(true, 'eager') - total(true, 'sdpa') <= 16 * scores + 2 * 1024 * 1024 * 2, 'one layer recomputed');
});
