/** Qwen2 / Qwen2.5: Qwen2Config defaults, fixed biases, ties (what no recorded model covers). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { build, paramCount, shapeOf } from '../../helpers/trees';

test('q/k/v always carry a bias and o_proj / the MLP never do, whatever attention_bias says', () => {
  for (const attention_bias of [undefined, false, true]) {
    const t = build({ model_type: 'qwen2', num_hidden_layers: 1, ...(attention_bias === undefined ? {} : { attention_bias }) });
    assert.deepEqual(shapeOf(t, 'model.layers.0.self_attn.q_proj.bias'), [4096]);
    assert.deepEqual(shapeOf(t, 'model.layers.0.self_attn.k_proj.bias'), [4096]);
    assert.deepEqual(shapeOf(t, 'model.layers.0.self_attn.v_proj.bias'), [4096]);
    assert.equal(shapeOf(t, 'model.layers.0.self_attn.o_proj.bias'), undefined);
    assert.equal(shapeOf(t, 'model.layers.0.mlp.gate_proj.bias'), undefined);
  }
});

test('an absent num_key_value_heads is the class default 32, not the head count', () => {
  const t = build({ model_type: 'qwen2', hidden_size: 1024, num_attention_heads: 16, num_hidden_layers: 1 });
  assert.deepEqual(shapeOf(t, 'model.layers.0.self_attn.k_proj.weight'), [32 * 64, 1024]);
  const nulled = build({
    model_type: 'qwen2',
    hidden_size: 1024,
    num_attention_heads: 16,
    num_key_value_heads: null,
    num_hidden_layers: 1,
  });
  assert.deepEqual(shapeOf(nulled, 'model.layers.0.self_attn.k_proj.weight'), [16 * 64, 1024]);
});

test('tie_word_embeddings defaults to false; small checkpoints tie and count the embedding once', () => {
  const qwen25_1_5b = {
    model_type: 'qwen2',
    vocab_size: 151936,
    hidden_size: 1536,
    intermediate_size: 8960,
    num_hidden_layers: 28,
    num_attention_heads: 12,
    num_key_value_heads: 2,
    tie_word_embeddings: true,
  };
  const tied = build(qwen25_1_5b);
  assert.deepEqual(tied.tiedWeights, { 'lm_head.weight': 'model.embed_tokens.weight' });
  // Qwen2.5-1.5B is published as 1.54B parameters.
  assert.equal(paramCount(tied), 1_543_714_304);
  const untied = build({ ...qwen25_1_5b, tie_word_embeddings: undefined });
  assert.deepEqual(untied.tiedWeights, {});
  assert.equal(paramCount(untied) - paramCount(tied), 151936 * 1536);
});

test('sliding-window settings change no tensor', () => {
  const base = { model_type: 'qwen2', num_hidden_layers: 4 };
  assert.equal(
    paramCount(build({ ...base, use_sliding_window: true, sliding_window: 4096, max_window_layers: 2 })),
    paramCount(build(base)),
  );
});
