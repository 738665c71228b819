/** Falcon: what the recorded ground truth does not cover (v4 rotary, defaults, other layer layouts, bad input). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { GENERATED, readJson, type Reference } from '../../helpers/fixtures';
import { bf16Total, buffers, build, childNames, classOf, configErrorOf, params } from '../../helpers/trees';

const tiny = { model_type: 'falcon', vocab_size: 1000, hidden_size: 256, num_hidden_layers: 2, num_attention_heads: 8 };

test('falcon: a bare config takes FalconConfig defaults, which are falcon-7b (same bytes as the recorded falcon-7b)', () => {
  const ref = readJson<Reference>(join(GENERATED, 'falcon-7b', 'reference.json'));
  assert.equal(bf16Total(build({ model_type: 'falcon' })), ref.module_sizes_bf16['']);
});

test('falcon: n_embed is the old spelling of hidden_size', () => {
  assert.deepEqual([...params(build({ ...tiny, hidden_size: undefined, n_embed: 256 }))], [...params(build(tiny))]);
});

test('falcon: query_key_value width for multi-query, full multi-head, and grouped (new architecture) attention', () => {
  const qkv = (c: object) => params(build({ ...tiny, ...c })).get('transformer.h.0.self_attention.query_key_value.weight');
  assert.deepEqual(qkv({ multi_query: true }), [256 + 2 * 32, 256]);
  assert.deepEqual(qkv({ multi_query: false }), [3 * 256, 256]);
  assert.deepEqual(qkv({ new_decoder_architecture: true, num_kv_heads: 2 }), [(2 * 2 + 8) * 32, 256]);
  // num_kv_heads unset means one kv head per query head.
  assert.deepEqual(qkv({ new_decoder_architecture: true }), [(2 * 8 + 8) * 32, 256]);
});

test('falcon: layer norms follow parallel_attn and num_ln_in_parallel_attn, after self_attention and mlp', () => {
  const layer = (c: object) => childNames(build({ ...tiny, ...c }), 'transformer.h.1');
  assert.deepEqual(layer({}), ['self_attention', 'mlp', 'input_layernorm']);
  assert.deepEqual(layer({ parallel_attn: false }), ['self_attention', 'mlp', 'post_attention_layernorm', 'input_layernorm']);
  assert.deepEqual(layer({ new_decoder_architecture: true }), ['self_attention', 'mlp', 'ln_attn', 'ln_mlp']);
  assert.deepEqual(layer({ new_decoder_architecture: true, num_ln_in_parallel_attn: 1 }), ['self_attention', 'mlp', 'input_layernorm']);
});

test('falcon: FalconLinear layers, ffn_hidden_size and bias', () => {
  const tree = build({ ...tiny, ffn_hidden_size: 600, bias: true });
  assert.equal(classOf(tree, 'transformer.h.0.mlp.dense_h_to_4h'), 'FalconLinear');
  assert.equal(classOf(tree, 'transformer.h.0.mlp.act'), 'GELUActivation');
  assert.deepEqual(params(tree).get('transformer.h.0.mlp.dense_h_to_4h.weight'), [600, 256]);
  assert.deepEqual(params(tree).get('transformer.h.0.mlp.dense_4h_to_h.bias'), [256]);
  assert.equal(params(build(tiny)).has('transformer.h.0.mlp.dense_4h_to_h.bias'), false);
});

test('falcon: the rotary module exists even with alibi; transformers 4 had one buffer, 5 has two', () => {
  const v5 = buffers(build({ ...tiny, alibi: true }, 5));
  assert.deepEqual([...v5.keys()], ['transformer.rotary_emb.inv_freq', 'transformer.rotary_emb.original_inv_freq']);
  assert.deepEqual(v5.get('transformer.rotary_emb.inv_freq'), { shape: [16], persistent: false, dtype: 'fp32' });
  assert.deepEqual([...buffers(build(tiny, 4)).keys()], ['transformer.rotary_emb.inv_freq']);
});

test('falcon: tie_word_embeddings false unties lm_head', () => {
  assert.deepEqual(build(tiny).tiedWeights, { 'lm_head.weight': 'transformer.word_embeddings.weight' });
  assert.deepEqual(build({ ...tiny, tie_word_embeddings: false }).tiedWeights, {});
});

test('falcon: unusable values are ConfigErrors that name the key', () => {
  assert.match(
    configErrorOf(() => build({ ...tiny, num_attention_heads: 7 })),
    /"hidden_size" \(256\) must be divisible by "num_attention_heads" \(7\)/,
  );
  assert.match(
    configErrorOf(() => build({ ...tiny, num_kv_heads: 2.5 })),
    /"num_kv_heads" must be a positive integer, got 2.5/,
  );
  assert.match(
    configErrorOf(() => build({ ...tiny, parallel_attn: 'no' })),
    /"parallel_attn" must be true or false/,
  );
});
