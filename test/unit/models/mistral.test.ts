/** Mistral: MistralConfig defaults and what a config.json cannot change (no recorded ground truth for these). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { build, bufferList, classOf, paramCount, shapeOf } from '../../helpers/trees';
import { ConfigError } from '../../../src/core/models/config';

const MISTRAL_7B = {
  model_type: 'mistral',
  vocab_size: 32000,
  hidden_size: 4096,
  intermediate_size: 14336,
  num_hidden_layers: 32,
  num_attention_heads: 32,
  num_key_value_heads: 8,
  sliding_window: 4096,
};

test('a bare config builds MistralConfig defaults: Mistral 7B (7.24B parameters)', () => {
  const bare = build({ model_type: 'mistral' });
  assert.equal(paramCount(bare), paramCount(build(MISTRAL_7B)));
  assert.equal(paramCount(bare), 7_241_732_096);
  assert.deepEqual(shapeOf(bare, 'model.layers.0.self_attn.k_proj.weight'), [1024, 4096]);
});

test('num_key_value_heads: null means one per attention head; head_dim: null means hidden / heads', () => {
  const t = build({ ...MISTRAL_7B, num_key_value_heads: null, head_dim: null, num_hidden_layers: 1 });
  assert.deepEqual(shapeOf(t, 'model.layers.0.self_attn.k_proj.weight'), [4096, 4096]);
  assert.deepEqual(bufferList(t)[0], ['model.rotary_emb.inv_freq', [64], false]);
});

test('head_dim decouples the projections from hidden / heads (Mistral Nemo)', () => {
  const t = build({ ...MISTRAL_7B, hidden_size: 5120, head_dim: 128, num_hidden_layers: 1 });
  assert.deepEqual(shapeOf(t, 'model.layers.0.self_attn.q_proj.weight'), [4096, 5120]);
  assert.deepEqual(shapeOf(t, 'model.layers.0.self_attn.o_proj.weight'), [5120, 4096]);
});

test('attention_bias / mlp_bias are ignored (MistralAttention and MistralMLP hard-code bias=False), sliding_window changes nothing', () => {
  const plain = build(MISTRAL_7B);
  const flagged = build({ ...MISTRAL_7B, attention_bias: true, mlp_bias: true, sliding_window: null });
  assert.equal(paramCount(flagged), paramCount(plain));
  assert.equal(shapeOf(flagged, 'model.layers.0.self_attn.q_proj.bias'), undefined);
});

test('tie_word_embeddings: true ties lm_head to the embedding', () => {
  const t = build({ ...MISTRAL_7B, tie_word_embeddings: true, num_hidden_layers: 1 });
  assert.deepEqual(t.tiedWeights, { 'lm_head.weight': 'model.embed_tokens.weight' });
});

test('transformers 4: one rotary buffer and torch SiLU', () => {
  const t = build({ ...MISTRAL_7B, num_hidden_layers: 1 }, 4);
  assert.deepEqual(bufferList(t), [['model.rotary_emb.inv_freq', [64], false]]);
  assert.equal(classOf(t, 'model.layers.0.mlp.act_fn'), 'SiLU');
  assert.equal(classOf(build(MISTRAL_7B, 5), 'model.layers.0.mlp.act_fn'), 'SiLUActivation');
});

test('unusable values are ConfigErrors that name the key', () => {
  const cases: Record<string, unknown> = { hidden_size: '4096', num_hidden_layers: 2.5, tie_word_embeddings: 'no', hidden_act: 'swiglu' };
  for (const [key, value] of Object.entries(cases)) {
    assert.throws(
      () => build({ ...MISTRAL_7B, [key]: value }),
      (e: unknown) => {
        assert.ok(e instanceof ConfigError, `${key}: ${String(e)}`);
        assert.ok(e.message.includes(key === 'hidden_act' ? 'swiglu' : `"${key}"`), e.message);
        return true;
      },
    );
  }
});
