/**
 * Mistral (7B v0.1 / v0.2 / v0.3, Nemo), as transformers builds `MistralForCausalLM`.
 * Mirrors transformers 5.17 `models/mistral/modeling_mistral.py`: Llama's tree with
 * no bias anywhere (`MistralAttention` / `MistralMLP` hard-code `bias=False`, so
 * `attention_bias` / `mlp_bias` in a config.json are ignored). `sliding_window` only
 * changes the attention mask, never the tree.
 */
import type { HFConfig } from '../config';
import type { ModelFamily } from '../family';
import type { TransformersMajor } from '../tree';
import { buildLlamaLike, llamaLikeShape, type DecoderShape, type ShapeDefaults } from './llama';

/** `MistralConfig` defaults (transformers 5.17). */
export const MISTRAL_DEFAULTS: ShapeDefaults = {
  vocab_size: 32000,
  hidden_size: 4096,
  intermediate_size: 14336,
  num_hidden_layers: 32,
  num_attention_heads: 32,
  num_key_value_heads: 8,
  hidden_act: 'silu',
  tie_word_embeddings: false,
};

export function mistralShape(config: HFConfig, major: TransformersMajor): DecoderShape {
  return { ...llamaLikeShape(config, 'Mistral', major, MISTRAL_DEFAULTS), attnBias: false, oBias: false, mlpBias: false };
}

export const mistral: ModelFamily = {
  modelTypes: ['mistral'],
  label: 'Mistral',
  build: (config, major) => buildLlamaLike(mistralShape(config, major), major),
};
