/**
 * Qwen (v1: Qwen-1.8B / 7B / 14B / 72B), whose checkpoints ship their own modeling
 * code (`trust_remote_code=True`, class `QWenLMHeadModel`). Mirrors the Hub file
 * `Qwen/Qwen-7B/modeling_qwen.py` (final revision) with `configuration_qwen.py` defaults:
 * `transformer.wte / drop / rotary_emb / h.N / ln_f` and `lm_head`; each `QWenBlock` is
 * `ln_1, attn (c_attn, c_proj, attn_dropout), ln_2, mlp (w1, w2, c_proj)`.
 *
 * Facts of that code worth knowing:
 * - `QWenAttention` registers two non-persistent buffers, a scalar `masked_bias` and
 *   `logn_tensor` [1, 32767, 1, 1] (one per layer: about 64 KiB each in bf16).
 * - `c_attn` always has a bias; `c_proj` and the MLP only when `no_bias` is false.
 * - the MLP's width is `intermediate_size / 2` (w1 and w2 are the two SwiGLU halves).
 * - `flash_attn` adds a parameter-free `core_attention_flash` only when that package
 *   is installed; this tree assumes it is not (it never holds tensors).
 * - the remote code casts the whole model to bf16/fp16 itself when the config asks
 *   (or, with no precision flag, when the GPU supports it); sizes here follow the
 *   requested dtype.
 * - it declares no `_tied_weights_keys`, so transformers 5 ties nothing.
 */
import { TreeBuilder } from '../builder';
import type { HFConfig } from '../config';
import { boolField, fractionField, intField } from '../configFields';
import type { FamilyBuild, ModelFamily } from '../family';
import type { TransformersMajor } from '../tree';

/** `QWenConfig` defaults of the remote code. */
export const QWEN_V1_DEFAULTS = {
  vocab_size: 151936,
  hidden_size: 4096,
  num_hidden_layers: 32,
  num_attention_heads: 32,
  kv_channels: 128,
  intermediate_size: 22016,
  rotary_pct: 1.0,
  no_bias: true,
  tie_word_embeddings: false,
} as const;

/** `range(1, 32768)` positions of the log-n attention scaling table. */
const LOGN_POSITIONS = 32767;

export interface QwenV1Shape {
  vocab: number;
  hidden: number;
  layers: number;
  heads: number;
  projection: number; // kv_channels * heads
  ffn: number; // intermediate_size // 2
  rotaryDim: number;
  bias: boolean; // not no_bias
  tie: boolean;
}

export function qwenV1Shape(config: HFConfig): QwenV1Shape {
  const d = QWEN_V1_DEFAULTS;
  const heads = intField(config, 'num_attention_heads', d.num_attention_heads);
  const kvChannels = intField(config, 'kv_channels', d.kv_channels);
  const pct = fractionField(config, ['rotary_pct'], d.rotary_pct);
  return {
    vocab: intField(config, 'vocab_size', d.vocab_size),
    hidden: intField(config, 'hidden_size', d.hidden_size),
    layers: intField(config, 'num_hidden_layers', d.num_hidden_layers, true),
    heads,
    projection: kvChannels * heads,
    ffn: Math.floor(intField(config, 'intermediate_size', d.intermediate_size) / 2),
    rotaryDim: pct === 1 ? kvChannels : Math.floor(kvChannels * pct),
    bias: !boolField(config, 'no_bias', d.no_bias),
    tie: boolField(config, 'tie_word_embeddings', d.tie_word_embeddings),
  };
}

function qwenBlock(b: TreeBuilder, s: QwenV1Shape): void {
  b.norm('ln_1', 'RMSNorm', s.hidden, false);
  b.module('attn', 'QWenAttention', () => {
    b.buffer('masked_bias', [], false);
    b.linear('c_attn', s.hidden, 3 * s.projection, true);
    // Written as nn.Linear(hidden_size, projection_size): equal sizes in every released checkpoint.
    b.linear('c_proj', s.hidden, s.projection, s.bias);
    b.buffer('logn_tensor', [1, LOGN_POSITIONS, 1, 1], false);
    b.empty('attn_dropout', 'Dropout');
  });
  b.norm('ln_2', 'RMSNorm', s.hidden, false);
  b.module('mlp', 'QWenMLP', () => {
    b.linear('w1', s.hidden, s.ffn, s.bias);
    b.linear('w2', s.hidden, s.ffn, s.bias);
    b.linear('c_proj', s.ffn, s.hidden, s.bias);
  });
}

export function buildQwenV1(s: QwenV1Shape, major: TransformersMajor): FamilyBuild {
  const b = new TreeBuilder('QWenLMHeadModel');
  b.module('transformer', 'QWenModel', () => {
    b.embedding('wte', s.vocab, s.hidden);
    b.empty('drop', 'Dropout');
    b.module('rotary_emb', 'RotaryEmbedding', () => b.buffer('inv_freq', [Math.ceil(s.rotaryDim / 2)], false));
    b.moduleList('h', s.layers, (i) => b.module(String(i), 'QWenBlock', () => qwenBlock(b, s)));
    b.norm('ln_f', 'RMSNorm', s.hidden, false);
  });
  b.linear('lm_head', s.hidden, s.vocab, false);
  // transformers 4 tied through get_output_embeddings(); 5 only through _tied_weights_keys, which this code lacks.
  const tie = major === 4 && s.tie;
  return {
    root: b.build(),
    className: 'QWenLMHeadModel',
    noSplitModules: ['QWenBlock'],
    tiedWeights: tie ? { 'lm_head.weight': 'transformer.wte.weight' } : {},
  };
}

export const qwen: ModelFamily = {
  modelTypes: ['qwen'],
  label: 'Qwen (v1, remote code)',
  build: (config, major) => buildQwenV1(qwenV1Shape(config), major),
};
