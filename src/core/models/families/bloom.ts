/**
 * BLOOM (`BloomForCausalLM`): `transformer.word_embeddings / word_embeddings_layernorm /
 * h.N / ln_f` and a tied `lm_head`. ALiBi positions are computed, so no rotary module.
 * Mirrors transformers 5.17 `models/bloom/modeling_bloom.py` and `configuration_bloom.py`.
 */
import { TreeBuilder } from '../builder';
import type { HFConfig } from '../config';
import { boolField, intField, requireDivisible } from '../configFields';
import type { FamilyBuild, ModelFamily } from '../family';
import type { TransformersMajor } from '../tree';

interface BloomShape {
  vocab: number;
  hidden: number;
  layers: number;
  tie: boolean;
}

/** `BloomConfig` with its `attribute_map` (num_hidden_layers -> n_layer, num_attention_heads -> n_head) and `n_embed`. */
export function bloomShape(config: HFConfig): BloomShape {
  const hidden = intField(config, ['n_embed', 'hidden_size'], 64);
  const heads = intField(config, ['n_head', 'num_attention_heads'], 8);
  requireDivisible(config, hidden, 'hidden_size', heads, 'n_head');
  return {
    vocab: intField(config, 'vocab_size', 250880),
    hidden,
    layers: intField(config, ['n_layer', 'num_hidden_layers'], 2, true),
    tie: boolField(config, 'tie_word_embeddings', true),
  };
}

function block(b: TreeBuilder, s: BloomShape): void {
  b.norm('input_layernorm', 'LayerNorm', s.hidden, true);
  b.module('self_attention', 'BloomAttention', () => {
    b.linear('query_key_value', s.hidden, 3 * s.hidden, true);
    b.linear('dense', s.hidden, s.hidden, true);
    b.empty('attention_dropout', 'Dropout');
  });
  b.norm('post_attention_layernorm', 'LayerNorm', s.hidden, true);
  b.module('mlp', 'BloomMLP', () => {
    b.linear('dense_h_to_4h', s.hidden, 4 * s.hidden, true);
    b.empty('gelu_impl', 'BloomGelu');
    b.linear('dense_4h_to_h', 4 * s.hidden, s.hidden, true);
  });
}

export function buildBloom(config: HFConfig, _major: TransformersMajor): FamilyBuild {
  const s = bloomShape(config);
  const b = new TreeBuilder('BloomForCausalLM');
  b.module('transformer', 'BloomModel', () => {
    b.embedding('word_embeddings', s.vocab, s.hidden);
    b.norm('word_embeddings_layernorm', 'LayerNorm', s.hidden, true);
    b.moduleList('h', s.layers, (i) => b.module(String(i), 'BloomBlock', () => block(b, s)));
    b.norm('ln_f', 'LayerNorm', s.hidden, true);
  });
  b.linear('lm_head', s.hidden, s.vocab, false);
  return {
    root: b.build(),
    className: 'BloomForCausalLM',
    noSplitModules: ['BloomBlock'],
    tiedWeights: s.tie ? { 'lm_head.weight': 'transformer.word_embeddings.weight' } : {},
  };
}

export const bloom: ModelFamily = {
  modelTypes: ['bloom'],
  label: 'BLOOM',
  build: buildBloom,
};
