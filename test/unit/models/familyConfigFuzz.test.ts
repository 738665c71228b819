/**
 * Any config.json, however broken, either builds a tree or gives a ConfigError with a
 * message naming a config key: never a crash (TypeError, RangeError, NaN shapes).
 * Covers the GPT-2, T5, Falcon, GPT-NeoX, OPT and BLOOM families.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ConfigError } from '../../../src/core/models/config';
import { modelFromConfig } from '../../../src/core/models/registry';
import { namedTensors } from '../../../src/core/models/tree';

const KEYS: Record<string, string[]> = {
  gpt2: [
    'n_embd',
    'hidden_size',
    'n_layer',
    'n_head',
    'n_positions',
    'n_inner',
    'vocab_size',
    'activation_function',
    'add_cross_attention',
    'tie_word_embeddings',
  ],
  t5: [
    'd_model',
    'd_kv',
    'd_ff',
    'num_layers',
    'num_decoder_layers',
    'num_heads',
    'vocab_size',
    'feed_forward_proj',
    'relative_attention_num_buckets',
    'dense_act_fn',
    'is_gated_act',
  ],
  falcon: [
    'hidden_size',
    'n_embed',
    'num_hidden_layers',
    'num_attention_heads',
    'num_kv_heads',
    'new_decoder_architecture',
    'multi_query',
    'parallel_attn',
    'num_ln_in_parallel_attn',
    'ffn_hidden_size',
    'bias',
    'activation',
  ],
  gpt_neox: [
    'hidden_size',
    'intermediate_size',
    'num_hidden_layers',
    'num_attention_heads',
    'rotary_pct',
    'rope_parameters',
    'attention_bias',
    'hidden_act',
    'tie_word_embeddings',
  ],
  opt: [
    'hidden_size',
    'ffn_dim',
    'num_hidden_layers',
    'num_attention_heads',
    'word_embed_proj_dim',
    'do_layer_norm_before',
    'layer_norm_elementwise_affine',
    'enable_bias',
    'activation_function',
    'max_position_embeddings',
  ],
  bloom: ['hidden_size', 'n_embed', 'n_layer', 'n_head', 'vocab_size', 'tie_word_embeddings'],
};

const value = fc.oneof(
  fc.integer({ min: -4, max: 64 }),
  fc.constantFrom(0.25, 0.5, 1.5, Number.NaN, null, true, false, 'relu', 'gelu_new', 'gated-gelu', 'gated-silu', 'x-y-z', '64', [], {}),
  fc.record({ partial_rotary_factor: fc.oneof(fc.double({ min: -1, max: 2, noNaN: true }), fc.constant(null)) }),
);

for (const [modelType, keys] of Object.entries(KEYS)) {
  test(`${modelType}: random config values build a finite tree or raise a ConfigError naming a key`, () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...keys), value, { maxKeys: keys.length }), (partial) => {
        // Small defaults keep every build cheap; the random keys override them.
        const base: Record<string, unknown> = { model_type: modelType, vocab_size: 32, num_hidden_layers: 1, n_layer: 1, num_layers: 1 };
        const config = { ...base, ...partial, model_type: modelType };
        try {
          const tree = modelFromConfig(config);
          for (const { fullName, tensor } of namedTensors(tree.root)) {
            assert.ok(
              tensor.shape.every((d) => Number.isInteger(d) && d >= 0),
              `${fullName} has shape ${JSON.stringify(tensor.shape)}`,
            );
          }
        } catch (e) {
          if (!(e instanceof ConfigError)) throw e;
          assert.match(e.message, /"[a-z_]+"|activation/);
        }
      }),
      { numRuns: 150 },
    );
  });
}
