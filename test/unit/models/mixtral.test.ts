/** Mixtral: the fused transformers 5 experts and the per-expert transformers 4 tree (no recorded v4 ground truth). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { build, bufferList, childrenOf, classOf, paramCount, paramList, shapeOf } from '../../helpers/trees';
import { computeModuleSizes } from '../../../src/core/memory/moduleSizes';
import { ConfigError } from '../../../src/core/models/config';

// mistralai/Mixtral-8x7B-v0.1 config.json (the keys that shape the tree).
const MIXTRAL_8X7B = {
  model_type: 'mixtral',
  vocab_size: 32000,
  hidden_size: 4096,
  intermediate_size: 14336,
  num_hidden_layers: 32,
  num_attention_heads: 32,
  num_key_value_heads: 8,
  num_local_experts: 8,
  num_experts_per_tok: 2,
  hidden_act: 'silu',
  tie_word_embeddings: false,
  rope_theta: 1e6,
  torch_dtype: 'bfloat16',
};

test('transformers 5 fuses the experts: gate_up_proj [E, 2I, H], down_proj [E, H, I], router mlp.gate', () => {
  const t = build(MIXTRAL_8X7B, 5);
  assert.deepEqual(childrenOf(t, 'model.layers.0'), ['self_attn', 'mlp', 'input_layernorm', 'post_attention_layernorm']);
  assert.deepEqual(childrenOf(t, 'model.layers.0.mlp'), ['gate', 'experts']);
  assert.deepEqual(shapeOf(t, 'model.layers.3.mlp.experts.gate_up_proj'), [8, 2 * 14336, 4096]);
  assert.deepEqual(shapeOf(t, 'model.layers.3.mlp.experts.down_proj'), [8, 4096, 14336]);
  assert.deepEqual(shapeOf(t, 'model.layers.3.mlp.gate.weight'), [8, 4096]);
  assert.equal(classOf(t, 'model.layers.3.mlp'), 'MixtralSparseMoeBlock');
  assert.equal(classOf(t, 'model.layers.3.mlp.gate'), 'MixtralTopKRouter');
  assert.equal(classOf(t, 'model.layers.3.mlp.experts'), 'MixtralExperts');
  assert.equal(classOf(t, 'model.layers.3.mlp.experts.act_fn'), 'SiLUActivation');
  assert.equal(classOf(t, 'model.layers.0.block_sparse_moe'), undefined);
});

test('transformers 4 builds block_sparse_moe.gate (a Linear) and experts.K.w1/w2/w3', () => {
  const t = build(MIXTRAL_8X7B, 4);
  assert.deepEqual(childrenOf(t, 'model.layers.0'), ['self_attn', 'block_sparse_moe', 'input_layernorm', 'post_attention_layernorm']);
  assert.equal(classOf(t, 'model.layers.0.mlp'), undefined);
  assert.equal(classOf(t, 'model.layers.0.block_sparse_moe'), 'MixtralSparseMoeBlock');
  assert.equal(classOf(t, 'model.layers.0.block_sparse_moe.gate'), 'Linear');
  assert.deepEqual(shapeOf(t, 'model.layers.0.block_sparse_moe.gate.weight'), [8, 4096]);
  assert.deepEqual(childrenOf(t, 'model.layers.0.block_sparse_moe.experts'), ['0', '1', '2', '3', '4', '5', '6', '7']);
  const expert = 'model.layers.31.block_sparse_moe.experts.7';
  assert.equal(classOf(t, expert), 'MixtralBlockSparseTop2MLP');
  assert.deepEqual(childrenOf(t, expert), ['w1', 'w2', 'w3', 'act_fn']);
  assert.deepEqual(shapeOf(t, `${expert}.w1.weight`), [14336, 4096]);
  assert.deepEqual(shapeOf(t, `${expert}.w2.weight`), [4096, 14336]);
  assert.deepEqual(shapeOf(t, `${expert}.w3.weight`), [14336, 4096]);
  assert.equal(classOf(t, `${expert}.act_fn`), 'SiLU');
  assert.equal(shapeOf(t, `${expert}.w1.bias`), undefined);
  // One rotary buffer in 4.x.
  assert.deepEqual(bufferList(t), [['model.rotary_emb.inv_freq', [64], false]]);
});

test('both majors hold the same weights: 46.7B parameters, equal decoder-layer bytes', () => {
  const v5 = build(MIXTRAL_8X7B, 5);
  const v4 = build(MIXTRAL_8X7B, 4);
  assert.equal(paramCount(v5), paramCount(v4));
  // Mixtral 8x7B is published as 46.7B parameters.
  assert.ok(Math.abs(paramCount(v5) - 46.7e9) < 0.05e9, String(paramCount(v5)));
  const s5 = computeModuleSizes(v5, { dtype: 'bf16' }).sizes;
  const s4 = computeModuleSizes(v4, { dtype: 'bf16' }).sizes;
  assert.equal(s5.get('model.layers.7'), s4.get('model.layers.7'));
  assert.equal(s5.get('model.layers.7.mlp'), s4.get('model.layers.7.block_sparse_moe'));
  assert.equal(s4.get('model.layers.7.block_sparse_moe.experts.0'), 3 * 14336 * 4096 * 2);
});

test('config defaults: MixtralConfig fills what config.json leaves out', () => {
  const t = build({ model_type: 'mixtral' }, 5);
  assert.deepEqual(shapeOf(t, 'model.embed_tokens.weight'), [32000, 4096]);
  assert.deepEqual(shapeOf(t, 'model.layers.0.self_attn.k_proj.weight'), [8 * 128, 4096]);
  assert.deepEqual(shapeOf(t, 'model.layers.0.mlp.experts.gate_up_proj'), [8, 2 * 14336, 4096]);
  assert.equal(paramList(t).filter(([n]) => n.endsWith('.gate.weight')).length, 32);
  assert.deepEqual(t.noSplitModules, ['MixtralDecoderLayer']);
  assert.deepEqual(t.tiedWeights, {});
});

test('num_local_experts and head_dim are honoured', () => {
  const t = build({ ...MIXTRAL_8X7B, num_local_experts: 4, num_hidden_layers: 2, head_dim: 64 }, 4);
  assert.deepEqual(childrenOf(t, 'model.layers.1.block_sparse_moe.experts'), ['0', '1', '2', '3']);
  assert.deepEqual(shapeOf(t, 'model.layers.1.self_attn.q_proj.weight'), [32 * 64, 4096]);
  assert.deepEqual(bufferList(t)[0]![1], [32]);
});

test('a malformed expert count is a ConfigError naming the key', () => {
  assert.throws(
    () => build({ ...MIXTRAL_8X7B, num_local_experts: 'eight' }),
    (e: unknown) => {
      assert.ok(e instanceof ConfigError);
      assert.match(e.message, /num_local_experts/);
      return true;
    },
  );
});
