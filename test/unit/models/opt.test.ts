/** OPT: what the recorded ground truth does not cover (defaults, final-norm and affine switches, bad input). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { build, childNames, classOf, configErrorOf, paramCount, params } from '../../helpers/trees';
import { OPT_POSITION_OFFSET } from '../../../src/core/models/families/opt';

const opt350m = {
  model_type: 'opt',
  vocab_size: 50272,
  hidden_size: 1024,
  ffn_dim: 4096,
  num_hidden_layers: 24,
  num_attention_heads: 16,
  max_position_embeddings: 2048,
  word_embed_proj_dim: 512,
  do_layer_norm_before: false,
};

test('opt: a bare config takes OPTConfig defaults, which are opt-125m (125,239,296 parameters)', () => {
  const tree = build({ model_type: 'opt' });
  assert.equal(paramCount(tree), 125_239_296);
  assert.deepEqual(tree.tiedWeights, { 'lm_head.weight': 'model.decoder.embed_tokens.weight' });
  assert.equal(classOf(tree, 'model.decoder.layers.0.activation_fn'), 'ReLU');
});

test('opt: learned positions carry the fairseq offset of 2 rows', () => {
  assert.equal(OPT_POSITION_OFFSET, 2);
  const tree = build({ ...opt350m, max_position_embeddings: 512 });
  assert.equal(classOf(tree, 'model.decoder.embed_positions'), 'OPTLearnedPositionalEmbedding');
  assert.deepEqual(params(tree).get('model.decoder.embed_positions.weight'), [514, 1024]);
});

test('opt: word_embed_proj_dim != hidden_size adds project_out then project_in; the head and embeddings use the narrow width', () => {
  const p = params(build(opt350m));
  assert.deepEqual(p.get('model.decoder.project_out.weight'), [512, 1024]);
  assert.deepEqual(p.get('model.decoder.project_in.weight'), [1024, 512]);
  assert.deepEqual(p.get('model.decoder.embed_tokens.weight'), [50272, 512]);
  assert.deepEqual(p.get('lm_head.weight'), [50272, 512]);
  assert.deepEqual(childNames(build(opt350m), 'model.decoder'), ['embed_tokens', 'embed_positions', 'project_out', 'project_in', 'layers']);
  // word_embed_proj_dim null means hidden_size: no projections.
  assert.deepEqual(childNames(build({ ...opt350m, word_embed_proj_dim: null, do_layer_norm_before: true }), 'model.decoder'), [
    'embed_tokens',
    'embed_positions',
    'final_layer_norm',
    'layers',
  ]);
});

test('opt: _remove_final_layer_norm drops the decoder norm; elementwise_affine false leaves norms without tensors', () => {
  const removed = build({ ...opt350m, word_embed_proj_dim: 1024, do_layer_norm_before: true, _remove_final_layer_norm: true });
  assert.deepEqual(childNames(removed, 'model.decoder'), ['embed_tokens', 'embed_positions', 'layers']);
  const plain = build({ ...opt350m, layer_norm_elementwise_affine: false });
  assert.equal(classOf(plain, 'model.decoder.layers.0.final_layer_norm'), 'LayerNorm');
  assert.equal(
    [...params(plain).keys()].some((n) => n.includes('layer_norm')),
    false,
  );
});

test('opt: decoder layer order (k, v, q, out) and enable_bias', () => {
  const tree = build(opt350m);
  assert.deepEqual(childNames(tree, 'model.decoder.layers.3'), [
    'self_attn',
    'activation_fn',
    'self_attn_layer_norm',
    'fc1',
    'fc2',
    'final_layer_norm',
  ]);
  assert.deepEqual(childNames(tree, 'model.decoder.layers.3.self_attn'), ['k_proj', 'v_proj', 'q_proj', 'out_proj']);
  assert.equal(params(build({ ...opt350m, enable_bias: false })).has('model.decoder.layers.0.fc1.bias'), false);
});

test('opt: unusable values are ConfigErrors that name the key', () => {
  assert.match(
    configErrorOf(() => build({ ...opt350m, word_embed_proj_dim: 0 })),
    /"word_embed_proj_dim" must be a positive integer, got 0/,
  );
  assert.match(
    configErrorOf(() => build({ ...opt350m, num_attention_heads: 3 })),
    /must be divisible by "num_attention_heads" \(3\)/,
  );
  assert.match(
    configErrorOf(() => build({ ...opt350m, do_layer_norm_before: 1 })),
    /"do_layer_norm_before" must be true or false, got 1/,
  );
});
