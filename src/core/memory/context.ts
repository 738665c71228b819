/**
 * Memory a card loses beyond tensors: the CUDA context and library handles
 * (outside PyTorch's allocator) and the cuBLAS workspace (inside it).
 * Defaults measured on H200, torch 2.11 + CUDA 13 (tools/measure_memory.py,
 * test/fixtures/measured/): context 648,871,936 B once a card is touched,
 * 718,077,952 B after the first matmul; cuBLAS workspace 32 MiB per thread that
 * runs matmuls, so 64 MiB once a backward pass (autograd's own thread) has run.
 */
export interface ContextSettings {
  /** Bytes outside the allocator per GPU (nvidia-smi sees them, memory_allocated does not). 0 to compare with memory_allocated. */
  readonly driverBytes?: number;
  /** Bytes of one cuBLAS workspace. */
  readonly workspaceBytes?: number;
  /** A matmul already ran in this process (workspace exists even in `load`), as in a notebook. */
  readonly warm?: boolean;
  /** Workspaces already made per card (1 after inference, 2 after a backward pass); overrides the mode's own count. */
  readonly workspaces?: number;
}

export const DEFAULT_DRIVER_BYTES = 718_077_952;
export const DEFAULT_DRIVER_BYTES_BEFORE_MATMUL = 648_871_936;
export const DEFAULT_WORKSPACE_BYTES = 32 * 1024 * 1024;

/** Bytes of context on one GPU that runs work in this mode. */
export function contextBytes(
  s: ContextSettings,
  mode: 'load' | 'infer' | 'train',
  runsMatmuls: boolean,
): { bytes: number; formula: string } {
  const ws = s.workspaceBytes ?? DEFAULT_WORKSPACE_BYTES;
  const count = s.workspaces ?? (mode === 'train' ? 2 : mode === 'infer' ? 1 : s.warm ? 1 : 0);
  const used = runsMatmuls || s.warm ? count : 0;
  const driver = s.driverBytes ?? (mode === 'load' && !s.warm ? DEFAULT_DRIVER_BYTES_BEFORE_MATMUL : DEFAULT_DRIVER_BYTES);
  return {
    bytes: driver + used * ws,
    formula: `CUDA context ${driver} B + ${used} cuBLAS workspace(s) × ${ws} B`,
  };
}
