/**
 * Gemma (2B, 7B), as transformers builds `GemmaForCausalLM`.
 * Mirrors transformers 5.17 `models/gemma/modeling_gemma.py`: Llama's tree with
 * `embed_tokens` a `GemmaTextScaledWordEmbedding` (an Embedding plus a scalar
 * `embed_scale` buffer), `attention_bias` on all four projections, head_dim a config
 * field (default 256), GELU-tanh by default, and embeddings tied by default.
 * transformers 4 used a plain `nn.Embedding` and scaled in `forward`.
 */
import type { HFConfig } from '../config';
import type { ModelFamily } from '../family';
import type { TransformersMajor } from '../tree';
import { buildLlamaLike, llamaLikeShape, type DecoderShape, type ShapeDefaults } from './llama';

/** `GemmaConfig` defaults (transformers 5.17). */
export const GEMMA_DEFAULTS: ShapeDefaults = {
  vocab_size: 256000,
  hidden_size: 3072,
  intermediate_size: 24576,
  num_hidden_layers: 28,
  num_attention_heads: 16,
  num_key_value_heads: 16,
  head_dim: 256,
  hidden_act: 'gelu_pytorch_tanh',
  attention_bias: false,
  tie_word_embeddings: true,
};

export function gemmaShape(config: HFConfig, major: TransformersMajor): DecoderShape {
  // `GemmaMLP` hard-codes bias=False.
  return { ...llamaLikeShape(config, 'Gemma', major, GEMMA_DEFAULTS), mlpBias: false, scaledEmbedding: major === 5 };
}

export const gemma: ModelFamily = {
  modelTypes: ['gemma'],
  label: 'Gemma',
  build: (config, major) => buildLlamaLike(gemmaShape(config, major), major),
};
