/**
 * Which attention a family runs in transformers 5.17 when the user names none
 * (issue 19), and what that costs per score. `from_pretrained` picks SDPA for
 * every model class whose `_supports_sdpa` is true and falls back to eager
 * otherwise; BLOOM's modeling file has only its own eager path (ALiBi added to
 * the scores with `baddbmm`, a float32 softmax cast back), and the fit-set run
 * recorded `_attn_implementation == "eager"` for it.
 */
import type { HFConfig } from '../models/config';
import type { AttentionKernel } from './activations';

/** Families whose modeling file in transformers 5.17 has no SDPA/flash path (checked against the fit-set record). */
const EAGER_ONLY = new Set(['bloom']);

/** Families that add ALiBi biases to materialized scores (their bytes per score: eagerAttention.ts). */
const ALIBI = new Set(['bloom']);

/**
 * An `attn_implementation=` value: "eager" materializes the scores; "sdpa" is transformers' default; the
 * flash and flex kernels (and hub kernels such as "kernels-community/flash-attn") never hold the score matrix.
 */
export function parseAttnImplementation(raw: string): AttentionKernel | undefined {
  if (raw === 'eager' || raw === 'sdpa') return raw;
  return /flash|flex|kernels/.test(raw) ? 'flash' : undefined;
}

/** The kernel a model runs: the user's `attn_implementation=` when given, else its family's default. */
export function attentionKernelFor(modelType: string, asked?: AttentionKernel): AttentionKernel {
  if (asked) return asked;
  return EAGER_ONLY.has(modelType) ? 'eager' : 'sdpa';
}

/** ALiBi-biased eager attention (BLOOM; Falcon with `alibi: true`). */
export function usesAlibi(modelType: string, config: HFConfig | undefined): boolean {
  return ALIBI.has(modelType) || config?.['alibi'] === true;
}
