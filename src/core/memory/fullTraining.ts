/**
 * Full fine-tuning (issue 17): every parameter trainable, AdamW as transformers
 * 5.17's Trainer builds it (`adamw_torch_fused` on torch >= 2.8), whose two
 * states (exp_avg, exp_avg_sq) take the parameter's dtype, like the gradients.
 * A device_map over several cards keeps each parameter's gradient and states
 * on that parameter's card.
 *
 * The peak is over two steps: the second runs forward and backward with the
 * states resident. Within a step, backward frees saved activations as it makes
 * gradients, so a card peaks either as backward starts (states + everything
 * saved + the loss, the head's gradient made first) or when every gradient
 * exists (states + gradients: the end of backward and the optimizer step).
 * Linear inputs a frozen base never keeps are kept here, since a trainable
 * weight's gradient needs them; the per-width factors are fitted on H100
 * measurements (test/fixtures/measured/h100-2026-12-05-fullft.json).
 */
import type { BlockDims } from './modelDims';

/** AdamW's states per trainable parameter, each in the parameter's dtype: exp_avg and exp_avg_sq. */
export const ADAMW_STATES = 2;

/** Copies of a parameter's bytes full fine-tuning adds on its card: its gradient and the two states (the planner's per-unit cost). */
export const FULL_TRAINING_COPIES = 1 + ADAMW_STATES;

/**
 * Elements per token a block keeps beyond the frozen-base count when its weights train. Of the Linear inputs a
 * frozen base does not keep, the MLP output projection's is the one the measurements see: a gated MLP's product
 * act(gate) * up (or a GELU's output) is a new tensor; a ReLU's output is already saved by the ReLU itself. The
 * others (attention output, the MLP's normed input) are tensors the frozen-base count already holds.
 * Factor fitted on Qwen2.5-0.5B and Mistral-7B (4 layers), bf16, SDPA; OPT-350m (ReLU) fits with none.
 */
export function trainableLinearInputsPerToken(b: BlockDims, activation: string): number {
  if (!b.gated && /^relu$/.test(activation)) return 0;
  return MLP_OUT_INPUT_FACTOR * b.intermediate;
}

export const MLP_OUT_INPUT_FACTOR = 0.5;

export interface FullTrainingPeak {
  /** States, plus the gradients alive at the peak. */
  readonly training: number;
  /** Activations alive at the peak (0 when the peak is the optimizer step). */
  readonly activations: number;
  readonly formula: string;
}

/**
 * A card's peak in full fine-tuning: `paramBytes` of trainable parameters on it, `backwardStart` the bytes saved
 * for backward plus the largest transient (the loss with the head's gradient, or one block's working set), and
 * `embeddingAccumulator` the fp32 buffer a 16-bit embedding's backward accumulates its gradient in, the last thing
 * backward makes, while every other gradient exists (seen on Mistral-7B with checkpointing: 2 × its bf16 weight).
 */
export function fullTrainingPeak(paramBytes: number, backwardStart: number, embeddingAccumulator: number): FullTrainingPeak {
  const states = ADAMW_STATES * paramBytes;
  const gradients = paramBytes + embeddingAccumulator;
  const startWins = backwardStart >= gradients;
  const training = states + (startWins ? 0 : gradients);
  const activations = startWins ? backwardStart : 0;
  const formula =
    `AdamW states ${states} B (exp_avg + exp_avg_sq in the parameters' dtype, 2 × ${paramBytes} B) + peak of: ` +
    `backward starting ${backwardStart} B (the activations), every gradient ${paramBytes} B` +
    `${embeddingAccumulator ? ` + the embedding's fp32 gradient accumulator ${embeddingAccumulator} B` : ''} at the end of backward` +
    ` -> ${startWins ? 'backward start' : 'end of backward'}`;
  return { training, activations, formula };
}
