/** The Llama template the decoder families share: required keys, RoPE reading, rotary buffer sizes. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { build, bufferList } from '../../helpers/trees';
import { ConfigError } from '../../../src/core/models/config';
import { llamaLikeShape } from '../../../src/core/models/families/llama';
import { ropeDimFactor, ropeType } from '../../../src/core/models/families/rope';

const LLAMA_LIKE = {
  model_type: 'llama',
  vocab_size: 32000,
  hidden_size: 4096,
  intermediate_size: 11008,
  num_hidden_layers: 2,
  num_attention_heads: 32,
};

test('without class defaults every size key is required: a missing one is a ConfigError naming it', () => {
  for (const key of ['vocab_size', 'hidden_size', 'intermediate_size', 'num_hidden_layers', 'num_attention_heads']) {
    const config: Record<string, unknown> = { ...LLAMA_LIKE };
    delete config[key];
    assert.throws(
      () => llamaLikeShape(config, 'Llama'),
      (e: unknown) => {
        assert.ok(e instanceof ConfigError, `${key}: ${String(e)}`);
        assert.equal(e.message, `config.json has no "${key}" (model_type llama), which this architecture needs`);
        return true;
      },
    );
  }
});

test('Llama fills a missing key with the LlamaConfig default (Llama-2-7B sizes)', () => {
  const tree = build({ model_type: 'llama', num_hidden_layers: 2 });
  const q = tree.root.children[0]!.children[1]!.children[0]!.children[0]!.children[0]!;
  assert.equal(q.name, 'model.layers.0.self_attn.q_proj');
  assert.deepEqual(q.params[0]!.shape, [4096, 4096]);
});

test('with class defaults a missing key takes the default instead', () => {
  const s = llamaLikeShape({ model_type: 'x' }, 'X', 5, {
    vocab_size: 10,
    hidden_size: 64,
    intermediate_size: 128,
    num_hidden_layers: 1,
    num_attention_heads: 4,
    num_key_value_heads: 2,
  });
  assert.deepEqual([s.vocab, s.hidden, s.intermediate, s.layers, s.heads, s.kvHeads, s.headDim], [10, 64, 128, 1, 4, 2, 16]);
});

test('RoPE settings: legacy rope_scaling wins, its "type" alias counts, default is "default"', () => {
  assert.equal(ropeType({}), 'default');
  assert.equal(ropeType({ rope_parameters: { rope_type: 'llama3' } }), 'llama3');
  assert.equal(ropeType({ rope_scaling: { type: 'linear', factor: 2 }, rope_parameters: { rope_type: 'yarn' } }), 'linear');
});

test('partial_rotary_factor: ignored by a default RoPE unless the family reads it, honoured by the scaled types', () => {
  assert.equal(ropeDimFactor({ partial_rotary_factor: 0.5 }, false), 1);
  assert.equal(ropeDimFactor({ partial_rotary_factor: 0.5 }, true), 0.5);
  assert.equal(ropeDimFactor({ rope_parameters: { rope_type: 'yarn', partial_rotary_factor: 0.25 } }, false), 0.25);
  assert.equal(ropeDimFactor({ rope_scaling: { rope_type: 'llama3' }, partial_rotary_factor: 0.5 }, false), 0.5);
  // A Mistral checkpoint with a default RoPE keeps the full head dim whatever the flag says.
  const mistral = build({ model_type: 'mistral', num_hidden_layers: 1, partial_rotary_factor: 0.5 });
  assert.deepEqual(bufferList(mistral)[0], ['model.rotary_emb.inv_freq', [64], false]);
});

test('an odd rotary dim rounds up, as torch.arange(0, dim, 2) does', () => {
  const t = build({
    model_type: 'phi3',
    num_hidden_layers: 1,
    hidden_size: 3072,
    num_attention_heads: 32,
    partial_rotary_factor: 0.5 + 1 / 96,
  });
  // head_dim 96 * 0.5104 = 49 -> 25 frequencies.
  assert.deepEqual(bufferList(t)[0], ['model.rotary_emb.inv_freq', [25], false]);
});
