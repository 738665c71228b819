/**
 * T5, T5 v1.1 and Flan-T5 (`T5ForConditionalGeneration`): `shared`, encoder and
 * decoder stacks of `block.N.layer.{0,1,2}`, `lm_head`.
 * Mirrors transformers 5.17 `models/t5/modeling_t5.py` and `configuration_t5.py`.
 * transformers 5 gives each stack its own `embed_tokens` tied to `shared`, and 5.17
 * forces `tie_word_embeddings` on (the old flag now only picks `scale_decoder_outputs`),
 * so all three partners are always tied. transformers 4 handed `shared` itself to the
 * stacks (one module, so `named_modules` never lists `*.embed_tokens`) and tied
 * `lm_head` only when `tie_word_embeddings` (default true) said so.
 */
import { activationClass } from '../activations';
import { TreeBuilder } from '../builder';
import { ConfigError, type HFConfig } from '../config';
import { boolField, intField, optIntField, strField } from '../configFields';
import type { FamilyBuild, ModelFamily } from '../family';
import type { TransformersMajor } from '../tree';

interface T5Shape {
  vocab: number;
  dModel: number;
  dKv: number;
  dFf: number;
  encoderLayers: number;
  decoderLayers: number;
  heads: number;
  buckets: number;
  act: string;
  gated: boolean;
  tieWordEmbeddings: boolean;
}

/** `T5Config.feed_forward_proj` -> (activation, gated), with its validation and the `gated-gelu` quirk. */
export function parseFeedForwardProj(proj: string): { act: string; gated: boolean } {
  const parts = proj.split('-');
  const gated = parts[0] === 'gated';
  if ((parts.length > 1 && !gated) || parts.length > 2) {
    throw new ConfigError(
      `config.json "feed_forward_proj": "${proj}" is not a valid activation function of the dense layer; ` +
        "it must be of the form `gated-{ACT_FN}` or `{ACT_FN}`, e.g. 'gated-gelu' or 'relu'",
    );
  }
  // T5 v1.1 checkpoints say "gated-gelu" but were trained with the tanh approximation.
  return { act: proj === 'gated-gelu' ? 'gelu_new' : parts[parts.length - 1]!, gated };
}

export function t5Shape(config: HFConfig): T5Shape {
  const derived = parseFeedForwardProj(strField(config, 'feed_forward_proj', 'relu'));
  const encoderLayers = intField(config, ['num_layers', 'num_hidden_layers'], 6, true);
  return {
    vocab: intField(config, 'vocab_size', 32128),
    dModel: intField(config, ['d_model', 'hidden_size'], 512),
    dKv: intField(config, ['d_kv', 'head_dim'], 64),
    dFf: intField(config, 'd_ff', 2048),
    encoderLayers,
    decoderLayers: optIntField(config, 'num_decoder_layers') ?? encoderLayers,
    heads: intField(config, ['num_heads', 'num_attention_heads'], 8),
    buckets: intField(config, 'relative_attention_num_buckets', 32),
    // A saved config also carries the derived values; they win, as extra kwargs do in the config class.
    act: strField(config, 'dense_act_fn', derived.act),
    gated: boolField(config, 'is_gated_act', derived.gated),
    tieWordEmbeddings: boolField(config, 'tie_word_embeddings', true),
  };
}

function attention(b: TreeBuilder, s: T5Shape, relativeBias: boolean): void {
  const inner = s.heads * s.dKv;
  b.linear('q', s.dModel, inner, false);
  b.linear('k', s.dModel, inner, false);
  b.linear('v', s.dModel, inner, false);
  b.linear('o', inner, s.dModel, false);
  if (relativeBias) b.embedding('relative_attention_bias', s.buckets, s.heads);
}

function t5Block(b: TreeBuilder, s: T5Shape, act: string, isDecoder: boolean, first: boolean): void {
  b.module('layer', 'ModuleList', () => {
    b.module('0', 'T5LayerSelfAttention', () => {
      b.module('SelfAttention', 'T5Attention', () => attention(b, s, first));
      b.norm('layer_norm', 'T5LayerNorm', s.dModel, false);
      b.empty('dropout', 'Dropout');
    });
    if (isDecoder) {
      b.module('1', 'T5LayerCrossAttention', () => {
        b.module('EncDecAttention', 'T5Attention', () => attention(b, s, false));
        b.norm('layer_norm', 'T5LayerNorm', s.dModel, false);
        b.empty('dropout', 'Dropout');
      });
    }
    b.module(isDecoder ? '2' : '1', 'T5LayerFF', () => {
      b.module('DenseReluDense', s.gated ? 'T5DenseGatedActDense' : 'T5DenseActDense', () => {
        if (s.gated) {
          b.linear('wi_0', s.dModel, s.dFf, false);
          b.linear('wi_1', s.dModel, s.dFf, false);
        } else {
          b.linear('wi', s.dModel, s.dFf, false);
        }
        b.linear('wo', s.dFf, s.dModel, false);
        b.empty('dropout', 'Dropout');
        b.empty('act', act);
      });
      b.norm('layer_norm', 'T5LayerNorm', s.dModel, false);
      b.empty('dropout', 'Dropout');
    });
  });
}

function stack(b: TreeBuilder, s: T5Shape, act: string, major: TransformersMajor, isDecoder: boolean): void {
  if (major === 5) b.embedding('embed_tokens', s.vocab, s.dModel);
  const layers = isDecoder ? s.decoderLayers : s.encoderLayers;
  b.moduleList('block', layers, (i) => b.module(String(i), 'T5Block', () => t5Block(b, s, act, isDecoder, i === 0)));
  b.norm('final_layer_norm', 'T5LayerNorm', s.dModel, false);
  b.empty('dropout', 'Dropout');
}

export function buildT5(config: HFConfig, major: TransformersMajor): FamilyBuild {
  const s = t5Shape(config);
  const act = activationClass(s.act, major);
  const b = new TreeBuilder('T5ForConditionalGeneration');
  b.embedding('shared', s.vocab, s.dModel);
  b.module('encoder', 'T5Stack', () => stack(b, s, act, major, false));
  b.module('decoder', 'T5Stack', () => stack(b, s, act, major, true));
  b.linear('lm_head', s.dModel, s.vocab, false);
  const tiedWeights: Record<string, string> =
    major === 5
      ? {
          'lm_head.weight': 'shared.weight',
          'encoder.embed_tokens.weight': 'shared.weight',
          'decoder.embed_tokens.weight': 'shared.weight',
        }
      : s.tieWordEmbeddings
        ? { 'lm_head.weight': 'shared.weight' }
        : {};
  return { root: b.build(), className: 'T5ForConditionalGeneration', noSplitModules: ['T5Block'], tiedWeights };
}

export const t5: ModelFamily = {
  modelTypes: ['t5'],
  label: 'T5 / T5 v1.1 / Flan-T5',
  build: buildT5,
};
