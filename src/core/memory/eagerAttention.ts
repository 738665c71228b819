/**
 * What eager attention holds per attention score, by family (issue 19), read from
 * the modeling files of transformers 5.17 and from the allocation rules of the
 * PyTorch ops they call, not fitted per model:
 *
 * - The shared `eager_attention_forward` (Llama, Mistral, Mixtral, Qwen2/3, Phi-3,
 *   Gemma, Gemma 2, OPT...): `matmul(q, kᵀ) * scaling`, `+ attention_mask`,
 *   `softmax(..., dtype=torch.float32).to(query.dtype)`, `dropout(p=attention_dropout
 *   if training)`, `matmul(probs, v)`. A bf16 softmax with `dtype=float32` first
 *   copies its input to float32 (only fp16 has the fused half-to-float kernel).
 * - Falcon without ALiBi: `softmax(scores + mask, dtype=hidden_states.dtype)`: no
 *   upcast, no dropout ("It is unclear why neither dropout nor head_mask is applied").
 * - GPT-2: `softmax(scores)` in the compute dtype, `.type(value.dtype)` (a no-op),
 *   `attn_dropout` (`attn_pdrop`) in train mode.
 * - ALiBi (BLOOM, Falcon with `alibi`): `baddbmm` scores, `.float()`, `* layer_number`,
 *   `masked_fill`, float32 softmax, `.to(input_dtype)`, `attention_dropout`.
 *
 * Per score, with e the compute dtype's bytes:
 * - one layer's peak without autograd (forward, generate's prefill, the forward of a
 *   training step): upcast e + 4 (float32 copy, only when e < 4) + 4 (float32
 *   softmax) = 10 B in bf16; no upcast 3e (scores, scores + mask, softmax) = 6 B;
 *   ALiBi e (baddbmm result, still referenced) + 4 + 4 + 4 = 14 B.
 * - kept for the backward, per layer (a training step without checkpointing keeps
 *   every layer's; with checkpointing one recomputed layer's): the softmax result
 *   (`_softmax_backward_data` needs it: 4 B when upcast, else e) plus the
 *   probabilities the value matmul saves (e, when a cast made them a new tensor);
 *   with dropout > 0 the dropout mask (1 B, bool) and its output (e) instead of the
 *   cast; Gemma 2's logit soft-capping keeps its `tanh` output (e). Llama/OPT in
 *   bf16: 6 B.
 */
import type { HFConfig } from '../models/config';
import { usesAlibi } from './attentionKernel';

export interface EagerFacts {
  /** `softmax(dtype=torch.float32)` then a cast back (the shared `eager_attention_forward`). */
  readonly softmaxUpcast: boolean;
  /** ALiBi: the scores are cast to float32 before the bias, the mask and the softmax. */
  readonly alibi: boolean;
  /** Attention-probability dropout applied in train mode (0: none, e.g. every config with `attention_dropout: 0.0`). */
  readonly dropout: number;
  /** Gemma 2's `attn_logit_softcapping`: `tanh` over the scores (its output is saved for backward). */
  readonly softcap: boolean;
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** The family's eager path, from its `model_type` and config. */
export function eagerFacts(modelType: string, config: HFConfig | undefined): EagerFacts {
  const alibi = usesAlibi(modelType, config);
  if (alibi) return { softmaxUpcast: true, alibi, dropout: num(config?.['attention_dropout']), softcap: false };
  // Falcon's rotary path: softmax in the compute dtype and no dropout.
  if (modelType === 'falcon') return { softmaxUpcast: false, alibi, dropout: 0, softcap: false };
  if (modelType === 'gpt2') return { softmaxUpcast: false, alibi, dropout: num(config?.['attn_pdrop'] ?? 0.1), softcap: false };
  return {
    softmaxUpcast: true,
    alibi,
    dropout: num(config?.['attention_dropout']),
    softcap: typeof config?.['attn_logit_softcapping'] === 'number',
  };
}

/** Bytes per score: at one layer's peak without autograd, and kept per layer for the backward in a training step. */
export interface ScoreBytes {
  readonly infer: number;
  readonly saved: number;
  /** What the numbers are, for the hover. */
  readonly what: string;
}

export function eagerScoreBytes(f: EagerFacts, e: number): ScoreBytes {
  const copy = e < 4 ? 4 : 0; // a float32 copy of the scores exists only when they are not float32 already
  const infer = f.alibi ? e + copy + 4 + 4 : f.softmaxUpcast ? e + copy + 4 : 3 * e;
  const softmaxOut = f.softmaxUpcast ? 4 : e;
  const cast = f.softmaxUpcast && e < 4 ? e : 0;
  const probs = f.dropout > 0 ? 1 + e : cast; // dropout: its bool mask and its output feed the value matmul
  const saved = softmaxOut + probs + (f.softcap ? e : 0);
  const parts = [
    f.alibi ? 'ALiBi, float32 scores' : f.softmaxUpcast ? 'float32 softmax' : 'softmax in the compute dtype',
    f.dropout > 0 ? `dropout ${f.dropout} (mask kept in training)` : 'no attention dropout',
    ...(f.softcap ? ['tanh soft-capping'] : []),
  ];
  return { infer, saved, what: `eager: ${parts.join(', ')}` };
}

/** The 4-D mask eager attention adds to the scores, built once per forward (bool for BLOOM's masked_fill). */
export function eagerMaskBytes(f: EagerFacts, batch: number, queries: number, keys: number, e: number): number {
  return batch * queries * keys * (f.alibi ? 1 : e);
}
