/**
 * GPT-2 (`GPT2LMHeadModel`): `transformer.wte / wpe / drop / h.N / ln_f` and a tied `lm_head`.
 * Mirrors transformers 5.17 `models/gpt2/modeling_gpt2.py`; transformers 4 also
 * registered two non-persistent buffers in every attention (`bias`, `masked_bias`).
 */
import { activationClass } from '../activations';
import { TreeBuilder } from '../builder';
import type { HFConfig } from '../config';
import { boolField, intField, optIntField, requireDivisible, strField } from '../configFields';
import type { FamilyBuild, ModelFamily } from '../family';
import type { TransformersMajor } from '../tree';

interface GPT2Shape {
  vocab: number;
  hidden: number;
  layers: number;
  heads: number;
  positions: number;
  inner: number;
  act: string;
  crossAttention: boolean;
  tie: boolean;
}

/** `GPT2Config` with its `attribute_map` aliases (hidden_size -> n_embd ...) and defaults. */
export function gpt2Shape(config: HFConfig): GPT2Shape {
  const hidden = intField(config, ['n_embd', 'hidden_size'], 768);
  const heads = intField(config, ['n_head', 'num_attention_heads'], 12);
  requireDivisible(config, hidden, 'n_embd', heads, 'n_head');
  return {
    vocab: intField(config, 'vocab_size', 50257),
    hidden,
    layers: intField(config, ['n_layer', 'num_hidden_layers'], 12, true),
    heads,
    positions: intField(config, ['n_positions', 'max_position_embeddings'], 1024),
    inner: optIntField(config, 'n_inner') ?? 4 * hidden,
    act: strField(config, 'activation_function', 'gelu_new'),
    crossAttention: boolField(config, 'add_cross_attention', false),
    tie: boolField(config, 'tie_word_embeddings', true),
  };
}

function attention(b: TreeBuilder, s: GPT2Shape, major: TransformersMajor, cross: boolean): void {
  if (major === 4) {
    b.buffer('bias', [1, 1, s.positions, s.positions], false, 'bool');
    b.buffer('masked_bias', [], false);
  }
  if (cross) {
    b.conv1d('c_attn', s.hidden, 2 * s.hidden);
    b.conv1d('q_attn', s.hidden, s.hidden);
  } else {
    b.conv1d('c_attn', s.hidden, 3 * s.hidden);
  }
  b.conv1d('c_proj', s.hidden, s.hidden);
  b.empty('attn_dropout', 'Dropout');
  b.empty('resid_dropout', 'Dropout');
}

function block(b: TreeBuilder, s: GPT2Shape, major: TransformersMajor, act: string): void {
  b.norm('ln_1', 'LayerNorm', s.hidden, true);
  b.module('attn', 'GPT2Attention', () => attention(b, s, major, false));
  b.norm('ln_2', 'LayerNorm', s.hidden, true);
  if (s.crossAttention) {
    b.module('crossattention', 'GPT2Attention', () => attention(b, s, major, true));
    b.norm('ln_cross_attn', 'LayerNorm', s.hidden, true);
  }
  b.module('mlp', 'GPT2MLP', () => {
    b.conv1d('c_fc', s.hidden, s.inner);
    b.conv1d('c_proj', s.inner, s.hidden);
    b.empty('act', act);
    b.empty('dropout', 'Dropout');
  });
}

export function buildGPT2(config: HFConfig, major: TransformersMajor): FamilyBuild {
  const s = gpt2Shape(config);
  const act = activationClass(s.act, major);
  const b = new TreeBuilder('GPT2LMHeadModel');
  b.module('transformer', 'GPT2Model', () => {
    b.embedding('wte', s.vocab, s.hidden);
    b.embedding('wpe', s.positions, s.hidden);
    b.empty('drop', 'Dropout');
    b.moduleList('h', s.layers, (i) => b.module(String(i), 'GPT2Block', () => block(b, s, major, act)));
    b.norm('ln_f', 'LayerNorm', s.hidden, true);
  });
  b.linear('lm_head', s.hidden, s.vocab, false);
  return {
    root: b.build(),
    className: 'GPT2LMHeadModel',
    noSplitModules: ['GPT2Block'],
    tiedWeights: s.tie ? { 'lm_head.weight': 'transformer.wte.weight' } : {},
  };
}

export const gpt2: ModelFamily = {
  modelTypes: ['gpt2'],
  label: 'GPT-2',
  build: buildGPT2,
};
