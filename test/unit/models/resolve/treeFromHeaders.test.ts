import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHeaderBytes, SafetensorsError, type SafetensorsHeader } from '../../../../src/core/models/safetensors/header';
import { treeFromSafetensorsHeaders } from '../../../../src/core/models/safetensors/treeFromHeaders';
import { computeModuleSizes } from '../../../../src/core/memory/moduleSizes';
import { moduleIndex, namedTensors, numel, walkModules, type ModelTree } from '../../../../src/core/models/tree';
import { DTYPE_BYTES } from '../../../../src/core/base/dtypes';
import { safetensorsHeaderBytes, storedBytes, tinyLlamaConfig, tinyLlamaTensors, type TestTensor } from './safetensorsBytes';

const headerOf = (tensors: readonly TestTensor[]): SafetensorsHeader =>
  parseHeaderBytes(safetensorsHeaderBytes(tensors).bytes.subarray(8), 'test');
const shape = { layers: 3, hidden: 32, inter: 48, vocab: 100, heads: 4, kvHeads: 2 };
const mixed = (n: string): string =>
  n.includes('embed') ? 'F32' : n.endsWith('norm.weight') ? 'F32' : n.startsWith('lm_head') ? 'F16' : 'BF16';
/** Rotary buffers are not in a checkpoint but torch counts them (float32). */
const bufferBytes = (tree: ModelTree): number =>
  [...namedTensors(tree.root)]
    .filter((t) => t.tensor.kind === 'buffer')
    .reduce((s, t) => s + numel(t.tensor.shape) * DTYPE_BYTES[t.tensor.dtype ?? 'fp32'], 0);
const sum = (ts: readonly TestTensor[], prefix: string): number => storedBytes(ts.filter((t) => t.name.startsWith(prefix)));

test('known family: catalogue tree in definition order, stored dtypes from sharded mixed-dtype headers, exact sizes', () => {
  const tensors = tinyLlamaTensors({ ...shape, dtype: mixed, lmHead: true });
  const shard1 = tensors.filter((t) => /layers\.[01]\./.test(t.name) || t.name.includes('embed'));
  const shard2 = tensors.filter((t) => !shard1.includes(t));
  const tree = treeFromSafetensorsHeaders([headerOf(shard2), headerOf(shard1)], tinyLlamaConfig({ ...shape, tie: false }));
  assert.equal(tree.className, 'LlamaForCausalLM');
  assert.deepEqual(tree.noSplitModules, ['LlamaDecoderLayer']);
  assert.match(tree.source, /safetensors stored dtypes/);
  assert.deepEqual(
    tree.root.children.map((c) => c.name),
    ['model', 'lm_head'],
  );
  const sizes = computeModuleSizes(tree).sizes;
  assert.ok(bufferBytes(tree) > 0);
  assert.equal(sizes.get(''), storedBytes(tensors) + bufferBytes(tree));
  assert.equal(sizes.get('model.layers.1'), sum(tensors, 'model.layers.1.'));
  assert.equal(sizes.get('lm_head'), shape.vocab * shape.hidden * 2);
  assert.equal(sizes.get('model.embed_tokens'), shape.vocab * shape.hidden * 4);
  // An explicit dtype still casts floating tensors, as from_pretrained(dtype=...) does.
  assert.equal(computeModuleSizes(tree, { dtype: 'fp16' }).sizes.get('model.embed_tokens'), shape.vocab * shape.hidden * 2);
});

test('tied embeddings: lm_head absent from the checkpoint is tied and counted once', () => {
  const tensors = tinyLlamaTensors({ ...shape, dtype: () => 'BF16', lmHead: false });
  const tree = treeFromSafetensorsHeaders([headerOf(tensors)], tinyLlamaConfig({ ...shape, tie: true }));
  assert.deepEqual(tree.tiedWeights, { 'lm_head.weight': 'model.embed_tokens.weight' });
  assert.equal(computeModuleSizes(tree).sizes.get(''), storedBytes(tensors) + bufferBytes(tree));
});

