/**
 * Llama (2, 3, 3.1, 3.2), as transformers builds `LlamaForCausalLM`.
 * Mirrors transformers 5.17 `models/llama/modeling_llama.py` (4.x is the same tree).
 * Also the template for the other decoder-only families that share this shape
 * (Mistral, Mixtral, Qwen2, Qwen3, Gemma, Gemma2, Phi3): they pass the config
 * class defaults and hook their differences into `llamaLayer` / `buildLlamaLike`.
 */
import { activationClass } from '../activations';
import { TreeBuilder } from '../builder';
import { type HFConfig } from '../config';
import { boolField, intField, optIntField, strField } from '../configFields';
import type { FamilyBuild, ModelFamily } from '../family';
import type { TransformersMajor } from '../tree';
import { ropeDimFactor } from './rope';
import { rotaryModule } from './rotaryBuffers';

export interface DecoderShape {
  prefix: string; // class-name prefix: Llama, Mistral, Qwen2...
  vocab: number;
  hidden: number;
  intermediate: number;
  layers: number;
  heads: number;
  kvHeads: number;
  headDim: number;
  attnBias: boolean; // q/k/v projections
  oBias: boolean;
  mlpBias: boolean;
  tie: boolean;
  /** Class of `ACT2FN[hidden_act]` (`SiLUActivation`; `SiLU` in transformers 4). */
  act: string;
  /** Share of the head dim the rotary embedding covers (`partial_rotary_factor`). */
  rotaryFactor: number;
  /** Gemma: `<Prefix>TextScaledWordEmbedding`, an Embedding with a scalar `embed_scale` buffer. */
  scaledEmbedding?: boolean;
}

/**
 * The config-class defaults a family fills in for keys a config.json leaves out
 * (`MistralConfig.hidden_size = 4096`...). A key without a default is required.
 * `num_key_value_heads: null` means "same as num_attention_heads" (their `__post_init__`).
 */
export interface ShapeDefaults {
  vocab_size?: number;
  hidden_size?: number;
  intermediate_size?: number;
  num_hidden_layers?: number;
  num_attention_heads?: number;
  num_key_value_heads?: number | null;
  head_dim?: number;
  hidden_act?: string;
  attention_bias?: boolean;
  mlp_bias?: boolean;
  tie_word_embeddings?: boolean;
}

export function llamaLikeShape(
  config: HFConfig,
  prefix: string,
  major: TransformersMajor = 5,
  defaults: ShapeDefaults = {
    num_key_value_heads: null,
    hidden_act: 'silu',
    attention_bias: false,
    mlp_bias: false,
    tie_word_embeddings: false,
  },
): DecoderShape {
  const hidden = intField(config, 'hidden_size', defaults.hidden_size);
  const heads = intField(config, 'num_attention_heads', defaults.num_attention_heads);
  const attnBias = boolField(config, 'attention_bias', defaults.attention_bias ?? false);
  const headDim = optIntField(config, 'head_dim') ?? defaults.head_dim ?? Math.floor(hidden / heads);
  return {
    prefix,
    vocab: intField(config, 'vocab_size', defaults.vocab_size),
    hidden,
    intermediate: intField(config, 'intermediate_size', defaults.intermediate_size),
    layers: intField(config, 'num_hidden_layers', defaults.num_hidden_layers, true),
    heads,
    // An explicit null is "same as the heads" (the configs' `__post_init__`); absent is the class default.
    kvHeads:
      config['num_key_value_heads'] === null
        ? heads
        : (optIntField(config, 'num_key_value_heads') ?? defaults.num_key_value_heads ?? heads),
    headDim,
    attnBias,
    oBias: attnBias,
    mlpBias: boolField(config, 'mlp_bias', defaults.mlp_bias ?? false),
    tie: boolField(config, 'tie_word_embeddings', defaults.tie_word_embeddings ?? false),
    act: activationClass(strField(config, 'hidden_act', defaults.hidden_act ?? 'silu'), major),
    rotaryFactor: ropeDimFactor(config, false),
  };
}

