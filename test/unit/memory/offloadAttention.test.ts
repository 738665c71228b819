/**
 * Issue 19: what accelerate's hooks bring to the execution GPU for offloaded modules, attention by
 * architecture and `attn_implementation=`, and what the estimate says it has not measured.
 * Configs come from the fit-set record (test/fixtures/measured/h100-2026-12-05-offload19.json).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { REPO_ROOT, readJson } from '../../helpers/fixtures';
import { modelFromConfig } from '../../../src/core/models/registry';
import { estimateMemory } from '../../../src/core/memory/estimate';
import { computeModuleSizes } from '../../../src/core/memory/moduleSizes';
import { attentionKernelFor, parseAttnImplementation } from '../../../src/core/memory/attentionKernel';
import type { HFConfig } from '../../../src/core/models/config';
import type { Device } from '../../../src/core/base/devices';

interface Run {
  case: string;
  config: HFConfig;
  device_map: Record<string, number | string>;
}
const runs = readJson<{ runs: Run[] }>(join(REPO_ROOT, 'test/fixtures/measured/h100-2026-12-05-offload19.json')).runs;
const run = (prefix: string): Run => runs.find((r) => r.case.startsWith(prefix))!;
const mapOf = (r: Run): Map<string, Device> => new Map(Object.entries(r.device_map).map(([k, v]) => [k, v as Device]));

const llamaRun = run('llama-3.1-8b');
const llama = modelFromConfig(llamaRun.config);
const bloomRun = run('bloom-7b1');
const bloom = modelFromConfig(bloomRun.config);
const ctx = { driverBytes: 0 };

test('an offloaded lm_head is streamed to the execution GPU whole while the logits are computed', () => {
  const offloaded = mapOf(llamaRun);
  const onGpu = new Map(offloaded);
  onGpu.set('lm_head', 0);
  const mode = { kind: 'forward', batch: 1, seq: 512 } as const;
  const a = estimateMemory(llama, offloaded, mode, { config: llamaRun.config, context: ctx });
  const b = estimateMemory(llama, onGpu, mode, { config: llamaRun.config, context: ctx });
  const head = 128256 * 4096 * 2;
  // Same logits either way; offloaded, the head's weight joins them on cuda:0 for the duration (the peak
  // on GPU was a block's working set, so the difference is the head less that margin).
  const diff = a.devices.get(0)!.activations - b.devices.get(0)!.activations;
  assert.ok(diff > 0.95 * head && diff <= head, String(diff));
  assert.match(a.formulas.get(0)!.activations!, /offloaded head streamed in 1050673152 B/);
});

test('buffers of CPU-offloaded modules stay on the main GPU (dispatch_model, offload_buffers=False)', () => {
  const est = estimateMemory(llama, mapOf(llamaRun), { kind: 'load' }, { config: llamaRun.config, context: ctx });
  const onlyParams = estimateMemory(
    llama,
    new Map([...mapOf(llamaRun)].map(([k, v]) => [k, k === 'model.rotary_emb' ? 0 : v])),
    { kind: 'load' },
    { config: llamaRun.config, context: ctx },
  );
  // rotary_emb's inv_freq and original_inv_freq (64 fp32 each) land on cuda:0 either way.
  assert.equal(est.devices.get(0)!.weights, onlyParams.devices.get(0)!.weights);
  assert.equal(est.devices.get('cpu')!.weights, onlyParams.devices.get('cpu')!.weights);
  const rotary = computeModuleSizes(llama, { dtype: 'bf16', includeTensors: true }).sizes.get('model.rotary_emb') ?? 0;
  assert.ok(rotary > 0, 'the rotary embedding has buffers to place');
});

test('a training step through offloaded blocks keeps their streamed weights until backward, unless checkpointing', () => {
  const map = mapOf(llamaRun);
  const mode = (gc: boolean) =>
    ({ kind: 'train-lora', batch: 1, seq: 256, rank: 8, targets: ['q_proj', 'v_proj'], gradientCheckpointing: gc }) as const;
  const noGc = estimateMemory(llama, map, mode(false), { config: llamaRun.config, context: ctx });
  const gc = estimateMemory(llama, map, mode(true), { config: llamaRun.config, context: ctx });
  assert.match(noGc.formulas.get(0)!.activations!, /offloaded block weights autograd keeps on the GPU until backward (\d+) B/);
  const held = Number(/until backward (\d+) B/.exec(noGc.formulas.get(0)!.activations!)![1]);
  // 8 offloaded decoder layers of Llama-3.1-8B in bf16 (each 218,112,000 parameters).
  assert.equal(held, 8 * 218_112_000 * 2);
  assert.doesNotMatch(gc.formulas.get(0)!.activations!, /until backward/);
  // With checkpointing, the recomputed block's own weights are held through its backward: one layer.
  assert.match(gc.formulas.get(0)!.activations!, /its offloaded weights held for its backward 436224000 B/);
  assert.ok(noGc.unmeasured?.some((u) => u.includes('CPU-offloaded')));
  // Gradients reach only blocks from the first wrapped one on: LoRA on the last layer alone holds that layer only.
  const last = estimateMemory(
    llama,
    map,
    { ...mode(false), targets: ['model.layers.31.self_attn.q_proj'] },
    { config: llamaRun.config, context: ctx },
  );
  assert.match(last.formulas.get(0)!.activations!, /until backward 436224000 B/);
});

test('BLOOM runs eager attention by default in transformers 5.17; other families SDPA; the file can say otherwise', () => {
  assert.equal(attentionKernelFor('bloom'), 'eager');
  assert.equal(attentionKernelFor('llama'), 'sdpa');
  assert.equal(attentionKernelFor('bloom', 'flash'), 'flash');
  const mode = { kind: 'forward', batch: 4, seq: 2048 } as const;
  const opts = { config: bloomRun.config, context: ctx };
  const byDefault = estimateMemory(bloom, mapOf(bloomRun), mode, opts).devices.get(0)!;
  const eager = estimateMemory(bloom, mapOf(bloomRun), mode, { ...opts, attention: 'eager' }).devices.get(0)!;
  const flash = estimateMemory(bloom, mapOf(bloomRun), mode, { ...opts, attention: 'flash' }).devices.get(0)!;
  assert.equal(byDefault.total, eager.total);
  // ALiBi scores in bf16: 4 × 32 heads × 2048² scores at 14 B each (7.5 GB) where flash holds none;
  // flash's own peak is the logits (4 × 2048 × 250,880 × 2 B = 4.1 GB), so eager is at least 3 GB above it.
  assert.ok(eager.activations - flash.activations > 3e9, `${eager.activations} vs ${flash.activations}`);
  assert.match(
    estimateMemory(bloom, mapOf(bloomRun), mode, opts).formulas.get(0)!.activations!,
    /attention scores \(eager: ALiBi, float32 scores, no attention dropout\): 4 × 32 heads × 2048 × 2048 × 14 B = 7516192768 B/,
  );
});

test('attn_implementation values read as kernels', () => {
  assert.equal(parseAttnImplementation('eager'), 'eager');
  assert.equal(parseAttnImplementation('sdpa'), 'sdpa');
  assert.equal(parseAttnImplementation('flash_attention_2'), 'flash');
  assert.equal(parseAttnImplementation('kernels-community/flash-attn'), 'flash');
  assert.equal(parseAttnImplementation('something'), undefined);
});

test('4-bit and 8-bit runtime figures say they are unmeasured, with their assumptions; load and plain bf16 do not', () => {
  const map = new Map<string, Device>([['', 0]]);
  const fwd = { kind: 'forward', batch: 1, seq: 512 } as const;
  const q4 = estimateMemory(llama, map, fwd, { quantization: { method: 'bnb-4bit' } });
  assert.equal(q4.unmeasured?.length, 1);
  assert.match(q4.unmeasured![0]!, /^4-bit runtime \(bitsandbytes\) is unmeasured: assumed .*bf16/);
  const q8 = estimateMemory(llama, map, fwd, { quantization: { method: 'bnb-8bit' } });
  assert.match(q8.unmeasured![0]!, /^8-bit runtime/);
  assert.equal(estimateMemory(llama, map, { kind: 'load' }, { quantization: { method: 'bnb-4bit' } }).unmeasured?.length, 0);
  assert.equal(estimateMemory(llama, map, fwd, { dtype: 'bf16' }).unmeasured?.length, 0);
});
