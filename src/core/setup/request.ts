/** A setup request with its defaults filled, and the estimate step and quantization its task means. */
import type { EstimateMode } from '../memory/estimateTypes';
import type { Quantization } from '../memory/quantization';
import { DEFAULT_ESTIMATE_SETTINGS } from '../analysis/estimateChoice';
import { DEFAULT_SETUP } from '../settings';
import { loraTargetsOf } from './loraTargets';
import type { ResolvedSetupRequest, SetupRequest } from './types';

/** peft's LoraConfig default rank (`r: int = 8`). */
export const DEFAULT_LORA_RANK = 8;

export function resolveRequest(req: SetupRequest): ResolvedSetupRequest {
  const processes = req.processes ?? 1;
  return {
    model: req.model,
    cards: req.cards,
    task: req.task,
    strategy: req.strategy ?? 'studio',
    processes,
    layout: req.layout ?? 'data-parallel',
    formats: req.formats && req.formats.length > 0 ? [...new Set(req.formats)] : ['python'],
    dtype: req.dtype ?? 'bf16',
    batch: req.batch ?? DEFAULT_ESTIMATE_SETTINGS.batch,
    seq: req.seq ?? DEFAULT_ESTIMATE_SETTINGS.seqLength,
    loraRank: req.loraRank ?? DEFAULT_LORA_RANK,
    gradientCheckpointing: req.gradientCheckpointing ?? false,
    ...(req.cpuOffload !== undefined && req.task === 'inference' ? { cpuOffload: req.cpuOffload } : {}),
    machine: { ...DEFAULT_SETUP, ...req.machine, gpus: req.cards },
  };
}

export function trains(r: Pick<ResolvedSetupRequest, 'task'>): boolean {
  return r.task !== 'inference';
}

/** QLoRA loads 4-bit NF4 weights (bitsandbytes); the other tasks load the dtype as is. */
export function quantizationOf(r: Pick<ResolvedSetupRequest, 'task'>): Quantization | undefined {
  return r.task === 'qlora' ? { method: 'bnb-4bit' } : undefined;
}

/**
 * The step the estimate covers, as the editor estimates the file written for it: a forward pass
 * for inference, a LoRA step (rank and targets as written) for LoRA / QLoRA, a full fine-tuning
 * step (every parameter, AdamW as the written `Trainer` builds it) for full fine-tuning — the
 * editor reads a `Trainer` with no peft as that.
 */
export function modeOf(r: ResolvedSetupRequest): EstimateMode {
  if (r.task === 'inference') return { kind: 'forward', batch: r.batch, seq: r.seq };
  if (r.task === 'full') return { kind: 'train-full', batch: r.batch, seq: r.seq, gradientCheckpointing: r.gradientCheckpointing };
  return {
    kind: 'train-lora',
    batch: r.batch,
    seq: r.seq,
    rank: r.loraRank,
    targets: loraTargetsOf(r.model.tree),
    gradientCheckpointing: r.gradientCheckpointing,
  };
}
