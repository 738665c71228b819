/** GPT-2: what the recorded ground truth does not cover (transformers 4 tree, config aliases and defaults, bad input). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bf16Total, buffers, build, childNames, classOf, configErrorOf, paramCount, params } from '../../helpers/trees';

const small = { model_type: 'gpt2', n_embd: 768, n_layer: 12, n_head: 12, n_positions: 1024, vocab_size: 50257 };

test('gpt2: a bare config takes GPT2Config defaults, which are GPT-2 small (124,439,808 parameters)', () => {
  const tree = build({ model_type: 'gpt2' });
  assert.equal(paramCount(tree), 124_439_808);
  assert.deepEqual(tree.tiedWeights, { 'lm_head.weight': 'transformer.wte.weight' });
  assert.equal(classOf(tree, 'transformer.h.0.mlp.act'), 'NewGELUActivation');
});

test('gpt2: hidden_size / num_hidden_layers / num_attention_heads / max_position_embeddings alias the n_* keys', () => {
  const aliased = build({
    model_type: 'gpt2',
    hidden_size: 1024,
    num_hidden_layers: 3,
    num_attention_heads: 16,
    max_position_embeddings: 512,
  });
  const native = build({ model_type: 'gpt2', n_embd: 1024, n_layer: 3, n_head: 16, n_positions: 512 });
  assert.deepEqual([...params(aliased)], [...params(native)]);
  assert.deepEqual(params(aliased).get('transformer.wpe.weight'), [512, 1024]);
  assert.deepEqual(childNames(aliased, 'transformer.h'), ['0', '1', '2']);
});

test('gpt2: Conv1D weights are [in, out]; n_inner sets the MLP width, null means 4 * n_embd', () => {
  const p = params(build({ ...small, n_inner: 1000 }));
  assert.deepEqual(p.get('transformer.h.0.attn.c_attn.weight'), [768, 2304]);
  assert.deepEqual(p.get('transformer.h.0.mlp.c_fc.weight'), [768, 1000]);
  assert.deepEqual(p.get('transformer.h.0.mlp.c_proj.weight'), [1000, 768]);
  assert.deepEqual(params(build({ ...small, n_inner: null })).get('transformer.h.0.mlp.c_fc.weight'), [768, 3072]);
});

test('gpt2: transformers 4 adds non-persistent `bias` (bool causal mask) and `masked_bias` to every attention', () => {
  const v5 = build(small, 5);
  const v4 = build(small, 4);
  assert.equal(buffers(v5).size, 0);
  const b = buffers(v4);
  assert.equal(b.size, 24);
  assert.deepEqual(b.get('transformer.h.11.attn.bias'), { shape: [1, 1, 1024, 1024], persistent: false, dtype: 'bool' });
  assert.deepEqual(b.get('transformer.h.11.attn.masked_bias'), { shape: [], persistent: false });
  // One byte per mask entry and one model-dtype scalar per layer, on top of the same parameters.
  assert.equal(bf16Total(v4) - bf16Total(v5), 12 * (1024 * 1024 + 2));
  assert.deepEqual([...params(v4)], [...params(v5)]);
});

test('gpt2: add_cross_attention adds crossattention (c_attn 2x, q_attn) and ln_cross_attn before the MLP', () => {
  const tree = build({ ...small, n_layer: 1, add_cross_attention: true });
  assert.deepEqual(childNames(tree, 'transformer.h.0'), ['ln_1', 'attn', 'ln_2', 'crossattention', 'ln_cross_attn', 'mlp']);
  assert.deepEqual(params(tree).get('transformer.h.0.crossattention.c_attn.weight'), [768, 1536]);
  assert.deepEqual(params(tree).get('transformer.h.0.crossattention.q_attn.weight'), [768, 768]);
});

test('gpt2: untied embeddings count lm_head; activation_function picks the activation class', () => {
  const untied = build({ ...small, tie_word_embeddings: false });
  assert.deepEqual(untied.tiedWeights, {});
  assert.equal(paramCount(untied) - paramCount(build(small)), 50257 * 768);
  assert.equal(classOf(build({ ...small, activation_function: 'relu' }), 'transformer.h.3.mlp.act'), 'ReLU');
});

test('gpt2: unusable values are ConfigErrors that name the key', () => {
  assert.match(
    configErrorOf(() => build({ ...small, n_embd: '768' })),
    /"n_embd" must be a positive integer, got "768"/,
  );
  assert.match(
    configErrorOf(() => build({ ...small, n_embd: 770 })),
    /"n_embd" \(770\) must be divisible by "n_head" \(12\)/,
  );
  assert.match(
    configErrorOf(() => build({ ...small, activation_function: 'gelu_magic' })),
    /unknown activation "gelu_magic"/,
  );
  assert.match(
    configErrorOf(() => build({ ...small, add_cross_attention: 'yes' })),
    /"add_cross_attention" must be true or false/,
  );
});
