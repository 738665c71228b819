/** T5: what the recorded ground truth does not cover (transformers 4 tree, config defaults, feed_forward_proj, bad input). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { build, childNames, classOf, configErrorOf, moduleNames, paramCount, params } from '../../helpers/trees';
import { parseFeedForwardProj } from '../../../src/core/models/families/t5';

const v11Base = {
  model_type: 't5',
  vocab_size: 32128,
  d_model: 768,
  d_kv: 64,
  d_ff: 2048,
  num_layers: 12,
  num_decoder_layers: 12,
  num_heads: 12,
  feed_forward_proj: 'gated-gelu',
  tie_word_embeddings: false,
};
const ALL_TIED = {
  'lm_head.weight': 'shared.weight',
  'encoder.embed_tokens.weight': 'shared.weight',
  'decoder.embed_tokens.weight': 'shared.weight',
};

test('t5: a bare config takes T5Config defaults, which are t5-small (60,506,624 parameters)', () => {
  const tree = build({ model_type: 't5' });
  assert.equal(paramCount(tree), 60_506_624);
  assert.equal(classOf(tree, 'encoder.block.0.layer.1.DenseReluDense'), 'T5DenseActDense');
  assert.equal(classOf(tree, 'encoder.block.0.layer.1.DenseReluDense.act'), 'ReLU');
  assert.deepEqual(childNames(tree, 'encoder.block.0.layer.1.DenseReluDense'), ['wi', 'wo', 'dropout', 'act']);
});

test('t5: transformers 5.17 ties all three partners even when the config says tie_word_embeddings: false', () => {
  assert.deepEqual(build(v11Base, 5).tiedWeights, ALL_TIED);
  assert.deepEqual(build({ ...v11Base, tie_word_embeddings: true }, 5).tiedWeights, ALL_TIED);
});

test('t5: transformers 4 shares `shared` with both stacks (no embed_tokens modules) and ties lm_head only on request', () => {
  const untied = build(v11Base, 4);
  assert.deepEqual(untied.tiedWeights, {});
  assert.ok(!moduleNames(untied).some((n) => n.endsWith('embed_tokens')));
  assert.deepEqual(childNames(untied, 'encoder'), ['block', 'final_layer_norm', 'dropout']);
  // The untied v1.1 head is its own 32128 x 768 matrix.
  assert.equal(paramCount(untied) - paramCount(build(v11Base, 5)), 32128 * 768);
  assert.deepEqual(build({ ...v11Base, tie_word_embeddings: true }, 4).tiedWeights, { 'lm_head.weight': 'shared.weight' });
  assert.deepEqual(build({ model_type: 't5' }, 4).tiedWeights, { 'lm_head.weight': 'shared.weight' });
});

test('t5: relative_attention_bias only in block 0 of each stack, never in cross-attention', () => {
  const tree = build({ ...v11Base, num_layers: 3, num_decoder_layers: 2 });
  const withBias = [...params(tree).keys()].filter((n) => n.includes('relative_attention_bias'));
  assert.deepEqual(withBias, [
    'encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight',
    'decoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight',
  ]);
  assert.deepEqual(params(tree).get(withBias[0]!), [32, 12]);
  assert.deepEqual(childNames(tree, 'encoder.block'), ['0', '1', '2']);
  assert.deepEqual(childNames(tree, 'decoder.block'), ['0', '1']);
  assert.deepEqual(childNames(tree, 'decoder.block.1.layer'), ['0', '1', '2']);
  assert.equal(classOf(tree, 'decoder.block.1.layer.1'), 'T5LayerCrossAttention');
  assert.equal(classOf(tree, 'decoder.dropout'), 'Dropout');
});

test('t5: num_decoder_layers defaults to num_layers; d_kv * num_heads need not equal d_model', () => {
  const tree = build({ model_type: 't5', d_model: 512, d_kv: 32, num_heads: 4, num_layers: 2 });
  assert.deepEqual(childNames(tree, 'decoder.block'), ['0', '1']);
  assert.deepEqual(params(tree).get('encoder.block.1.layer.0.SelfAttention.q.weight'), [128, 512]);
  assert.deepEqual(params(tree).get('encoder.block.1.layer.0.SelfAttention.o.weight'), [512, 128]);
});

test('t5: feed_forward_proj gives the activation and gating, with the gated-gelu -> gelu_new quirk', () => {
  assert.deepEqual(parseFeedForwardProj('relu'), { act: 'relu', gated: false });
  assert.deepEqual(parseFeedForwardProj('gated-gelu'), { act: 'gelu_new', gated: true });
  assert.deepEqual(parseFeedForwardProj('gated-silu'), { act: 'silu', gated: true });
  const gated = build({ ...v11Base, num_layers: 1 });
  assert.deepEqual(childNames(gated, 'encoder.block.0.layer.1.DenseReluDense'), ['wi_0', 'wi_1', 'wo', 'dropout', 'act']);
  assert.equal(classOf(gated, 'encoder.block.0.layer.1.DenseReluDense.act'), 'NewGELUActivation');
});

test('t5: a bad feed_forward_proj or size is a ConfigError naming the key', () => {
  assert.match(
    configErrorOf(() => build({ ...v11Base, feed_forward_proj: 'fancy-gelu' })),
    /"feed_forward_proj": "fancy-gelu" is not a valid activation/,
  );
  assert.match(
    configErrorOf(() => build({ ...v11Base, feed_forward_proj: 'gated-gelu-new' })),
    /gated-\{ACT_FN\}/,
  );
  assert.match(
    configErrorOf(() => build({ ...v11Base, feed_forward_proj: 'gated-sparkle' })),
    /unknown activation "sparkle"/,
  );
  assert.match(
    configErrorOf(() => build({ ...v11Base, d_model: -768 })),
    /"d_model" must be a positive integer, got -768/,
  );
});
