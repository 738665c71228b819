/**
 * OPT (`OPTForCausalLM`): `model.decoder.embed_tokens / embed_positions / [project_out,
 * project_in] / [final_layer_norm] / layers.N` and a tied `lm_head`.
 * Mirrors transformers 5.17 `models/opt/modeling_opt.py` and `configuration_opt.py`.
 * The learned positions carry 2 extra rows (fairseq's padding offset); the projections
 * exist only when `word_embed_proj_dim != hidden_size` (opt-350m).
 */
import { activationClass } from '../activations';
import { TreeBuilder } from '../builder';
import type { HFConfig } from '../config';
import { boolField, intField, optIntField, requireDivisible, strField } from '../configFields';
import type { FamilyBuild, ModelFamily } from '../family';
import type { TransformersMajor } from '../tree';

/** `OPTLearnedPositionalEmbedding` allocates `max_position_embeddings + offset` rows. */
export const OPT_POSITION_OFFSET = 2;

interface OPTShape {
  vocab: number;
  hidden: number;
  ffn: number;
  layers: number;
  positions: number;
  embedProj: number;
  finalNorm: boolean;
  affine: boolean;
  bias: boolean;
  act: string;
  tie: boolean;
}

export function optShape(config: HFConfig): OPTShape {
  const hidden = intField(config, 'hidden_size', 768);
  const heads = intField(config, 'num_attention_heads', 12);
  requireDivisible(config, hidden, 'hidden_size', heads, 'num_attention_heads');
  return {
    vocab: intField(config, 'vocab_size', 50272),
    hidden,
    ffn: intField(config, 'ffn_dim', 3072),
    layers: intField(config, 'num_hidden_layers', 12, true),
    positions: intField(config, 'max_position_embeddings', 2048),
    embedProj: optIntField(config, 'word_embed_proj_dim') ?? hidden,
    // Checkpoints fine-tuned before transformers 4.20.1 have no final norm (`_remove_final_layer_norm`).
    finalNorm: boolField(config, 'do_layer_norm_before', true) && !boolField(config, '_remove_final_layer_norm', false),
    affine: boolField(config, 'layer_norm_elementwise_affine', true),
    bias: boolField(config, 'enable_bias', true),
    act: strField(config, 'activation_function', 'relu'),
    tie: boolField(config, 'tie_word_embeddings', true),
  };
}

/** `nn.LayerNorm(dim, elementwise_affine=affine)`: without affine it holds no tensors. */
function layerNorm(b: TreeBuilder, local: string, s: OPTShape): void {
  if (s.affine) b.norm(local, 'LayerNorm', s.hidden, true);
  else b.empty(local, 'LayerNorm');
}

function decoderLayer(b: TreeBuilder, s: OPTShape, act: string): void {
  b.module('self_attn', 'OPTAttention', () => {
    b.linear('k_proj', s.hidden, s.hidden, s.bias);
    b.linear('v_proj', s.hidden, s.hidden, s.bias);
    b.linear('q_proj', s.hidden, s.hidden, s.bias);
    b.linear('out_proj', s.hidden, s.hidden, s.bias);
  });
  b.empty('activation_fn', act);
  layerNorm(b, 'self_attn_layer_norm', s);
  b.linear('fc1', s.hidden, s.ffn, s.bias);
  b.linear('fc2', s.ffn, s.hidden, s.bias);
  layerNorm(b, 'final_layer_norm', s);
}

export function buildOPT(config: HFConfig, major: TransformersMajor): FamilyBuild {
  const s = optShape(config);
  const act = activationClass(s.act, major);
  const b = new TreeBuilder('OPTForCausalLM');
  b.module('model', 'OPTModel', () => {
    b.module('decoder', 'OPTDecoder', () => {
      b.embedding('embed_tokens', s.vocab, s.embedProj);
      b.module('embed_positions', 'OPTLearnedPositionalEmbedding', () => b.param('weight', [s.positions + OPT_POSITION_OFFSET, s.hidden]));
      if (s.embedProj !== s.hidden) {
        b.linear('project_out', s.hidden, s.embedProj, false);
        b.linear('project_in', s.embedProj, s.hidden, false);
      }
      if (s.finalNorm) layerNorm(b, 'final_layer_norm', s);
      b.moduleList('layers', s.layers, (i) => b.module(String(i), 'OPTDecoderLayer', () => decoderLayer(b, s, act)));
    });
  });
  b.linear('lm_head', s.embedProj, s.vocab, false);
  return {
    root: b.build(),
    className: 'OPTForCausalLM',
    noSplitModules: ['OPTDecoderLayer'],
    tiedWeights: s.tie ? { 'lm_head.weight': 'model.decoder.embed_tokens.weight' } : {},
  };
}

export const opt: ModelFamily = {
  modelTypes: ['opt'],
  label: 'OPT',
  build: buildOPT,
};
