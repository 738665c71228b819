/**
 * Gemma 2 (2B, 9B, 27B), as transformers builds `Gemma2ForCausalLM`.
 * Mirrors transformers 5.17 `models/gemma2/modeling_gemma2.py`: Gemma's tree with two
 * more norms per layer (`pre_feedforward_layernorm`, `post_feedforward_layernorm`,
 * registered after the attention norms) and the MLP activation read from
 * `hidden_activation` (not `hidden_act`). Alternating sliding-window layers and logit
 * soft-capping change no tensor.
 */
import { activationClass } from '../activations';
import type { HFConfig } from '../config';
import { requireDivisible, strField } from '../configFields';
import type { ModelFamily } from '../family';
import type { TransformersMajor } from '../tree';
import { buildLlamaLike, llamaLayer, llamaLikeShape, type DecoderShape, type ShapeDefaults } from './llama';

/** `Gemma2Config` defaults (transformers 5.17). */
export const GEMMA2_DEFAULTS: ShapeDefaults = {
  vocab_size: 256000,
  hidden_size: 2304,
  intermediate_size: 9216,
  num_hidden_layers: 26,
  num_attention_heads: 8,
  num_key_value_heads: 4,
  head_dim: 256,
  attention_bias: false,
  tie_word_embeddings: true,
};

export function gemma2Shape(config: HFConfig, major: TransformersMajor): DecoderShape {
  const s = llamaLikeShape(config, 'Gemma2', major, GEMMA2_DEFAULTS);
  // `Gemma2Config.validate_architecture`, run when the config is built.
  requireDivisible(config, s.hidden, 'hidden_size', s.heads, 'num_attention_heads');
  return {
    ...s,
    mlpBias: false,
    act: activationClass(strField(config, 'hidden_activation', 'gelu_pytorch_tanh'), major),
    scaledEmbedding: major === 5,
  };
}

export const gemma2: ModelFamily = {
  modelTypes: ['gemma2'],
  label: 'Gemma 2',
  build: (config, major) => {
    const s = gemma2Shape(config, major);
    return buildLlamaLike(s, major, (b) =>
      llamaLayer(b, s, {
        after: () => {
          b.norm('pre_feedforward_layernorm', 'Gemma2RMSNorm', s.hidden, false);
          b.norm('post_feedforward_layernorm', 'Gemma2RMSNorm', s.hidden, false);
        },
      }),
    );
  },
};
