/**
 * Qwen2 / Qwen2.5 (and Qwen1.5, which ships as `qwen2`), as transformers builds
 * `Qwen2ForCausalLM`. Mirrors transformers 5.17 `models/qwen2/modeling_qwen2.py`:
 * Llama's tree with a bias on q/k/v (always, whatever the config says) and none on
 * o_proj or the MLP. Small checkpoints (0.5B-3B) set `tie_word_embeddings: true`;
 * the class default is false. Sliding-window settings only change attention masks.
 */
import type { HFConfig } from '../config';
import type { ModelFamily } from '../family';
import type { TransformersMajor } from '../tree';
import { buildLlamaLike, llamaLikeShape, type DecoderShape, type ShapeDefaults } from './llama';

/** `Qwen2Config` defaults (transformers 5.17); note num_key_value_heads defaults to 32, not to the head count. */
export const QWEN2_DEFAULTS: ShapeDefaults = {
  vocab_size: 151936,
  hidden_size: 4096,
  intermediate_size: 22016,
  num_hidden_layers: 32,
  num_attention_heads: 32,
  num_key_value_heads: 32,
  hidden_act: 'silu',
  tie_word_embeddings: false,
};

export function qwen2Shape(config: HFConfig, major: TransformersMajor): DecoderShape {
  return { ...llamaLikeShape(config, 'Qwen2', major, QWEN2_DEFAULTS), attnBias: true, oBias: false, mlpBias: false };
}

export const qwen2: ModelFamily = {
  modelTypes: ['qwen2'],
  label: 'Qwen2 / Qwen2.5',
  build: (config, major) => buildLlamaLike(qwen2Shape(config, major), major),
};
