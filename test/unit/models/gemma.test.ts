/** Gemma: scaled embedding (v5) vs plain Embedding (v4), tied by default, activation from hidden_act. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { build, bufferList, classOf, paramCount } from '../../helpers/trees';
import { computeModuleSizes } from '../../../src/core/memory/moduleSizes';

test('a bare config is GemmaConfig: 7B-like sizes, tied embeddings, GELU-tanh, head_dim 256', () => {
  const t = build({ model_type: 'gemma' });
  assert.deepEqual(t.tiedWeights, { 'lm_head.weight': 'model.embed_tokens.weight' });
  assert.equal(classOf(t, 'model.layers.0.mlp.act_fn'), 'GELUTanh');
  assert.deepEqual(
    bufferList(t).find(([n]) => n === 'model.rotary_emb.inv_freq'),
    ['model.rotary_emb.inv_freq', [128], false],
  );
  // gemma-7b: 8.54B parameters once the tied head is counted once.
  assert.equal(paramCount(t), 8_537_680_896);
});

test('hidden_act picks the activation class (gemma-7b ships "gelu")', () => {
  assert.equal(
    classOf(build({ model_type: 'gemma', hidden_act: 'gelu', num_hidden_layers: 1 }), 'model.layers.0.mlp.act_fn'),
    'GELUActivation',
  );
});

test('embed_scale is a 0-d buffer in the model dtype (bf16: 2 bytes, fp32: 4 bytes); rotary stays float32', () => {
  const t = build({ model_type: 'gemma', num_hidden_layers: 1 });
  assert.equal(classOf(t, 'model.embed_tokens'), 'GemmaTextScaledWordEmbedding');
  assert.deepEqual(bufferList(t)[0], ['model.embed_tokens.embed_scale', [], false]);
  const weight = 256000 * 3072;
  assert.equal(computeModuleSizes(t, { dtype: 'bf16' }).sizes.get('model.embed_tokens'), weight * 2 + 2);
  assert.equal(computeModuleSizes(t, { dtype: 'fp32' }).sizes.get('model.embed_tokens'), weight * 4 + 4);
  assert.equal(computeModuleSizes(t, { dtype: 'bf16' }).sizes.get('model.rotary_emb'), 2 * 128 * 4);
});

test('transformers 4: a plain Embedding without embed_scale', () => {
  const t = build({ model_type: 'gemma', num_hidden_layers: 1 }, 4);
  assert.equal(classOf(t, 'model.embed_tokens'), 'Embedding');
  assert.deepEqual(bufferList(t), [['model.rotary_emb.inv_freq', [128], false]]);
});