test('unknown architecture without config: tree from names, blocks numerically ordered and no-split', () => {
  const tensors: TestTensor[] = [
    { name: 'lm_head.weight', dtype: 'F16', shape: [50, 16] },
    { name: 'transformer.ln_f.weight', dtype: 'F32', shape: [16] },
    { name: 'transformer.ln_f.bias', dtype: 'F32', shape: [16] },
  ];
  for (let i = 0; i < 12; i++) {
    tensors.push({ name: `transformer.h.${i}.attn.c_attn.weight`, dtype: 'BF16', shape: [16, 48] });
    tensors.push({ name: `transformer.h.${i}.ln_1.weight`, dtype: 'F32', shape: [16] });
  }
  tensors.push(
    { name: 'transformer.wte.weight', dtype: 'BF16', shape: [50, 16] },
    { name: 'transformer.wpe.weight', dtype: 'BF16', shape: [8, 16] },
  );
  const tree = treeFromSafetensorsHeaders([headerOf(tensors)]);
  assert.equal(tree.modelType, 'safetensors');
  assert.deepEqual(
    tree.root.children.map((c) => c.name),
    ['transformer', 'lm_head'],
  );
  const transformer = moduleIndex(tree.root).get('transformer')!;
  assert.deepEqual(
    transformer.children.map((c) => c.name.split('.').pop()),
    ['wte', 'wpe', 'h', 'ln_f'],
  );
  const h = moduleIndex(tree.root).get('transformer.h')!;
  assert.deepEqual(
    h.children.map((c) => c.name),
    Array.from({ length: 12 }, (_, i) => `transformer.h.${i}`),
  );
  assert.equal(h.className, 'ModuleList');
  assert.deepEqual(tree.noSplitModules, ['CheckpointBlock']);
  assert.ok(h.children.every((c) => c.className === 'CheckpointBlock'));
  assert.equal(moduleIndex(tree.root).get('transformer.wte')!.className, 'Embedding');
  assert.equal(moduleIndex(tree.root).get('transformer.ln_f')!.className, 'LayerNorm');
  assert.equal(computeModuleSizes(tree).sizes.get(''), storedBytes(tensors));
  assert.equal(computeModuleSizes(tree).sizes.get('transformer.h.10'), sum(tensors, 'transformer.h.10.'));
});

test('unknown model_type with config: class names from the architecture, lm_head tied per tie_word_embeddings', () => {
  const tensors: TestTensor[] = [
    { name: 'model.embed_tokens.weight', dtype: 'BF16', shape: [64, 8] },
    { name: 'model.norm.weight', dtype: 'BF16', shape: [8] },
  ];
  for (let i = 0; i < 3; i++) {
    tensors.push({ name: `model.layers.${i}.mixer.in_proj.weight`, dtype: 'BF16', shape: [16, 8] });
    tensors.push({ name: `model.layers.${i}.mlp.experts.0.w1.weight`, dtype: 'BF16', shape: [8, 8] });
    tensors.push({ name: `model.layers.${i}.mlp.experts.1.w1.weight`, dtype: 'BF16', shape: [8, 8] });
  }
  const config = { model_type: 'foo_hybrid', architectures: ['FooHybridForCausalLM'], torch_dtype: 'bfloat16' };
  const tree = treeFromSafetensorsHeaders([headerOf(tensors)], config);
  assert.equal(tree.modelType, 'foo_hybrid');
  assert.equal(tree.className, 'FooHybridForCausalLM');
  assert.deepEqual(tree.noSplitModules, ['FooHybridBlock'], 'experts inside a layer are not blocks of their own');
  assert.deepEqual(tree.tiedWeights, { 'lm_head.weight': 'model.embed_tokens.weight' });
  assert.deepEqual(
    tree.root.children.map((c) => c.name),
    ['model', 'lm_head'],
  );
  assert.equal(computeModuleSizes(tree).sizes.get(''), storedBytes(tensors));
  const untied = treeFromSafetensorsHeaders([headerOf(tensors)], { ...config, tie_word_embeddings: false });
  assert.deepEqual(untied.tiedWeights, {});
  assert.equal(moduleIndex(untied.root).get('lm_head'), undefined);
});

test('encoder-decoder names: one block class per stack, encoder before decoder, head last', () => {
  const tensors: TestTensor[] = [
    { name: 'shared.weight', dtype: 'F32', shape: [32, 8] },
    { name: 'lm_head.weight', dtype: 'F32', shape: [32, 8] },
  ];
  for (const stack of ['decoder', 'encoder']) {
    for (const i of [0, 1]) tensors.push({ name: `${stack}.block.${i}.layer.0.SelfAttention.q.weight`, dtype: 'F32', shape: [8, 8] });
    tensors.push({ name: `${stack}.final_layer_norm.weight`, dtype: 'F32', shape: [8] });
  }
  const tree = treeFromSafetensorsHeaders([headerOf(tensors)]);
  assert.deepEqual(
    tree.root.children.map((c) => c.name),
    ['shared', 'encoder', 'decoder', 'lm_head'],
  );
  assert.deepEqual([...tree.noSplitModules].sort(), ['CheckpointDecoderBlock', 'CheckpointEncoderBlock']);
  const layerList = moduleIndex(tree.root).get('encoder.block.0.layer')!;
  assert.equal(layerList.className, 'ModuleList', 'nested numbered lists inside a block stay plain lists');
});

