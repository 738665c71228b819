/**
 * Falcon (`FalconForCausalLM`): `transformer.word_embeddings / h.N / ln_f / rotary_emb`, tied `lm_head`.
 * Mirrors transformers 5.17 `models/falcon/modeling_falcon.py` and `configuration_falcon.py`.
 * Both layouts: the original one (falcon-7b: `multi_query`, `parallel_attn`, one
 * `input_layernorm`) and `new_decoder_architecture` (falcon-40b/180b: `num_kv_heads`
 * groups, `ln_attn` + `ln_mlp`). The rotary module exists even for ALiBi configs.
 */
import { activationClass } from '../activations';
import { TreeBuilder } from '../builder';
import type { HFConfig } from '../config';
import { boolField, intField, optIntField, requireDivisible, strField } from '../configFields';
import type { FamilyBuild, ModelFamily } from '../family';
import type { TransformersMajor } from '../tree';
import { rotaryModule } from './rotaryBuffers';

interface FalconShape {
  vocab: number;
  hidden: number;
  layers: number;
  heads: number;
  kvHeads: number;
  headDim: number;
  ffn: number;
  newArch: boolean;
  multiQuery: boolean;
  parallelAttn: boolean;
  lnInParallel: number | undefined;
  bias: boolean;
  act: string;
  tie: boolean;
}

/** `FalconConfig` defaults (falcon-7b's shape), with the old `n_embed` spelling of `hidden_size`. */
export function falconShape(config: HFConfig): FalconShape {
  const hidden = intField(config, ['n_embed', 'hidden_size'], 4544);
  const heads = intField(config, 'num_attention_heads', 71);
  requireDivisible(config, hidden, 'hidden_size', heads, 'num_attention_heads');
  const newArch = boolField(config, 'new_decoder_architecture', false);
  return {
    vocab: intField(config, 'vocab_size', 65024),
    hidden,
    layers: intField(config, 'num_hidden_layers', 32, true),
    heads,
    kvHeads: optIntField(config, 'num_kv_heads') ?? heads,
    headDim: Math.floor(hidden / heads),
    ffn: optIntField(config, 'ffn_hidden_size') ?? 4 * hidden,
    newArch,
    multiQuery: boolField(config, 'multi_query', true),
    parallelAttn: boolField(config, 'parallel_attn', true),
    // `FalconDecoderLayer` sets 2 when the config leaves it unset on the new architecture.
    lnInParallel: optIntField(config, 'num_ln_in_parallel_attn') ?? (newArch ? 2 : undefined),
    bias: boolField(config, 'bias', false),
    act: strField(config, 'activation', 'gelu'),
    tie: boolField(config, 'tie_word_embeddings', true),
  };
}

function qkvWidth(s: FalconShape): number {
  if (s.newArch) return (2 * s.kvHeads + s.heads) * s.headDim;
  if (s.multiQuery) return s.hidden + 2 * s.headDim;
  return 3 * s.hidden;
}

function falconLinear(b: TreeBuilder, local: string, inF: number, outF: number, bias: boolean): void {
  b.module(local, 'FalconLinear', () => {
    b.param('weight', [outF, inF]);
    if (bias) b.param('bias', [outF]);
  });
}

function decoderLayer(b: TreeBuilder, s: FalconShape, act: string): void {
  b.module('self_attention', 'FalconAttention', () => {
    falconLinear(b, 'query_key_value', s.hidden, qkvWidth(s), s.bias);
    falconLinear(b, 'dense', s.hidden, s.hidden, s.bias);
    b.empty('attention_dropout', 'Dropout');
  });
  b.module('mlp', 'FalconMLP', () => {
    falconLinear(b, 'dense_h_to_4h', s.hidden, s.ffn, s.bias);
    b.empty('act', act);
    falconLinear(b, 'dense_4h_to_h', s.ffn, s.hidden, s.bias);
  });
  if (!s.parallelAttn) {
    b.norm('post_attention_layernorm', 'LayerNorm', s.hidden, true);
    b.norm('input_layernorm', 'LayerNorm', s.hidden, true);
  } else if (s.lnInParallel === 2) {
    b.norm('ln_attn', 'LayerNorm', s.hidden, true);
    b.norm('ln_mlp', 'LayerNorm', s.hidden, true);
  } else {
    b.norm('input_layernorm', 'LayerNorm', s.hidden, true);
  }
}

export function buildFalcon(config: HFConfig, major: TransformersMajor): FamilyBuild {
  const s = falconShape(config);
  const act = activationClass(s.act, major);
  const b = new TreeBuilder('FalconForCausalLM');
  b.module('transformer', 'FalconModel', () => {
    b.embedding('word_embeddings', s.vocab, s.hidden);
    b.moduleList('h', s.layers, (i) => b.module(String(i), 'FalconDecoderLayer', () => decoderLayer(b, s, act)));
    b.norm('ln_f', 'LayerNorm', s.hidden, true);
    rotaryModule(b, 'FalconRotaryEmbedding', s.headDim, 1, major);
  });
  b.linear('lm_head', s.hidden, s.vocab, false);
  return {
    root: b.build(),
    className: 'FalconForCausalLM',
    noSplitModules: ['FalconDecoderLayer'],
    tiedWeights: s.tie ? { 'lm_head.weight': 'transformer.word_embeddings.weight' } : {},
  };
}

export const falcon: ModelFamily = {
  modelTypes: ['falcon'],
  label: 'Falcon (7B / 40B / 180B)',
  build: buildFalcon,
};
