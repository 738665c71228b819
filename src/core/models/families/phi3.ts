/**
 * Phi-3 and Phi-3.5 (mini, medium; 4k and 128k context), as transformers builds
 * `Phi3ForCausalLM`. Mirrors transformers 5.17 `models/phi3/modeling_phi3.py`:
 * Llama's layout with fused projections — `self_attn` registers `o_proj` before
 * `qkv_proj` [(H + 2*KV) * head_dim, hidden], `mlp` has `gate_up_proj` [2*I, hidden],
 * `down_proj` and `activation_fn` — and two residual dropouts per layer.
 * Its default RoPE honours `partial_rotary_factor`.
 */
import type { TreeBuilder } from '../builder';
import type { HFConfig } from '../config';
import type { ModelFamily } from '../family';
import type { TransformersMajor } from '../tree';
import { buildLlamaLike, llamaLayer, llamaLikeShape, type DecoderShape, type ShapeDefaults } from './llama';
import { ropeDimFactor } from './rope';

/** `Phi3Config` defaults (transformers 5.17); num_key_value_heads null = the head count. */
export const PHI3_DEFAULTS: ShapeDefaults = {
  vocab_size: 32064,
  hidden_size: 3072,
  intermediate_size: 8192,
  num_hidden_layers: 32,
  num_attention_heads: 32,
  num_key_value_heads: null,
  hidden_act: 'silu',
  tie_word_embeddings: false,
};

export function phi3Shape(config: HFConfig, major: TransformersMajor): DecoderShape {
  return {
    ...llamaLikeShape(config, 'Phi3', major, PHI3_DEFAULTS),
    attnBias: false,
    oBias: false,
    mlpBias: false,
    rotaryFactor: ropeDimFactor(config, true),
  };
}

function phi3Layer(b: TreeBuilder, s: DecoderShape): void {
  llamaLayer(b, s, {
    attn: () =>
      b.module('self_attn', 'Phi3Attention', () => {
        b.linear('o_proj', s.heads * s.headDim, s.hidden, false);
        b.linear('qkv_proj', s.hidden, (s.heads + 2 * s.kvHeads) * s.headDim, false);
      }),
    mlp: () =>
      b.module('mlp', 'Phi3MLP', () => {
        b.linear('gate_up_proj', s.hidden, 2 * s.intermediate, false);
        b.linear('down_proj', s.intermediate, s.hidden, false);
        b.empty('activation_fn', s.act);
      }),
    after: () => {
      b.empty('resid_attn_dropout', 'Dropout');
      b.empty('resid_mlp_dropout', 'Dropout');
    },
  });
}

export const phi3: ModelFamily = {
  modelTypes: ['phi3'],
  label: 'Phi-3',
  build: (config, major) => {
    const s = phi3Shape(config, major);
    return buildLlamaLike(s, major, (b) => phi3Layer(b, s));
  },
};
