/**
 * One-click setup (issue 17): from a model and the cards to a checked map and a
 * launch command. The request is plain data; the faces (CLI `device-map init`,
 * VS Code "New Setup…") fill it and show what comes back. Every figure in a
 * result comes from the one memory estimate (`mapEstimate`), every map from the
 * one planner policy or transformers' strategy engine: nothing here computes
 * bytes of its own.
 */
import type { Device } from '../base/devices';
import type { DType } from '../base/dtypes';
import type { DeviceEstimate, EstimateMode } from '../memory/estimateTypes';
import type { Quantization } from '../memory/quantization';
import type { ModelTree } from '../models/tree';
import type { Strategy } from '../placement/strategy';
import type { GpuSpec, MachineSetup } from '../settings';

export const SETUP_TASKS = ['inference', 'lora', 'qlora', 'full'] as const;
/** What the run does: inference, LoRA, QLoRA (4-bit NF4 weights + LoRA) or full fine-tuning. */
export type SetupTask = (typeof SETUP_TASKS)[number];

export const SETUP_STRATEGIES = ['studio', 'auto', 'balanced', 'balanced_low_0', 'sequential'] as const;
/** `studio`: our planner (the policy `plan --strategy studio` uses); the others: transformers' own strategies. */
export type SetupStrategy = 'studio' | Strategy;

export const SETUP_LAYOUTS = ['data-parallel', 'hybrid'] as const;
/** Several processes: a whole copy per process, or model parallel inside each process and data parallel across. */
export type SetupLayout = (typeof SETUP_LAYOUTS)[number];

export const SETUP_FORMATS = ['python', 'json', 'swift', 'torchrun', 'accelerate'] as const;
/** What to write: a Python script, a JSON map file, an ms-swift shell script, a torchrun / accelerate launch script. */
export type SetupFormat = (typeof SETUP_FORMATS)[number];

/** The dtypes a setup loads in (`from_pretrained(dtype=...)`, ms-swift `--torch_dtype`). */
export type SetupDType = Extract<DType, 'bf16' | 'fp16' | 'fp32'>;

/** The model as resolved by the face (catalogue, HF cache, Hub, local folder). */
export interface SetupModel {
  /** What `from_pretrained` / `swift --model` gets: a Hub id or a folder. */
  readonly id: string;
  /** The module tree (it carries its config.json). */
  readonly tree: ModelTree;
}

export interface SetupRequest {
  readonly model: SetupModel;
  /** The cards the run may use, in CUDA order (the `--gpus` flag / `gpus` setting, or detected). */
  readonly cards: readonly GpuSpec[];
  readonly task: SetupTask;
  /** Default `studio`. */
  readonly strategy?: SetupStrategy;
  /** Processes per node; default 1. */
  readonly processes?: number;
  /** With several processes; default `data-parallel`. */
  readonly layout?: SetupLayout;
  /** Default `['python']`. A launch format (swift, torchrun, accelerate) also writes the Python script it starts. */
  readonly formats?: readonly SetupFormat[];
  /** The dtype the weights load in (LoRA/QLoRA compute dtype too); default bf16. */
  readonly dtype?: SetupDType;
  /** The step the estimate covers; defaults are the editor's estimate settings (batch 1, 512 tokens). */
  readonly batch?: number;
  readonly seq?: number;
  /** LoRA rank; default 8. */
  readonly loraRank?: number;
  /** Default false (the editor's estimate of a training file assumes none). */
  readonly gradientCheckpointing?: boolean;
  /** Inference only: RAM (bytes) that may take the modules the cards cannot hold; absent: GPUs only. */
  readonly cpuOffload?: number;
  /** CUDA context, training reserve and CPU RAM of the machine; default the engine's (`DEFAULT_SETUP`). */
  readonly machine?: Partial<Pick<MachineSetup, 'contextBytes' | 'trainingReserve' | 'cpuMemory'>>;
}

/** One card's estimate for the chosen step. */
export interface SetupCard {
  /** Global CUDA index of the card. */
  readonly device: number;
  /** The process that uses the card (several processes). */
  readonly rank: number;
  readonly name: string;
  readonly capacity: number;
  /** `mapEstimate`'s parts for the card. */
  readonly estimate: DeviceEstimate;
  /** Must stay free besides the estimate: the training reserve on a training process's first card, else 0. */
  readonly reserve: number;
  readonly fits: boolean;
}

/** One process's map, in global CUDA indices. */
export interface RankMap {
  readonly rank: number;
  /** The cards this process uses (global indices). */
  readonly cards: readonly number[];
  readonly deviceMap: ReadonlyMap<string, Device>;
  /** `max_memory` written for a transformers strategy (global indices -> bytes); absent for our planner's dict. */
  readonly maxMemory?: ReadonlyMap<Device, number>;
}

/** Per placement choice, for the quick pick's preview. */
export interface SetupPreviewChoice {
  readonly strategy: SetupStrategy;
  readonly perCard: readonly SetupCard[];
  readonly fits: boolean;
  /** Modules that would leave the GPUs (CPU / disk). */
  readonly offloaded: readonly string[];
  /** One line for the quick pick: `cuda:0 11.2 GiB / 23.6 GiB · cuda:1 …`, or why there is none. */
  readonly summary: string;
}

export type SetupLimitReason = 'over-capacity' | 'offload' | 'not-estimated' | 'layout';

export interface SetupLimits {
  readonly reason: SetupLimitReason;
  /** Says what does not fit with the numbers: needed vs available per card. */
  readonly message: string;
  readonly cards: ReadonlyArray<{ readonly device: number; readonly needed: number; readonly available: number }>;
}

export interface SetupAlternative {
  /** `QLoRA (4-bit) instead of LoRA`. */
  readonly what: string;
  /** What to change in the request. */
  readonly change: Partial<Omit<SetupRequest, 'model'>>;
  /** The same estimate on the changed request. */
  readonly perCard: readonly SetupCard[];
}

export interface SetupFile {
  /** Relative to the folder the setup is written to (`/`-separated). */
  readonly relativePath: string;
  readonly languageId: 'python' | 'json' | 'shellscript';
  readonly content: string;
}

export interface SetupPlan {
  /** The request with every default filled in. */
  readonly request: ResolvedSetupRequest;
  /** The step the per-card figures cover (absent when no step was estimated: a layout the cards cannot take). */
  readonly mode?: EstimateMode;
  readonly quantization?: Quantization;
  /** Each process's map (one entry with one process). */
  readonly ranks: readonly RankMap[];
  /** Process 0's map (the only one with one process), global CUDA indices. */
  readonly map: ReadonlyMap<string, Device>;
  readonly perCard: readonly SetupCard[];
  readonly fits: boolean;
  /** Why it does not fit, with the numbers. */
  readonly limits?: SetupLimits;
  /** Changes that do fit, each checked with the same estimate. */
  readonly alternatives: readonly SetupAlternative[];
  /** The files to write; empty when it does not fit and the caller did not force. */
  readonly files: readonly SetupFile[];
  /** LoRA target modules, read from the model's tree. */
  readonly loraTargets: readonly string[];
  readonly notes: readonly string[];
}

export interface ResolvedSetupRequest extends Required<Omit<SetupRequest, 'cpuOffload' | 'machine'>> {
  readonly cpuOffload?: number;
  readonly machine: MachineSetup;
}

export interface PlanSetupOptions {
  /** Write the files even when the setup does not fit (the limits still say why). */
  readonly force?: boolean;
}
