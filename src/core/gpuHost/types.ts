/**
 * The cards a GPU host reports, in the shape `device-map gpus --json` prints
 * (snake_case fields, bytes). Detection itself (running the vendor tools) lives
 * in src/node/gpuHost; this folder only reads their output, so it stays pure.
 */

/** The tool that reported the cards; `apple` is the unified memory of an Apple Silicon Mac. */
export type GpuTool = 'nvidia-smi' | 'rocm-smi' | 'amd-smi' | 'npu-smi' | 'xpu-smi' | 'apple';

export interface HostGpu {
  /** The index the process sees (after `CUDA_VISIBLE_DEVICES` & co.): `cuda:<index>`. */
  readonly index: number;
  readonly name: string;
  /** Bytes, exactly as the tool reports them (nvidia-smi: MiB × 1,048,576). */
  readonly memory_total: number;
  /** Null when the tool does not say. */
  readonly memory_used: number | null;
  readonly memory_free: number | null;
  readonly uuid: string | null;
}

export interface GpuDetection {
  readonly gpus: readonly HostGpu[];
  readonly source: GpuTool | null;
  /** Why the list is empty (no tool, no driver, hidden by CUDA_VISIBLE_DEVICES...). */
  readonly reason?: string;
}

/** One process holding memory on a card (`nvidia-smi --query-compute-apps`). */
export interface ComputeApp {
  readonly pid: number;
  readonly name: string;
  readonly usedMemory: number;
  readonly gpuUuid: string;
}

/** What one poll of the live memory finds: the cards now, and who holds memory on them. */
export interface LiveSample {
  readonly detection: GpuDetection;
  /** Processes per visible card index. */
  readonly processes: ReadonlyMap<number, readonly ComputeApp[]>;
}

export const MIB = 2 ** 20;

/** The torch device type a tool's cards are addressed with (`cuda:0`, `npu:0`...). */
export function deviceType(source: GpuTool | null): 'cuda' | 'npu' | 'xpu' | 'mps' {
  return source === 'npu-smi' ? 'npu' : source === 'xpu-smi' ? 'xpu' : source === 'apple' ? 'mps' : 'cuda';
}
