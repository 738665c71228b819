/**
 * One place decides what a map's memory estimate covers (issue 7): DM011, the
 * CodeLens, the hover, the status bar and the panel's first view all ask here,
 * so they show one number. The host's `deviceMapStudio.estimate.*` settings
 * arrive as plain data (`EstimateSettings`); without them the engine's default
 * is a training step when the file trains (full fine-tuning when it builds a
 * Trainer without peft, else LoRA), else a short forward pass.
 */
import { estimateMemory, type EstimateOptions } from '../memory/estimate';
import type { EstimateMode, MemoryEstimate } from '../memory/estimateTypes';
import type { DType } from '../base/dtypes';
import type { Quantization } from '../memory/quantization';
import type { AttentionKernel } from '../memory/activations';
import type { ModelTree } from '../models/tree';
import type { Device } from '../base/devices';
import { DEFAULT_SETUP, type MachineSetup } from '../settings';
import type { AnalysisEnv } from './api';
import { derived, mapSignature } from './derivedCache';
import { estimateSay } from './estimateWords';

export type EstimateSetting = 'auto' | 'load' | 'forward' | 'generate' | 'train';

/** `deviceMapStudio.estimate.*` as plain data. */
export interface EstimateSettings {
  readonly mode: EstimateSetting;
  readonly batch: number;
  readonly seqLength: number;
  readonly newTokens: number;
}

/** The settings' own defaults (package.json). */
export const DEFAULT_ESTIMATE_SETTINGS: EstimateSettings = { mode: 'auto', batch: 1, seqLength: 512, newTokens: 64 };

/** What the document says about the run. */
export interface ModeFacts {
  readonly trains: boolean;
  readonly loraRank?: number;
  readonly loraTargets?: readonly string[];
  /** A Trainer/SFTTrainer with no peft (get_peft_model, LoraConfig): every parameter trains. */
  readonly fullFineTuning?: boolean;
}

/**
 * The estimate mode for a document: `auto` is a training step when it trains (full fine-tuning when it trains
 * without peft, else LoRA with r and targets from its LoraConfig), else a forward pass.
 */
export function defaultEstimateMode(facts: ModeFacts, s: EstimateSettings = DEFAULT_ESTIMATE_SETTINGS): EstimateMode {
  const kind = s.mode === 'auto' ? (facts.trains ? 'train' : 'forward') : s.mode;
  switch (kind) {
    case 'load':
      return { kind: 'load' };
    case 'forward':
      return { kind: 'forward', batch: s.batch, seq: s.seqLength };
    case 'generate':
      return { kind: 'generate', batch: s.batch, prompt: s.seqLength, newTokens: s.newTokens };
    case 'train':
      if (facts.fullFineTuning) return { kind: 'train-full', batch: s.batch, seq: s.seqLength, gradientCheckpointing: false };
      return {
        kind: 'train-lora',
        batch: s.batch,
        seq: s.seqLength,
        rank: facts.loraRank ?? 8,
        targets: facts.loraTargets ?? ['q_proj', 'v_proj'],
        gradientCheckpointing: false,
      };
  }
}

/** The mode the host asks for (its `estimateMode` hook), else the engine's default; a failing hook never takes the analysis down. */
export function estimateModeOf(env: AnalysisEnv, facts: ModeFacts): EstimateMode {
  const f: ModeFacts = {
    trains: facts.trains,
    ...(facts.loraRank !== undefined ? { loraRank: facts.loraRank } : {}),
    ...(facts.loraTargets ? { loraTargets: facts.loraTargets } : {}),
    ...(facts.fullFineTuning ? { fullFineTuning: true } : {}),
  };
  try {
    const m = env.estimateMode?.(f);
    if (m) return m;
  } catch {
    /* the default below */
  }
  return defaultEstimateMode(f);
}

/**
 * Options every face passes to `estimateMemory`. The CUDA context is the
 * estimate's measured default unless the user set `contextMiB` to something
 * else, so the editor's figures equal `device-map estimate --json`.
 */
export function estimateOptionsFor(
  setup: MachineSetup,
  dtype?: DType,
  quantization?: Quantization,
  attention?: AttentionKernel,
): EstimateOptions {
  return {
    ...(dtype ? { dtype } : {}),
    ...(attention ? { attention } : {}),
    ...(quantization ? { quantization } : {}),
    ...(setup.contextBytes !== DEFAULT_SETUP.contextBytes ? { context: { driverBytes: setup.contextBytes } } : {}),
  };
}

/** `estimateMemory` for a map, cached per (tree, map, options): DM011, the CodeLens and the hover share one result. */
export function mapEstimate(
  tree: ModelTree,
  devices: ReadonlyMap<string, Device>,
  mode: EstimateMode,
  setup: MachineSetup,
  dtype?: DType,
  quantization?: Quantization,
  attention?: AttentionKernel,
): MemoryEstimate {
  const opts = estimateOptionsFor(setup, dtype, quantization, attention);
  const sig = mapSignature(devices, `${JSON.stringify(opts)}|${JSON.stringify(mode)}`);
  return derived(tree, sig, 'estimate', () => estimateMemory(tree, devices, mode, opts));
}

/** `a forward pass of 1 × 512 tokens`. */
export function describeMode(m: EstimateMode): string {
  switch (m.kind) {
    case 'load':
      return estimateSay.text('modeLoad', {});
    case 'forward':
      return estimateSay.text('modeForward', { batch: m.batch, seq: m.seq });
    case 'generate':
      return estimateSay.text('modeGenerate', { newTokens: m.newTokens, batch: m.batch, prompt: m.prompt });
    case 'train-lora':
      return estimateSay.text('modeTrainLora', { rank: m.rank, batch: m.batch, seq: m.seq });
    case 'train-full':
      return estimateSay.text(m.gradientCheckpointing ? 'modeTrainFullGc' : 'modeTrainFull', { batch: m.batch, seq: m.seq });
  }
}
