/** Qwen3: q_norm / k_norm, the head_dim field default, attention_bias. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { build, bufferList, childrenOf, classOf, shapeOf } from '../../helpers/trees';

test('q_norm and k_norm follow o_proj inside self_attn, sized head_dim', () => {
  const t = build({
    model_type: 'qwen3',
    hidden_size: 2048,
    num_attention_heads: 16,
    num_key_value_heads: 8,
    head_dim: 128,
    num_hidden_layers: 1,
  });
  assert.deepEqual(childrenOf(t, 'model.layers.0.self_attn'), ['q_proj', 'k_proj', 'v_proj', 'o_proj', 'q_norm', 'k_norm']);
  assert.equal(classOf(t, 'model.layers.0.self_attn.q_norm'), 'Qwen3RMSNorm');
  assert.deepEqual(shapeOf(t, 'model.layers.0.self_attn.k_norm.weight'), [128]);
  assert.deepEqual(shapeOf(t, 'model.layers.0.self_attn.q_proj.weight'), [16 * 128, 2048]);
});

test('an absent head_dim is the class default 128, even when hidden / heads differs', () => {
  const t = build({ model_type: 'qwen3', hidden_size: 1024, num_attention_heads: 16, num_key_value_heads: 8, num_hidden_layers: 1 });
  assert.deepEqual(shapeOf(t, 'model.layers.0.self_attn.q_proj.weight'), [16 * 128, 1024]);
  assert.deepEqual(shapeOf(t, 'model.layers.0.self_attn.q_norm.weight'), [128]);
  assert.deepEqual(bufferList(t)[0], ['model.rotary_emb.inv_freq', [64], false]);
});

test('attention_bias adds a bias to all four projections, never to the MLP', () => {
  const t = build({ model_type: 'qwen3', num_hidden_layers: 1, attention_bias: true, mlp_bias: true });
  for (const p of ['q_proj', 'k_proj', 'v_proj', 'o_proj']) assert.ok(shapeOf(t, `model.layers.0.self_attn.${p}.bias`), p);
  assert.equal(shapeOf(t, 'model.layers.0.mlp.up_proj.bias'), undefined);
  assert.equal(shapeOf(build({ model_type: 'qwen3', num_hidden_layers: 1 }), 'model.layers.0.self_attn.q_proj.bias'), undefined);
});
