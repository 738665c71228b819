/** Phi-3: fused projections in registration order, GQA sizes, partial rotary factor. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { build, bufferList, childrenOf, classOf, shapeOf } from '../../helpers/trees';

test('o_proj is registered before qkv_proj; the layer ends with two residual dropouts', () => {
  const t = build({ model_type: 'phi3', num_hidden_layers: 1 });
  assert.deepEqual(childrenOf(t, 'model.layers.0.self_attn'), ['o_proj', 'qkv_proj']);
  assert.deepEqual(childrenOf(t, 'model.layers.0.mlp'), ['gate_up_proj', 'down_proj', 'activation_fn']);
  assert.deepEqual(childrenOf(t, 'model.layers.0'), [
    'self_attn',
    'mlp',
    'input_layernorm',
    'post_attention_layernorm',
    'resid_attn_dropout',
    'resid_mlp_dropout',
  ]);
  assert.equal(classOf(t, 'model.layers.0.resid_mlp_dropout'), 'Dropout');
  assert.equal(classOf(t, 'model.layers.0.mlp'), 'Phi3MLP');
});

test('qkv_proj is (heads + 2 * kv_heads) * head_dim; an absent num_key_value_heads is the head count', () => {
  const mha = build({ model_type: 'phi3', num_hidden_layers: 1 });
  assert.deepEqual(shapeOf(mha, 'model.layers.0.self_attn.qkv_proj.weight'), [3 * 3072, 3072]);
  const gqa = build({
    model_type: 'phi3',
    hidden_size: 5120,
    num_attention_heads: 40,
    num_key_value_heads: 10,
    intermediate_size: 17920,
    num_hidden_layers: 1,
  });
  assert.deepEqual(shapeOf(gqa, 'model.layers.0.self_attn.qkv_proj.weight'), [(40 + 20) * 128, 5120]);
  assert.deepEqual(shapeOf(gqa, 'model.layers.0.mlp.gate_up_proj.weight'), [2 * 17920, 5120]);
});

test('partial_rotary_factor shrinks the rotary buffers (rope_parameters, legacy rope_scaling or top level)', () => {
  const half = (cfg: Record<string, unknown>) => bufferList(build({ model_type: 'phi3', num_hidden_layers: 1, ...cfg }))[0]![1];
  assert.deepEqual(half({}), [48]);
  assert.deepEqual(half({ rope_parameters: { rope_type: 'default', rope_theta: 10000, partial_rotary_factor: 0.5 } }), [24]);
  assert.deepEqual(half({ partial_rotary_factor: 0.75 }), [36]);
  assert.deepEqual(half({ rope_scaling: { type: 'longrope', long_factor: [1], short_factor: [1] } }), [48]);
});
