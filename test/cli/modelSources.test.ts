/**
 * `--model` everywhere: a local sharded mixed-dtype checkpoint (sizes exact to the
 * stored dtypes), an offline HF cache entry by Hub id, and the built-in catalogue.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { cli } from '../helpers/cli';
import { tempDir, writeCheckpoint, writeHfCacheRepo } from '../node/helpers/checkpoints';
import type { TestTensor } from '../unit/models/resolve/safetensorsBytes';

const config = {
  model_type: 'llama',
  hidden_size: 64,
  intermediate_size: 128,
  num_hidden_layers: 2,
  num_attention_heads: 4,
  num_key_value_heads: 2,
  vocab_size: 100,
  tie_word_embeddings: false,
  torch_dtype: 'bfloat16',
};

/** Llama-shaped tensors; the layer norms stored in F32, the rest in BF16: a mixed-dtype checkpoint. */
function shards(): TestTensor[][] {
  const layer = (i: number): TestTensor[] =>
    [
      ...['q_proj', 'o_proj'].map((p) => ({ name: `model.layers.${i}.self_attn.${p}.weight`, dtype: 'BF16', shape: [64, 64] })),
      ...['k_proj', 'v_proj'].map((p) => ({ name: `model.layers.${i}.self_attn.${p}.weight`, dtype: 'BF16', shape: [32, 64] })),
      ...['gate_proj', 'up_proj'].map((p) => ({ name: `model.layers.${i}.mlp.${p}.weight`, dtype: 'BF16', shape: [128, 64] })),
      { name: `model.layers.${i}.mlp.down_proj.weight`, dtype: 'BF16', shape: [64, 128] },
      ...['input_layernorm', 'post_attention_layernorm'].map((n) => ({ name: `model.layers.${i}.${n}.weight`, dtype: 'F32', shape: [64] })),
    ] as TestTensor[];
  return [
    [{ name: 'model.embed_tokens.weight', dtype: 'BF16', shape: [100, 64] } as TestTensor, ...layer(0)],
    [
      ...layer(1),
      { name: 'model.norm.weight', dtype: 'F32', shape: [64] } as TestTensor,
      { name: 'lm_head.weight', dtype: 'BF16', shape: [100, 64] } as TestTensor,
    ],
  ];
}

function storedBytes(): number {
  let total = 0;
  for (const s of shards()) for (const t of s) total += t.shape.reduce((a, b) => a * b, 1) * (t.dtype === 'F32' ? 4 : 2);
  return total;
}

test('sizes from a local sharded mixed-dtype folder are exact to the stored dtypes', async () => {
  const dir = join(tempDir(), 'ckpt');
  writeCheckpoint(dir, { config, shards: shards() });
  const r = await cli(['sizes', '--model', dir, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const sizes = JSON.parse(r.stdout).module_sizes as Record<string, number>;
  assert.equal(sizes['model.layers.0.input_layernorm'], 64 * 4, 'F32 norm stays 4 bytes per element');
  assert.equal(sizes['model.layers.0.self_attn.q_proj'], 64 * 64 * 2);
  // Rotary buffers (not in the checkpoint) are float32: head_dim 16 -> 8 frequencies, two buffers in v5.
  assert.equal(sizes[''], storedBytes() + 2 * 8 * 4);
  const bf16 = JSON.parse((await cli(['sizes', '--model', dir, '--dtype', 'bf16', '--json'])).stdout).module_sizes;
  assert.equal(bf16['model.layers.0.input_layernorm'], 64 * 2, '--dtype casts stored floats');
});

test('a Hub id resolves from an offline HF cache, and from the catalogue with nothing on disk', async () => {
  const home = tempDir();
  const cache = join(home, 'hub');
  writeHfCacheRepo(cache, 'acme/tiny-llama', { config, shards: shards() });
  const env = { HF_HUB_CACHE: cache, HF_HUB_OFFLINE: '1', HOME: home };
  const cached = await cli(['sizes', '--model', 'acme/tiny-llama', '--json'], home, env);
  assert.equal(cached.code, 0, cached.stderr);
  assert.equal(JSON.parse(cached.stdout).module_sizes['model.norm'], 64 * 4);

  const catalogue = await cli(
    ['plan', '--model', 'meta-llama/Llama-2-7b-hf', '--strategy', 'balanced', '--max-memory', '0=8GiB,1=8GiB', '--json'],
    home,
    env,
  );
  assert.equal(catalogue.code, 0, catalogue.stderr);
  assert.equal(JSON.parse(catalogue.stdout).device_map['model.embed_tokens'], 0);

  const unknown = await cli(['sizes', '--model', 'acme/never-heard-of-it'], home, env);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /acme\/never-heard-of-it/);
  assert.equal(unknown.stderr.trim().split('\n').length, 1);
});
