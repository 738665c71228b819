/** Gemma 2: feed-forward norms, hidden_activation, the divisibility check of Gemma2Config. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { build, childrenOf, classOf } from '../../helpers/trees';
import { ConfigError } from '../../../src/core/models/config';

test('each layer registers the feed-forward norms after the attention norms', () => {
  const t = build({ model_type: 'gemma2', num_hidden_layers: 2 });
  assert.deepEqual(childrenOf(t, 'model.layers.1'), [
    'self_attn',
    'mlp',
    'input_layernorm',
    'post_attention_layernorm',
    'pre_feedforward_layernorm',
    'post_feedforward_layernorm',
  ]);
  assert.equal(classOf(t, 'model.layers.1.post_feedforward_layernorm'), 'Gemma2RMSNorm');
  assert.equal(classOf(t, 'model.embed_tokens'), 'Gemma2TextScaledWordEmbedding');
  assert.deepEqual(t.tiedWeights, { 'lm_head.weight': 'model.embed_tokens.weight' });
});

test('the MLP activation comes from hidden_activation, not hidden_act', () => {
  const t = build({ model_type: 'gemma2', num_hidden_layers: 1, hidden_act: 'silu', hidden_activation: 'gelu' });
  assert.equal(classOf(t, 'model.layers.0.mlp.act_fn'), 'GELUActivation');
  assert.equal(classOf(build({ model_type: 'gemma2', num_hidden_layers: 1 }), 'model.layers.0.mlp.act_fn'), 'GELUTanh');
});

test('hidden_size not divisible by the heads is the ConfigError Gemma2Config raises', () => {
  assert.throws(
    () => build({ model_type: 'gemma2', hidden_size: 1000, num_attention_heads: 3 }),
    (e: unknown) => {
      assert.ok(e instanceof ConfigError);
      assert.match(e.message, /"hidden_size" \(1000\) must be divisible by "num_attention_heads" \(3\)/);
      return true;
    },
  );
});
