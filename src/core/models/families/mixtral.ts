/**
 * Mixtral (8x7B, 8x22B), as transformers builds `MixtralForCausalLM`.
 * Mirrors transformers 5.17 `models/mixtral/modeling_mixtral.py`: Mistral's layer with
 * the MLP replaced by a sparse MoE block whose experts are fused into two 3-D
 * parameters (`mlp.experts.gate_up_proj` [E, 2*I, H], `mlp.experts.down_proj` [E, H, I])
 * and a router `mlp.gate` holding a bare weight [E, H].
 * transformers 4 built `block_sparse_moe` instead: `gate` (a Linear) and
 * `experts.K.w1 / w2 / w3`, one `MixtralBlockSparseTop2MLP` per expert.
 */
import type { TreeBuilder } from '../builder';
import type { HFConfig } from '../config';
import { intField } from '../configFields';
import type { ModelFamily } from '../family';
import type { TransformersMajor } from '../tree';
import { buildLlamaLike, llamaLayer, llamaLikeShape, type DecoderShape, type ShapeDefaults } from './llama';

/** `MixtralConfig` defaults (transformers 5.17). */
export const MIXTRAL_DEFAULTS: ShapeDefaults = {
  vocab_size: 32000,
  hidden_size: 4096,
  intermediate_size: 14336,
  num_hidden_layers: 32,
  num_attention_heads: 32,
  num_key_value_heads: 8,
  hidden_act: 'silu',
  tie_word_embeddings: false,
};

export interface MixtralShape extends DecoderShape {
  experts: number;
}

export function mixtralShape(config: HFConfig, major: TransformersMajor): MixtralShape {
  return {
    ...llamaLikeShape(config, 'Mixtral', major, MIXTRAL_DEFAULTS),
    attnBias: false,
    oBias: false,
    mlpBias: false,
    experts: intField(config, 'num_local_experts', 8),
  };
}

/** transformers 5: `MixtralSparseMoeBlock` = router + fused experts. */
function fusedMoe(b: TreeBuilder, s: MixtralShape): void {
  b.module('mlp', 'MixtralSparseMoeBlock', () => {
    b.module('gate', 'MixtralTopKRouter', () => b.param('weight', [s.experts, s.hidden]));
    b.module('experts', 'MixtralExperts', () => {
      b.param('gate_up_proj', [s.experts, 2 * s.intermediate, s.hidden]);
      b.param('down_proj', [s.experts, s.hidden, s.intermediate]);
      b.empty('act_fn', s.act);
    });
  });
}

/** transformers 4: `block_sparse_moe` = a Linear router + one small MLP per expert. */
function perExpertMoe(b: TreeBuilder, s: MixtralShape): void {
  b.module('block_sparse_moe', 'MixtralSparseMoeBlock', () => {
    b.linear('gate', s.hidden, s.experts, false);
    b.moduleList('experts', s.experts, (k) =>
      b.module(String(k), 'MixtralBlockSparseTop2MLP', () => {
        b.linear('w1', s.hidden, s.intermediate, false);
        b.linear('w2', s.intermediate, s.hidden, false);
        b.linear('w3', s.hidden, s.intermediate, false);
        b.empty('act_fn', s.act);
      }),
    );
  });
}

export const mixtral: ModelFamily = {
  modelTypes: ['mixtral'],
  label: 'Mixtral',
  build: (config, major) => {
    const s = mixtralShape(config, major);
    const moe = major === 4 ? perExpertMoe : fusedMoe;
    return buildLlamaLike(s, major, (b) => llamaLayer(b, s, { mlp: () => moe(b, s) }));
  },
};
