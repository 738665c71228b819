/** bitsandbytes sizes follow the selected transformers major (SPEC §6). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { modelFromConfig } from '../../../src/core/models/registry';
import type { ModelTree } from '../../../src/core/models/tree';
import { computeModuleSizes } from '../../../src/core/memory/moduleSizes';
import { getKeysToNotConvert } from '../../../src/core/memory/quantizationV4';
import { inferAutoDeviceMap } from '../../../src/core/placement/inferAutoDeviceMap';
import { estimateMemory } from '../../../src/core/memory/estimate';
import { sizesFor } from '../../../src/core/analysis/weights';

const HIDDEN = 256;
const VOCAB = 1000;

function llama(transformers: 4 | 5, tied = false): ModelTree {
  return modelFromConfig(
    {
      model_type: 'llama',
      hidden_size: HIDDEN,
      intermediate_size: 512,
      num_hidden_layers: 4,
      num_attention_heads: 4,
      num_key_value_heads: 4,
      vocab_size: VOCAB,
      tie_word_embeddings: tied,
      dtype: 'bfloat16',
    },
    { transformers },
  );
}

const q4 = { method: 'bnb-4bit' } as const;
const q8 = { method: 'bnb-8bit' } as const;
const tensorSizes = (tree: ModelTree, quantization: typeof q4 | typeof q8 = q4) =>
  computeModuleSizes(tree, { dtype: 'bf16', quantization, includeTensors: true }).sizes;

test('4-bit: transformers 4 counts the embedding and norms at half a byte, transformers 5 at bf16', () => {
  const v4 = tensorSizes(llama(4));
  const v5 = tensorSizes(llama(5));
  assert.equal(v4.get('model.embed_tokens.weight'), VOCAB * HIDDEN * 0.5);
  assert.equal(v5.get('model.embed_tokens.weight'), VOCAB * HIDDEN * 2);
  assert.equal(v4.get('model.norm.weight'), HIDDEN * 0.5);
  assert.equal(v5.get('model.norm.weight'), HIDDEN * 2);
  // Linear weights are quantized under both majors; the output head is kept under both.
  assert.equal(v4.get('model.layers.0.self_attn.q_proj.weight'), HIDDEN * HIDDEN * 0.5);
  assert.equal(v5.get('model.layers.0.self_attn.q_proj.weight'), HIDDEN * HIDDEN * 0.5);
  assert.equal(v4.get('lm_head.weight'), VOCAB * HIDDEN * 2);
  assert.equal(v5.get('lm_head.weight'), VOCAB * HIDDEN * 2);
  assert.ok(v4.get('')! < v5.get('')!, 'transformers 4 under-estimates the whole model');
});

test('4-bit: transformers 4 counts floating buffers quantized too (special_dtypes holds parameters only)', () => {
  const v4 = llama(4);
  const rotary = (function find(m = v4.root): typeof v4.root | undefined {
    if (m.buffers.length > 0) return m;
    for (const c of m.children) {
      const f = find(c);
      if (f) return f;
    }
    return undefined;
  })();
  assert.ok(rotary, 'the tree has a module with buffers');
  const b = rotary.buffers[0]!;
  const name = `${rotary.name}.${b.name}`;
  const elems = b.shape.reduce((a, n) => a * n, 1);
  assert.equal(tensorSizes(v4).get(name), elems * 0.5);
  assert.notEqual(tensorSizes(llama(5)).get(`${rotary.name}.${b.name}`), elems * 0.5);
});

test('transformers 4 default keeps: both tied names and the last parameter (get_keys_to_not_convert)', () => {
  assert.deepEqual(getKeysToNotConvert(llama(4), q4), ['lm_head']);
  assert.deepEqual(new Set(getKeysToNotConvert(llama(4, true), q4)), new Set(['lm_head', 'model.embed_tokens', 'model.norm']));
  assert.deepEqual(getKeysToNotConvert(llama(4), { ...q4, skipModules: ['mlp'] }), ['mlp']);
  // Tied: the embedding keeps bf16 under transformers 4 (it is in the keep list).
  const tied = tensorSizes(llama(4, true));
  assert.equal(tied.get('model.embed_tokens.weight'), VOCAB * HIDDEN * 2);
  assert.equal(tied.get('model.norm.weight'), HIDDEN * 2);
});

test('8-bit: transformers 4 counts every floating tensor at one byte', () => {
  const v4 = tensorSizes(llama(4), q8);
  const v5 = tensorSizes(llama(5), q8);
  assert.equal(v4.get('model.layers.0.input_layernorm.weight'), HIDDEN);
  assert.equal(v5.get('model.layers.0.input_layernorm.weight'), HIDDEN * 2);
});

test('without quantization both majors give the same sizes', () => {
  const a = computeModuleSizes(llama(4), { dtype: 'bf16' }).sizes;
  const b = computeModuleSizes(llama(5), { dtype: 'bf16' }).sizes;
  assert.equal(a.get('model.layers.0'), b.get('model.layers.0'));
  assert.equal(a.get('lm_head'), b.get('lm_head'));
});

test('a 4-bit placement under transformers 4 fits more on the first card than under transformers 5', () => {
  const v5Sizes = tensorSizes(llama(5));
  // GPU 0 can hold about half the transformers 5 model; the rest overflows to GPU 1.
  const budget = Math.floor(v5Sizes.get('')! / 2);
  const memory = new Map<number | string, number>([
    [0, budget],
    [1, budget * 4],
  ]);
  const onFirst = (tree: ModelTree): number => {
    const { deviceMap } = inferAutoDeviceMap(tree, memory, tree.noSplitModules, { dtype: 'bf16', quantization: q4 });
    return [...deviceMap.entries()].filter(([k, d]) => d === 0 && k.startsWith('model.layers.')).length;
  };
  assert.ok(onFirst(llama(4)) > onFirst(llama(5)), `v4 ${onFirst(llama(4))} layers on GPU 0, v5 ${onFirst(llama(5))}`);
});

test('memory really allocated does not take the v4 under-count: estimates and per-card weights match v5', () => {
  const map = new Map<string, number>([['', 0]]);
  const mode = { kind: 'forward', batch: 1, seq: 16 } as const;
  const w = (tree: ModelTree) => estimateMemory(tree, map, mode, { dtype: 'bf16', quantization: q4 }).devices.get(0)!.weights;
  const layer = (tree: ModelTree) => sizesFor(tree, 'bf16', q4).sizes.get('model.layers.0');
  // The trees differ only in rotary buffers, so compare a decoder layer and the embedding-heavy total loosely.
  assert.equal(layer(llama(4)), layer(llama(5)));
  assert.ok(Math.abs(w(llama(4)) - w(llama(5))) < 4096, `${w(llama(4))} vs ${w(llama(5))}`);
  assert.ok(w(llama(4)) > tensorSizes(llama(4)).get('')!, 'the placement count is below what is allocated');
  assert.equal(
    computeModuleSizes(llama(4), { dtype: 'bf16', quantization: q4, allocated: true }).sizes.get('model.embed_tokens'),
    VOCAB * HIDDEN * 2,
  );
});
