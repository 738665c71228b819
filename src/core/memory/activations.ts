/**
 * Transient activations of an inference forward pass (no autograd), per card.
 * The peak on a card is the largest of: one block's working set (the MLP
 * intermediate dominates), the logits on the head's card, and the copy of the
 * logits accelerate's root hook moves to the input's card.
 * Factors fitted on H200 measurements (docs/calibration.md): a gated MLP
 * (SwiGLU/GeGLU) holds 3 intermediate-wide tensors at once, GPT-2's tanh GELU
 * about 4.3; the residual stream adds 3 hidden-wide tensors, one more on the
 * card that keeps the input embeddings.
 */
import type { BlockDims } from './modelDims';

export function mlpTransientFactor(b: BlockDims, activation: string): number {
  if (b.gated) return 3;
  return /gelu_new|gelu_fast|gelu_pytorch_tanh|tanh/.test(activation) ? 4.3 : 2;
}

/** One block's working set during a forward pass over `tokens` tokens. */
export function blockTransientBytes(
  b: BlockDims,
  hidden: number,
  activation: string,
  tokens: number,
  elementBytes: number,
  holdsEmbeddings: boolean,
): number {
  // MoE (transformers 5 fused experts): routed copies of the hidden state in and out, the fused gate_up output and its product.
  const mlp = b.expertElements > 0 ? 4 * b.intermediate + 2 * b.topK * hidden : mlpTransientFactor(b, activation) * b.intermediate;
  const widths = mlp + (holdsEmbeddings ? 4 : 3) * hidden;
  return tokens * widths * elementBytes;
}

/** Logits on the head's card (a second vocab-sized tensor with soft-capping), plus the final hidden states. */
export function headTransientBytes(tokens: number, vocab: number, hidden: number, elementBytes: number, softcap: boolean): number {
  return tokens * vocab * elementBytes * (softcap ? 2 : 1) + 2 * tokens * hidden * elementBytes;
}

/** Sliding-window attention needs an explicit boolean mask once the sequence exceeds the window. */
export function slidingMaskBytes(blocks: readonly BlockDims[], batch: number, seq: number): number {
  return blocks.some((b) => b.window !== undefined && seq > b.window) ? batch * seq * seq : 0;
}

/**
 * Attention scores exist as tensors only where the kernel materializes them:
 * eager attention, and SDPA's math fallback (seen on H200 for Falcon-7B's
 * broadcast multi-query attention in bf16, and for grouped-query attention in
 * fp32). Bytes per score, fitted on those runs: inference 8.6 (bf16) / 6.8
 * (fp32) while one layer runs; saved for backward per layer 4.1 / 1.9.
 */
/** `flash`: flash-attention 2/3, flex and hub kernels: tiled, the scores never exist as a tensor. */
export type AttentionKernel = 'sdpa' | 'eager' | 'flash';

export function scoresMaterialized(kernel: AttentionKernel, broadcastMqa: boolean, b: BlockDims, elementBytes: number): boolean {
  if (kernel === 'eager') return true;
  if (kernel === 'flash') return false;
  const grouped = b.kvWidth / 2 < b.qWidth;
  return broadcastMqa || (elementBytes === 4 && grouped);
}

export function scoreCount(b: BlockDims, batch: number, queries: number, keys: number): number {
  return batch * b.heads * queries * keys;
}

export const SCORE_BYTES_INFER = (elementBytes: number): number => (elementBytes >= 4 ? 6.8 : 8.6);
export const SCORE_BYTES_SAVED = (elementBytes: number): number => (elementBytes >= 4 ? 1.9 : 4.1);

/** MoE decoding gathers each routed expert's weights per token (transformers 5 batched experts): one block at a time. */
export function expertGatherBytes(b: BlockDims, tokens: number, weightBytes: number): number {
  return b.expertElements > 0 ? tokens * b.topK * b.expertElements * weightBytes : 0;
}
