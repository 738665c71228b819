/**
 * The attention-scores term of the estimate, in one place: bytes per score for
 * the kernel that runs (the family's eager path, or SDPA's math fallback) and the
 * sentence the hover shows with its numbers (issue 19).
 */
import type { HFConfig } from '../models/config';
import { SCORE_BYTES_INFER, SCORE_BYTES_SAVED, scoreCount, type AttentionKernel } from './activations';
import { eagerFacts, eagerScoreBytes } from './eagerAttention';
import type { BlockDims } from './modelDims';

export interface PerScore {
  /** Bytes per score at one layer's peak without autograd. */
  readonly infer: number;
  /** Bytes per score kept per layer for the backward. */
  readonly saved: number;
  /** Bytes per element of the 4-D mask eager attention adds to the scores (0: no such mask is counted). */
  readonly mask: number;
  readonly what: string;
}

export function scoreBytesFor(kernel: AttentionKernel, modelType: string, config: HFConfig | undefined, e: number): PerScore {
  if (kernel === 'eager') {
    const f = eagerFacts(modelType, config);
    const b = eagerScoreBytes(f, e);
    return { infer: b.infer, saved: b.saved, mask: f.alibi ? 1 : e, what: b.what };
  }
  // SDPA's math fallback (Falcon's broadcast MQA, GQA in fp32): fitted on H200 runs (activations.ts).
  return { infer: SCORE_BYTES_INFER(e), saved: SCORE_BYTES_SAVED(e), mask: 0, what: "SDPA's math fallback (fitted)" };
}

/**
 * "attention scores (eager: float32 softmax, no attention dropout): 4 × 32 heads × 2048 × 2048 × 10 B =
 * 5368709120 B while one layer runs[; kept for backward 6 B per score × 24 layers = … B]", or '' when
 * no block on the card materializes its scores.
 */
export function attentionTerm(
  blocks: readonly BlockDims[],
  materialized: (b: BlockDims) => boolean,
  batch: number,
  seq: number,
  p: PerScore,
  savedLayers: number,
): string {
  const b = blocks.find(materialized);
  if (!b) return '';
  const n = scoreCount(b, batch, seq, seq);
  const kept =
    savedLayers > 0
      ? `; kept for backward ${p.saved} B per score × ${savedLayers} layers = ${Math.round(n * p.saved * savedLayers)} B`
      : '';
  return `attention scores (${p.what}): ${batch} × ${b.heads} heads × ${seq} × ${seq} × ${p.infer} B = ${Math.round(n * p.infer)} B while one layer runs${kept}`;
}
