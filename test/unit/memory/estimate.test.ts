/** Behaviour of estimateMemory that follows from how transformers and accelerate run. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { FIXTURES, GENERATED, readJson } from '../../helpers/fixtures';
import { modelFromConfig } from '../../../src/core/models/registry';
import { estimateMemory } from '../../../src/core/memory/estimate';
import { computeModuleSizes } from '../../../src/core/memory/moduleSizes';
import type { HFConfig } from '../../../src/core/models/config';
import type { Device } from '../../../src/core/base/devices';

const cfg = (name: string, dir = join(FIXTURES, 'models')): HFConfig => readJson<HFConfig>(join(dir, name, 'config.json'));
const llamaCfg = cfg('llama-2-7b');
const llama = modelFromConfig(llamaCfg);
const split: Map<string, Device> = new Map([
  ['model.embed_tokens', 0],
  ['model.layers', 0],
  ['model.norm', 1],
  ['model.rotary_emb', 1],
  ['lm_head', 1],
]);
for (let i = 16; i < 32; i++) split.set(`model.layers.${i}`, 1);

test('weights on each card add up to the whole model, tied copies once', () => {
  const est = estimateMemory(llama, split, { kind: 'load' }, { dtype: 'bf16' });
  const total = [...est.devices.values()].reduce((s, e) => s + e.weights, 0);
  assert.equal(total, computeModuleSizes(llama, { dtype: 'bf16' }).sizes.get(''));
  assert.ok(est.devices.get(0)!.weights > 0 && est.devices.get(1)!.weights > 0);
});

test('KV cache grows linearly with tokens and sits on the cards holding blocks', () => {
  const a = estimateMemory(llama, split, { kind: 'generate', batch: 1, prompt: 512, newTokens: 512 }, { dtype: 'bf16' });
  const b = estimateMemory(llama, split, { kind: 'generate', batch: 2, prompt: 512, newTokens: 512 }, { dtype: 'bf16' });
  // 16 blocks × 1024 tokens × (4096 k + 4096 v) × 2 B
  assert.equal(a.devices.get(0)!.kv_cache, 16 * 1024 * 8192 * 2);
  assert.equal(b.devices.get(1)!.kv_cache, 2 * a.devices.get(1)!.kv_cache);
});

test('GQA stores fewer KV bytes than MHA of the same width', () => {
  const mistralCfg = cfg('mistral-7b');
  const mistral = modelFromConfig(mistralCfg);
  const est = estimateMemory(
    mistral,
    new Map([['', 0]]),
    { kind: 'generate', batch: 1, prompt: 1000, newTokens: 24 },
    { dtype: 'bf16', config: mistralCfg },
  );
  const kvHeads = Number(mistralCfg['num_key_value_heads']);
  const heads = Number(mistralCfg['num_attention_heads']);
  const layers = Number(mistralCfg['num_hidden_layers']);
  const headDim = Number(mistralCfg['hidden_size']) / heads;
  const window = typeof mistralCfg['sliding_window'] === 'number' ? Math.min(1024, mistralCfg['sliding_window'] as number) : 1024;
  assert.equal(est.devices.get(0)!.kv_cache, layers * window * 2 * kvHeads * headDim * 2);
  assert.ok(kvHeads < heads);
});

test('a sliding-window layer caches at most its window (Gemma 2 alternates)', () => {
  const g = cfg('gemma-2-9b', GENERATED);
  const tree = modelFromConfig(g);
  const short = estimateMemory(
    tree,
    new Map([['', 0]]),
    { kind: 'generate', batch: 1, prompt: 2048, newTokens: 0 },
    { dtype: 'bf16', config: g },
  );
  const long = estimateMemory(
    tree,
    new Map([['', 0]]),
    { kind: 'generate', batch: 1, prompt: 8192, newTokens: 0 },
    { dtype: 'bf16', config: g },
  );
  // Full layers grow 4x; sliding layers stop at 4096 tokens (2x): the total grows by less than 4x.
  const ratio = long.devices.get(0)!.kv_cache / short.devices.get(0)!.kv_cache;
  assert.ok(ratio > 2 && ratio < 4, String(ratio));
});

test('logits of a forward pass land on the head card, and a copy on the input card', () => {
  const est = estimateMemory(llama, split, { kind: 'forward', batch: 8, seq: 4096 }, { dtype: 'bf16', useCache: false });
  const logits = 8 * 4096 * 32000 * 2;
  assert.ok(est.devices.get(1)!.activations >= logits);
  assert.ok(est.devices.get(0)!.activations >= logits);
});

test('gradient checkpointing cuts saved activations; LoRA state is 16 B per adapter parameter', () => {
  const mode = { kind: 'train-lora', batch: 4, seq: 1024, rank: 8, targets: ['q_proj', 'v_proj'] } as const;
  const off = estimateMemory(llama, split, { ...mode, gradientCheckpointing: false }, { dtype: 'bf16' });
  const on = estimateMemory(llama, split, { ...mode, gradientCheckpointing: true }, { dtype: 'bf16' });
  assert.ok(on.devices.get(0)!.activations < off.devices.get(0)!.activations / 3);
  // 16 blocks × 2 modules × r × (4096 + 4096) params × 16 B
  assert.equal(off.devices.get(0)!.training, 16 * 2 * 8 * 8192 * 16);
});

test('QLoRA: 4-bit weights are about a quarter of bf16 on every card', () => {
  const mode = { kind: 'train-lora', batch: 1, seq: 512, rank: 8, targets: ['q_proj', 'v_proj'], gradientCheckpointing: true } as const;
  const bf16 = estimateMemory(llama, split, mode, { dtype: 'bf16' });
  const q4 = estimateMemory(llama, split, mode, { dtype: 'bf16', quantization: { method: 'bnb-4bit' } });
  const r = q4.devices.get(0)!.weights / bf16.devices.get(0)!.weights;
  assert.ok(r > 0.25 && r < 0.35, String(r));
  assert.equal(q4.devices.get(0)!.training, bf16.devices.get(0)!.training);
});

test('context: the CUDA context on every GPU, workspaces only where matmuls run; totals add up', () => {
  const est = estimateMemory(
    llama,
    new Map<string, Device>([
      ['', 0],
      ['unused', 1],
    ]),
    { kind: 'forward', batch: 1, seq: 16 },
    { dtype: 'bf16', context: { driverBytes: 1000, workspaceBytes: 10 } },
  );
  assert.equal(est.devices.get(0)!.context, 1010);
  for (const e of est.devices.values()) assert.equal(e.total, e.weights + e.kv_cache + e.activations + e.training + e.context);
  assert.ok(est.formulas.get(0)!.kv_cache && est.formulas.get(0)!.activations);
});
