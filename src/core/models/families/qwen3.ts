/**
 * Qwen3 (dense), as transformers builds `Qwen3ForCausalLM`.
 * Mirrors transformers 5.17 `models/qwen3/modeling_qwen3.py`: Llama's tree plus a
 * per-head RMSNorm on queries and keys (`self_attn.q_norm` / `k_norm`, size head_dim).
 * `head_dim` is a config field with its own default (128), not hidden / heads.
 */
import type { HFConfig } from '../config';
import type { ModelFamily } from '../family';
import type { TransformersMajor } from '../tree';
import { buildLlamaLike, llamaLayer, llamaLikeShape, type DecoderShape, type ShapeDefaults } from './llama';

/** `Qwen3Config` defaults (transformers 5.17). */
export const QWEN3_DEFAULTS: ShapeDefaults = {
  vocab_size: 151936,
  hidden_size: 4096,
  intermediate_size: 22016,
  num_hidden_layers: 32,
  num_attention_heads: 32,
  num_key_value_heads: 32,
  head_dim: 128,
  hidden_act: 'silu',
  attention_bias: false,
  tie_word_embeddings: false,
};

export function qwen3Shape(config: HFConfig, major: TransformersMajor): DecoderShape {
  // `Qwen3MLP` hard-codes bias=False; `attention_bias` covers all four projections.
  return { ...llamaLikeShape(config, 'Qwen3', major, QWEN3_DEFAULTS), mlpBias: false };
}

export const qwen3: ModelFamily = {
  modelTypes: ['qwen3'],
  label: 'Qwen3',
  build: (config, major) => {
    const s = qwen3Shape(config, major);
    return buildLlamaLike(s, major, (b) =>
      llamaLayer(b, s, {
        attnExtra: () => {
          b.norm('q_norm', 'Qwen3RMSNorm', s.headDim, false);
          b.norm('k_norm', 'Qwen3RMSNorm', s.headDim, false);
        },
      }),
    );
  },
};