/** Where a family's decoder layer departs from Llama's; each hook runs inside the builder. */
export interface LayerHooks {
  /** Replaces the whole `self_attn` module (Phi3's fused `qkv_proj`). */
  attn?: () => void;
  /** Extra modules at the end of `self_attn` (Qwen3's `q_norm` / `k_norm`). */
  attnExtra?: () => void;
  /** Replaces the whole `mlp` module (Mixtral's sparse MoE block, Phi3's fused `gate_up_proj`). */
  mlp?: () => void;
  /** Extra modules after the two norms (Gemma2's feed-forward norms, Phi3's dropouts). */
  after?: () => void;
}

/** The decoder layer shared by Llama, Mistral, Qwen2 and friends. */
export function llamaLayer(b: TreeBuilder, s: DecoderShape, hooks: LayerHooks = {}): void {
  if (hooks.attn) hooks.attn();
  else {
    b.module('self_attn', `${s.prefix}Attention`, () => {
      b.linear('q_proj', s.hidden, s.heads * s.headDim, s.attnBias);
      b.linear('k_proj', s.hidden, s.kvHeads * s.headDim, s.attnBias);
      b.linear('v_proj', s.hidden, s.kvHeads * s.headDim, s.attnBias);
      b.linear('o_proj', s.heads * s.headDim, s.hidden, s.oBias);
      hooks.attnExtra?.();
    });
  }
  if (hooks.mlp) hooks.mlp();
  else {
    b.module('mlp', `${s.prefix}MLP`, () => {
      b.linear('gate_proj', s.hidden, s.intermediate, s.mlpBias);
      b.linear('up_proj', s.hidden, s.intermediate, s.mlpBias);
      b.linear('down_proj', s.intermediate, s.hidden, s.mlpBias);
      b.empty('act_fn', s.act);
    });
  }
  b.norm('input_layernorm', `${s.prefix}RMSNorm`, s.hidden, false);
  b.norm('post_attention_layernorm', `${s.prefix}RMSNorm`, s.hidden, false);
  hooks.after?.();
}

/** `XForCausalLM` with `model.embed_tokens / layers / norm / rotary_emb` and `lm_head`. */
export function buildLlamaLike(
  s: DecoderShape,
  major: 4 | 5,
  layer: (b: TreeBuilder, i: number) => void = (b) => llamaLayer(b, s),
): FamilyBuild {
  const b = new TreeBuilder(`${s.prefix}ForCausalLM`);
  b.module('model', `${s.prefix}Model`, () => {
    if (s.scaledEmbedding) {
      b.module('embed_tokens', `${s.prefix}TextScaledWordEmbedding`, () => {
        b.param('weight', [s.vocab, s.hidden]);
        // `torch.tensor(hidden_size ** 0.5)`: a 0-d tensor in the default (= model) dtype.
        b.buffer('embed_scale', [], false);
      });
    } else {
      b.embedding('embed_tokens', s.vocab, s.hidden);
    }
    b.moduleList('layers', s.layers, (i) => b.module(String(i), `${s.prefix}DecoderLayer`, () => layer(b, i)));
    b.norm('norm', `${s.prefix}RMSNorm`, s.hidden, false);
    rotaryModule(b, `${s.prefix}RotaryEmbedding`, s.headDim, s.rotaryFactor, major);
  });
  b.linear('lm_head', s.hidden, s.vocab, false);
  return {
    root: b.build(),
    className: `${s.prefix}ForCausalLM`,
    noSplitModules: [`${s.prefix}DecoderLayer`],
    tiedWeights: s.tie ? { 'lm_head.weight': 'model.embed_tokens.weight' } : {},
  };
}

export const llama: ModelFamily = {
  modelTypes: ['llama'],
  label: 'Llama 2 / 3 / 3.1 / 3.2',
  // `LlamaConfig` defaults (Llama-2-7B's sizes) fill keys a config.json leaves out.
  build: (config, major) =>
    buildLlamaLike(
      llamaLikeShape(config, 'Llama', major, {
        vocab_size: 32000,
        hidden_size: 4096,
        intermediate_size: 11008,
        num_hidden_layers: 32,
        num_attention_heads: 32,
        num_key_value_heads: null,
        hidden_act: 'silu',
        attention_bias: false,
        mlp_bias: false,
        tie_word_embeddings: false,
      }),
      major,
    ),
};
