/**
 * What the layout panel draws, as plain JSON-safe data. The host computes it
 * from the document, the model tree and the estimate; the webview only turns
 * it into geometry and SVG. Devices travel as transformers names them:
 * numbers for accelerators, strings for `cpu`, `disk`, `mps`...
 */
import type { DeviceEstimate } from '../memory/estimateTypes';

export type PanelDevice = number | string;

/** The layouts the panel can preview: transformers' strategies and our planner. */
export type PanelStrategy = 'balanced' | 'balanced_low_0' | 'sequential' | 'planned';
export const PANEL_STRATEGIES: readonly PanelStrategy[] = ['balanced', 'balanced_low_0', 'sequential', 'planned'];

/** Colour groups of the weight bar and the cells. */
export type BlockGroup = 'embedding' | 'block' | 'head' | 'other';

export type WarningSeverity = 'error' | 'warning' | 'info' | 'hint';

/** One finding drawn on a cell or a column (same code and text as the diagnostic). */
export interface PanelWarning {
  readonly code: string;
  readonly severity: WarningSeverity;
  readonly message: string;
}

/** One forward-order unit of the model: an embedding, a decoder block, the head... */
export interface PanelBlock {
  /** Module path (`model.layers.3`): what an intent names. */
  readonly name: string;
  /** Short text drawn in the cell (`3`, `emb`, `head`). */
  readonly label: string;
  readonly group: BlockGroup;
  readonly bytes: number;
  readonly params: number;
  /** Where its tensors land, most bytes first; empty when no key covers it. */
  readonly devices: ReadonlyArray<{ readonly device: PanelDevice; readonly bytes: number }>;
  readonly warnings: readonly PanelWarning[];
}

/** The five components of one device's memory and their total, bytes: exactly the estimate's. */
export type PanelMemory = DeviceEstimate;

export interface PanelColumn {
  readonly device: PanelDevice;
  /** `cuda:0`, `cpu`, `disk`. */
  readonly label: string;
  /** Card name from the GPU setup ("RTX 4090 24 GB"), or "offload". */
  readonly name: string;
  /** Bytes the device offers; undefined when unknown (cpu, disk, no setup). */
  readonly capacity?: number;
  readonly memory: PanelMemory;
  /** Weight bytes split by colour group, for the stacked bar. */
  readonly weightsByGroup: Readonly<Record<BlockGroup, number>>;
  /** Formula text per component, for tooltips. */
  readonly formulas: Readonly<Partial<Record<keyof PanelMemory, string>>>;
  readonly warnings: readonly PanelWarning[];
}

export type PanelMode = 'load' | 'forward' | 'generate' | 'train-lora' | 'train-full';
export type PanelQuantization = 'none' | 'bnb-4bit' | 'bnb-8bit';

/** The toolbar's view of the workload (not saved to settings: it describes the run, not the machine). */
export interface PanelOptions {
  /** `auto`: the document's dtype, else the config's. */
  readonly dtype: 'auto' | 'bf16' | 'fp16' | 'fp32';
  readonly quantization: 'auto' | PanelQuantization;
  readonly mode: PanelMode;
  readonly seq: number;
  readonly batch: number;
  /** Training checks on (CPU blocks, reserve); `auto` follows what the file does. */
  readonly training: 'auto' | 'on' | 'off';
}

/** Sequence length 512 and batch 1: the CLI's and the settings' defaults, so the numbers agree out of the box. */
export const DEFAULT_OPTIONS: PanelOptions = { dtype: 'auto', quantization: 'auto', mode: 'load', seq: 512, batch: 1, training: 'auto' };

/** A GPU of the setup, as the toolbar edits it. */
export interface PanelGpu {
  readonly name: string;
  readonly memory: number;
}

export interface PanelSnapshot {
  /** Document version the snapshot was computed from; intents echo it. */
  readonly documentVersion: number;
  /** Index of the bound map among the document's maps. */
  readonly mapIndex: number;
  /** The document's URI (the serializer rebinds to it after a reload). */
  readonly uri: string;
  readonly fileName: string;
  /** Model as the source names it, and the class built. */
  readonly modelName: string;
  readonly modelClass: string;
  /** `dict`, or the strategy/device string the map expands from. */
  readonly mapKind: string;
  /** False when intents cannot be turned into edits (partial map, comprehension...). */
  readonly editable: boolean;
  readonly blocks: readonly PanelBlock[];
  readonly columns: readonly PanelColumn[];
  /** Findings that concern no single block (shown in the status line). */
  readonly warnings: readonly PanelWarning[];
  readonly options: PanelOptions;
  /** The GPU setup as configured (the toolbar edits it). */
  readonly gpus: readonly PanelGpu[];
  /** Set when the file's `CUDA_VISIBLE_DEVICES` shows fewer cards than configured: only those get columns. */
  readonly visibleGpus?: number;
  /** Training checks are on (explicitly or because the file trains). */
  readonly training: boolean;
}
