/**
 * GPT-NeoX and Pythia (`GPTNeoXForCausalLM`): `gpt_neox.embed_in / emb_dropout / layers.N /
 * final_layer_norm / rotary_emb` and an untied-by-default output head.
 * Mirrors transformers 5.17 `models/gpt_neox/modeling_gpt_neox.py` and `configuration_gpt_neox.py`.
 * The head is `lm_head` in transformers 5 (checkpoints' `embed_out.weight` is renamed on load);
 * transformers 4 kept the checkpoint name `embed_out`.
 */
import { activationClass } from '../activations';
import { TreeBuilder } from '../builder';
import type { HFConfig } from '../config';
import { boolField, fractionField, intField, requireDivisible, strField } from '../configFields';
import type { FamilyBuild, ModelFamily } from '../family';
import type { TransformersMajor } from '../tree';
import { rotaryModule } from './rotaryBuffers';

interface NeoXShape {
  vocab: number;
  hidden: number;
  intermediate: number;
  layers: number;
  heads: number;
  rotaryFactor: number;
  attnBias: boolean;
  act: string;
  tie: boolean;
}

/** The partial rotary factor: transformers 5 keeps it in `rope_parameters`, older configs say `rotary_pct`. */
function rotaryFactor(config: HFConfig): number {
  const rope = config['rope_parameters'];
  const fromTop = fractionField(config, ['partial_rotary_factor', 'rotary_pct'], 0.25);
  if (!rope || typeof rope !== 'object') return fromTop;
  return fractionField({ ...(rope as HFConfig), model_type: config['model_type'] }, ['partial_rotary_factor'], fromTop);
}

export function neoxShape(config: HFConfig): NeoXShape {
  const hidden = intField(config, 'hidden_size', 6144);
  const heads = intField(config, 'num_attention_heads', 64);
  requireDivisible(config, hidden, 'hidden_size', heads, 'num_attention_heads');
  return {
    vocab: intField(config, 'vocab_size', 50432),
    hidden,
    intermediate: intField(config, 'intermediate_size', 24576),
    layers: intField(config, 'num_hidden_layers', 44, true),
    heads,
    rotaryFactor: rotaryFactor(config),
    attnBias: boolField(config, 'attention_bias', true),
    act: strField(config, 'hidden_act', 'gelu'),
    tie: boolField(config, 'tie_word_embeddings', false),
  };
}

function layer(b: TreeBuilder, s: NeoXShape, act: string): void {
  b.norm('input_layernorm', 'LayerNorm', s.hidden, true);
  b.norm('post_attention_layernorm', 'LayerNorm', s.hidden, true);
  b.empty('post_attention_dropout', 'Dropout');
  b.empty('post_mlp_dropout', 'Dropout');
  b.module('attention', 'GPTNeoXAttention', () => {
    b.linear('query_key_value', s.hidden, 3 * s.hidden, s.attnBias);
    b.linear('dense', s.hidden, s.hidden, s.attnBias);
  });
  b.module('mlp', 'GPTNeoXMLP', () => {
    b.linear('dense_h_to_4h', s.hidden, s.intermediate, true);
    b.linear('dense_4h_to_h', s.intermediate, s.hidden, true);
    b.empty('act', act);
  });
}

export function buildGPTNeoX(config: HFConfig, major: TransformersMajor): FamilyBuild {
  const s = neoxShape(config);
  const act = activationClass(s.act, major);
  const b = new TreeBuilder('GPTNeoXForCausalLM');
  b.module('gpt_neox', 'GPTNeoXModel', () => {
    b.embedding('embed_in', s.vocab, s.hidden);
    b.empty('emb_dropout', 'Dropout');
    b.moduleList('layers', s.layers, (i) => b.module(String(i), 'GPTNeoXLayer', () => layer(b, s, act)));
    b.norm('final_layer_norm', 'LayerNorm', s.hidden, true);
    rotaryModule(b, 'GPTNeoXRotaryEmbedding', Math.floor(s.hidden / s.heads), s.rotaryFactor, major);
  });
  const head = major === 5 ? 'lm_head' : 'embed_out';
  b.linear(head, s.hidden, s.vocab, false);
  return {
    root: b.build(),
    className: 'GPTNeoXForCausalLM',
    noSplitModules: ['GPTNeoXLayer'],
    tiedWeights: s.tie ? { [`${head}.weight`]: 'gpt_neox.embed_in.weight' } : {},
  };
}

export const gptNeox: ModelFamily = {
  modelTypes: ['gpt_neox'],
  label: 'GPT-NeoX / Pythia',
  build: buildGPTNeoX,
};
