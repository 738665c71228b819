/** BLOOM: what the recorded ground truth does not cover (aliases, defaults, no rotary, bad input). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buffers, build, childNames, classOf, configErrorOf, moduleNames, params } from '../../helpers/trees';

const bloom560m = { model_type: 'bloom', vocab_size: 250880, hidden_size: 1024, n_layer: 24, n_head: 16 };

test('bloom: n_layer / n_head and num_hidden_layers / num_attention_heads are the same keys; n_embed spells hidden_size', () => {
  const native = params(build(bloom560m));
  const aliased = params(build({ model_type: 'bloom', vocab_size: 250880, n_embed: 1024, num_hidden_layers: 24, num_attention_heads: 16 }));
  assert.deepEqual([...aliased], [...native]);
  assert.equal([...native.keys()].filter((n) => n.endsWith('input_layernorm.weight')).length, 24);
});

test('bloom: a bare config takes BloomConfig defaults (hidden 64, 2 layers, 250880 tokens)', () => {
  const tree = build({ model_type: 'bloom' });
  assert.deepEqual(childNames(tree, 'transformer.h'), ['0', '1']);
  assert.deepEqual(params(tree).get('transformer.word_embeddings.weight'), [250880, 64]);
});

test('bloom: ALiBi needs no rotary module or buffers; the embedding layernorm sits before the blocks', () => {
  const tree = build(bloom560m);
  assert.equal(buffers(tree).size, 0);
  assert.ok(!moduleNames(tree).some((n) => n.includes('rotary')));
  assert.deepEqual(childNames(tree, 'transformer'), ['word_embeddings', 'word_embeddings_layernorm', 'h', 'ln_f']);
  assert.deepEqual(childNames(tree, 'transformer.h.0'), ['input_layernorm', 'self_attention', 'post_attention_layernorm', 'mlp']);
  assert.deepEqual(childNames(tree, 'transformer.h.0.mlp'), ['dense_h_to_4h', 'gelu_impl', 'dense_4h_to_h']);
  assert.equal(classOf(tree, 'transformer.h.0.mlp.gelu_impl'), 'BloomGelu');
  assert.equal(classOf(tree, 'transformer.h.0.self_attention.attention_dropout'), 'Dropout');
});

test('bloom: tied by default, untied on request; v4 builds the same tree', () => {
  assert.deepEqual(build(bloom560m).tiedWeights, { 'lm_head.weight': 'transformer.word_embeddings.weight' });
  assert.deepEqual(build({ ...bloom560m, tie_word_embeddings: false }).tiedWeights, {});
  assert.deepEqual([...params(build(bloom560m, 4))], [...params(build(bloom560m, 5))]);
});

test('bloom: unusable values are ConfigErrors that name the key', () => {
  assert.match(
    configErrorOf(() => build({ ...bloom560m, n_head: 10 })),
    /"hidden_size" \(1024\) must be divisible by "n_head" \(10\)/,
  );
  assert.match(
    configErrorOf(() => build({ ...bloom560m, n_layer: -1 })),
    /"n_layer" must be a non-negative integer, got -1/,
  );
  assert.match(
    configErrorOf(() => build({ ...bloom560m, vocab_size: [1] })),
    /"vocab_size" must be a positive integer, got \[1\]/,
  );
});
