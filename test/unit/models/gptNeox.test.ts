/** GPT-NeoX / Pythia: what the recorded ground truth does not cover (v4 head name, rotary fraction keys, bad input). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buffers, build, childNames, classOf, configErrorOf, moduleNames, params } from '../../helpers/trees';

// EleutherAI/pythia-160m's shape.
const pythia160m = {
  model_type: 'gpt_neox',
  vocab_size: 50304,
  hidden_size: 768,
  intermediate_size: 3072,
  num_hidden_layers: 12,
  num_attention_heads: 12,
  rotary_pct: 0.25,
  max_position_embeddings: 2048,
  use_parallel_residual: true,
};

test('gpt_neox: transformers 5 names the head lm_head, transformers 4 kept embed_out', () => {
  assert.deepEqual(childNames(build(pythia160m, 5), ''), ['gpt_neox', 'lm_head']);
  assert.deepEqual(childNames(build(pythia160m, 4), ''), ['gpt_neox', 'embed_out']);
  assert.deepEqual(params(build(pythia160m, 4)).get('embed_out.weight'), [50304, 768]);
  assert.deepEqual(build({ ...pythia160m, tie_word_embeddings: true }, 5).tiedWeights, { 'lm_head.weight': 'gpt_neox.embed_in.weight' });
  assert.deepEqual(build({ ...pythia160m, tie_word_embeddings: true }, 4).tiedWeights, { 'embed_out.weight': 'gpt_neox.embed_in.weight' });
});

test('gpt_neox: untied by default (GPTNeoXConfig.tie_word_embeddings is false)', () => {
  assert.deepEqual(build(pythia160m).tiedWeights, {});
});

test('gpt_neox: inv_freq covers the rotary fraction of a head (rotary_pct, or rope_parameters in transformers 5)', () => {
  const invFreq = (c: object, major: 4 | 5 = 5) =>
    buffers(build({ ...pythia160m, ...c }, major)).get('gpt_neox.rotary_emb.inv_freq')?.shape;
  assert.deepEqual(invFreq({}), [8]); // 64 * 0.25 = 16 rotary dims
  assert.deepEqual(invFreq({ rotary_pct: 1 }), [32]);
  assert.deepEqual(invFreq({ rotary_pct: null, rope_parameters: { rope_type: 'default', partial_rotary_factor: 0.5 } }), [16]);
  assert.deepEqual(invFreq({ rotary_pct: undefined }), [8]); // GPTNeoXConfig default 0.25
  assert.equal(buffers(build(pythia160m, 4)).size, 1);
  assert.equal(buffers(build(pythia160m, 5)).size, 2);
});

test('gpt_neox: layer children in registration order, dropouts included; attention_bias false drops qkv/dense biases', () => {
  const tree = build(pythia160m);
  assert.deepEqual(childNames(tree, 'gpt_neox'), ['embed_in', 'emb_dropout', 'layers', 'final_layer_norm', 'rotary_emb']);
  assert.deepEqual(childNames(tree, 'gpt_neox.layers.5'), [
    'input_layernorm',
    'post_attention_layernorm',
    'post_attention_dropout',
    'post_mlp_dropout',
    'attention',
    'mlp',
  ]);
  assert.equal(classOf(tree, 'gpt_neox.layers.5.mlp.act'), 'GELUActivation');
  const noBias = params(build({ ...pythia160m, attention_bias: false }));
  assert.equal(noBias.has('gpt_neox.layers.0.attention.query_key_value.bias'), false);
  assert.equal(noBias.has('gpt_neox.layers.0.mlp.dense_h_to_4h.bias'), true);
});

test('gpt_neox: zero layers still gives an (empty) layers list', () => {
  const tree = build({ ...pythia160m, num_hidden_layers: 0 });
  assert.ok(moduleNames(tree).includes('gpt_neox.layers'));
  assert.deepEqual(childNames(tree, 'gpt_neox.layers'), []);
});

test('gpt_neox: unusable values are ConfigErrors that name the key', () => {
  assert.match(
    configErrorOf(() => build({ ...pythia160m, rotary_pct: 0 })),
    /"rotary_pct" must be a number in \(0, 1\], got 0/,
  );
  assert.match(
    configErrorOf(() => build({ ...pythia160m, intermediate_size: '3072' })),
    /"intermediate_size" must be a positive integer/,
  );
  assert.match(
    configErrorOf(() => build({ ...pythia160m, hidden_act: 'wiggle' })),
    /unknown activation "wiggle"/,
  );
});