test('a checkpoint whose shapes contradict config.json is read from its names instead', () => {
  const tensors = tinyLlamaTensors({ ...shape, dtype: () => 'BF16', lmHead: true });
  const tree = treeFromSafetensorsHeaders([headerOf(tensors)], tinyLlamaConfig({ ...shape, hidden: 64, tie: false }));
  assert.match(tree.source, /differ from what config\.json describes/);
  assert.equal(computeModuleSizes(tree).sizes.get(''), storedBytes(tensors));
  assert.ok([...walkModules(tree.root)].some((m) => m.name === 'model.layers.2'));
});

test('bad headers: duplicated tensors across shards, packed sub-byte dtypes, no tensors', () => {
  const a = headerOf([{ name: 'w', dtype: 'F16', shape: [2] }]);
  assert.throws(() => treeFromSafetensorsHeaders([a, a]), /appears in more than one shard/);
  assert.throws(
    () => treeFromSafetensorsHeaders([headerOf([{ name: 'w', dtype: 'F4', shape: [2] }])]),
    (e: unknown) => e instanceof SafetensorsError && /packed sub-byte/.test((e as Error).message),
  );
  assert.throws(() => treeFromSafetensorsHeaders([headerOf([])]), /name no tensors/);
});

test('packed GPTQ weights under other names: read from the names, sizes exact to what is stored', () => {
  const tensors: TestTensor[] = tinyLlamaTensors({ ...shape, dtype: () => 'F16', lmHead: true }).flatMap((t) => {
    if (!/layers\.\d+\.(self_attn|mlp)\..*\.weight$/.test(t.name)) return [t];
    const base = t.name.replace(/\.weight$/, '');
    const [out, inF] = t.shape as [number, number];
    return [
      { name: `${base}.qweight`, dtype: 'I32', shape: [inF / 8, out] },
      { name: `${base}.qzeros`, dtype: 'I32', shape: [1, out / 8] },
      { name: `${base}.scales`, dtype: 'F16', shape: [1, out] },
    ];
  });
  const tree = treeFromSafetensorsHeaders([headerOf(tensors)], tinyLlamaConfig({ ...shape, tie: false }));
  assert.match(tree.source, /quantized or converted/);
  assert.equal(computeModuleSizes(tree).sizes.get(''), storedBytes(tensors));
});

test('a checkpoint with extra saved buffers (old GPT-2 attn.bias) keeps the catalogue tree', () => {
  const tensors = tinyLlamaTensors({ ...shape, dtype: () => 'BF16', lmHead: true });
  const extra: TestTensor[] = [...tensors, { name: 'model.layers.0.self_attn.masked_bias', dtype: 'F32', shape: [1] }];
  const tree = treeFromSafetensorsHeaders([headerOf(extra)], tinyLlamaConfig({ ...shape, tie: false }));
  assert.equal(tree.className, 'LlamaForCausalLM');
  assert.match(tree.source, /stored dtypes/);
});

test('Mixtral: a per-expert checkpoint (transformers 4 names) under the fused transformers 5 tree keeps the catalogue tree, bytes exact', async () => {
  const { modelFromConfig } = await import('../../../../src/core/models/registry');
  const config = {
    model_type: 'mixtral',
    architectures: ['MixtralForCausalLM'],
    hidden_size: 32,
    intermediate_size: 48,
    num_hidden_layers: 2,
    num_attention_heads: 4,
    num_key_value_heads: 2,
    vocab_size: 64,
    num_local_experts: 4,
    num_experts_per_tok: 2,
    tie_word_embeddings: false,
    torch_dtype: 'bfloat16',
  };
  const v4 = modelFromConfig(config, { transformers: 4 });
  const tensors: TestTensor[] = [...namedTensors(v4.root)]
    .filter((t) => t.tensor.kind === 'param')
    .map((t) => ({ name: t.fullName, shape: t.tensor.shape, dtype: t.fullName.includes('gate.') ? 'F32' : 'BF16' }));
  assert.ok(
    tensors.some((t) => /experts\.3\.w2\.weight$/.test(t.name)),
    'the checkpoint names experts one by one',
  );
  const tree = treeFromSafetensorsHeaders([headerOf(tensors)], config, { transformers: 5 });
  assert.match(tree.source, /stored dtypes/);
  assert.ok(![...walkModules(tree.root)].some((m) => /experts\.3$/.test(m.name)), 'the v5 tree fuses the experts');
  assert.equal(computeModuleSizes(tree).sizes.get(''), storedBytes(tensors) + bufferBytes(tree));
});
