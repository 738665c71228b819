/**
 * The machine a workspace targets, as the settings (or the CLI's `--gpus`)
 * describe it. Capacities are in bytes.
 */
import { DEFAULT_DRIVER_BYTES } from './memory/context';

export type AcceleratorKind = 'cuda' | 'npu' | 'xpu' | 'mps';

export interface GpuSpec {
  /** Display name ("RTX 4090", "A100 80GB", or "GPU"). */
  readonly name: string;
  /** Total memory in bytes. */
  readonly memory: number;
}

export interface MachineSetup {
  readonly accelerator: AcceleratorKind;
  /** Empty when unknown: capacity and device-index checks stay silent. */
  readonly gpus: readonly GpuSpec[];
  /** CPU RAM budget for offload, bytes (0/undefined: unknown). */
  readonly cpuMemory?: number;
  /** Bytes to keep free on the main card when training (SPEC §5: 4-6 GiB). */
  readonly trainingReserve: number;
  /** Per-card CUDA context and library workspaces, bytes. */
  readonly contextBytes: number;
}

export const GIB = 2 ** 30;
export const GB = 1e9;

/** Presets offered in settings and the panel. Memory as the card reports it. */
export const GPU_PRESETS: ReadonlyArray<{ readonly id: string; readonly name: string; readonly memory: number }> = [
  { id: 'rtx3090', name: 'RTX 3090 24 GB', memory: 24 * GIB },
  { id: 'rtx4090', name: 'RTX 4090 24 GB', memory: 24 * GIB },
  { id: 'a10g', name: 'A10G 24 GB', memory: 24 * GIB },
  { id: 'l4', name: 'L4 24 GB', memory: 24 * GIB },
  { id: 't4', name: 'T4 16 GB', memory: 16 * GIB },
  { id: 'v100-32', name: 'V100 32 GB', memory: 32 * GIB },
  { id: 'a100-40', name: 'A100 40 GB', memory: 40 * GIB },
  { id: 'a100-80', name: 'A100 80 GB', memory: 80 * GIB },
  { id: 'l40s', name: 'L40S 48 GB', memory: 48 * GIB },
  { id: 'h100-80', name: 'H100 80 GB', memory: 80 * GIB },
  { id: 'h200', name: 'H200 141 GB', memory: 141 * GB },
];

export const DEFAULT_SETUP: MachineSetup = {
  accelerator: 'cuda',
  gpus: [],
  trainingReserve: 5 * GIB,
  // Measured: the CUDA context once a matmul ran (core/memory/context.ts, docs/calibration.md).
  contextBytes: DEFAULT_DRIVER_BYTES,
};
