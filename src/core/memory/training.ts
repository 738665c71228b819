/**
 * One LoRA (or QLoRA) step: adapters in fp32 (peft's default), their gradients
 * and AdamW's two moments, 16 B per trainable parameter; activations saved for
 * backward through every block (LoRA on each block's projections makes
 * gradients flow to the first one), or only each block's input with gradient
 * checkpointing plus one block recomputed; the loss over fp32 logits on the
 * head's card.
 * Saved-activation factors fitted by least squares on H200 measurements of
 * Llama-2-7B, Qwen2.5-7B, Mistral-7B and Gemma-2 (residuals ≤ 3%, see
 * docs/calibration.md); GPT-2's tanh GELU fitted on GPT-2-XL.
 */
import { walkModules, type ModelTree } from '../models/tree';
import type { BlockDims } from './modelDims';

export const ADAMW_BYTES_PER_TRAINABLE = 16;

/** Saved elements per token for one block: per norm × hidden, per attention width, per MLP width. */
export function savedPerToken(b: BlockDims, hidden: number, activation: string): number {
  const mlp = b.gated ? 4.39 : /gelu_new|gelu_fast|gelu_pytorch_tanh|tanh/.test(activation) ? 4.18 : 1.45;
  return 1.88 * b.norms * hidden + 1.67 * (b.qWidth + b.kvWidth) + mlp * b.intermediate;
}

export interface Adapter {
  readonly module: string;
  readonly params: number;
}

/** The Linear (or Conv1D) modules LoRA wraps: those whose last name segment is a target. */
export function loraAdapters(tree: ModelTree, targets: readonly string[], rank: number): Adapter[] {
  const out: Adapter[] = [];
  for (const m of walkModules(tree.root)) {
    const last = m.name.split('.').pop() ?? '';
    if (!targets.includes(last) && !targets.includes(m.name)) continue;
    const w = m.params.find((p) => p.name === 'weight');
    if (!w || w.shape.length !== 2) continue;
    out.push({ module: m.name, params: rank * (w.shape[0]! + w.shape[1]!) });
  }
  return out;
}

/** Loss over the logits: bf16 logits, fp32 upcast, log-softmax and its gradient (12 B per logit in bf16). */
export function lossTransientBytes(tokens: number, vocab: number, elementBytes: number, softcap: boolean): number {
  return tokens * vocab * (elementBytes + 10 + (softcap ? elementBytes : 0));
}
