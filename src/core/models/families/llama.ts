/**
 * Llama (2, 3, 3.1, 3.2), as transformers builds `LlamaForCausalLM`.
 * Mirrors transformers 5.17 `models/llama/modeling_llama.py` (4.x is the same tree).
 * Also the template for the other decoder-only families that share this shape.
 */
import { TreeBuilder } from '../builder';
import { bool, num, optNum, type HFConfig } from '../config';
import type { FamilyBuild, ModelFamily } from '../family';

export interface DecoderShape {
  prefix: string; // class-name prefix: Llama, Mistral, Qwen2...
  vocab: number;
  hidden: number;
  intermediate: number;
  layers: number;
  heads: number;
  kvHeads: number;
  headDim: number;
  attnBias: boolean;
  oBias: boolean;
  mlpBias: boolean;
  tie: boolean;
}

export function llamaLikeShape(config: HFConfig, prefix: string): DecoderShape {
  const hidden = num(config, 'hidden_size');
  const heads = num(config, 'num_attention_heads');
  const attnBias = bool(config, 'attention_bias', false);
  return {
    prefix,
    vocab: num(config, 'vocab_size'),
    hidden,
    intermediate: num(config, 'intermediate_size'),
    layers: num(config, 'num_hidden_layers'),
    heads,
    kvHeads: optNum(config, 'num_key_value_heads') ?? heads,
    headDim: optNum(config, 'head_dim') ?? Math.floor(hidden / heads),
    attnBias,
    oBias: attnBias,
    mlpBias: bool(config, 'mlp_bias', false),
    tie: bool(config, 'tie_word_embeddings', false),
  };
}

/** Rotary embedding module of transformers 5 (two float32 buffers) or 4 (one). */
export function rotary(b: TreeBuilder, className: string, headDim: number, major: 4 | 5, partialFactor = 1): void {
  const dim = Math.floor(headDim * partialFactor);
  b.module('rotary_emb', className, () => {
    b.buffer('inv_freq', [Math.floor(dim / 2)], false, 'fp32');
    // transformers 5 registers the original frequencies as a second buffer; 4.x kept a plain attribute.
    if (major === 5) b.buffer('original_inv_freq', [Math.floor(dim / 2)], false, 'fp32');
  });
}

/** The decoder layer shared by Llama, Mistral, Qwen2 and friends. */
export function llamaLayer(b: TreeBuilder, s: DecoderShape, extraAttn?: () => void): void {
  b.module('self_attn', `${s.prefix}Attention`, () => {
    b.linear('q_proj', s.hidden, s.heads * s.headDim, s.attnBias);
    b.linear('k_proj', s.hidden, s.kvHeads * s.headDim, s.attnBias);
    b.linear('v_proj', s.hidden, s.kvHeads * s.headDim, s.attnBias);
    b.linear('o_proj', s.heads * s.headDim, s.hidden, s.oBias);
    extraAttn?.();
  });
  b.module('mlp', `${s.prefix}MLP`, () => {
    b.linear('gate_proj', s.hidden, s.intermediate, s.mlpBias);
    b.linear('up_proj', s.hidden, s.intermediate, s.mlpBias);
    b.linear('down_proj', s.intermediate, s.hidden, s.mlpBias);
    b.empty('act_fn', 'SiLUActivation');
  });
  b.norm('input_layernorm', `${s.prefix}RMSNorm`, s.hidden, false);
  b.norm('post_attention_layernorm', `${s.prefix}RMSNorm`, s.hidden, false);
}

/** `XForCausalLM` with `model.embed_tokens / layers / norm / rotary_emb` and `lm_head`. */
export function buildLlamaLike(
  s: DecoderShape,
  major: 4 | 5,
  layer: (b: TreeBuilder, i: number) => void = (b) => llamaLayer(b, s),
): FamilyBuild {
  const b = new TreeBuilder(`${s.prefix}ForCausalLM`);
  b.module('model', `${s.prefix}Model`, () => {
    b.embedding('embed_tokens', s.vocab, s.hidden);
    b.moduleList('layers', s.layers, (i) => b.module(String(i), `${s.prefix}DecoderLayer`, () => layer(b, i)));
    b.norm('norm', `${s.prefix}RMSNorm`, s.hidden, false);
    rotary(b, `${s.prefix}RotaryEmbedding`, s.headDim, major);
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
  build: (config, major) => buildLlamaLike(llamaLikeShape(config, 'Llama'), major),
};
