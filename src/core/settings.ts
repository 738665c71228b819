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
  /** Where `gpus` came from when not from the settings: "detected by nvidia-smi" (checks name it). */
  readonly gpuSource?: string;
  /** CPU RAM budget for offload, bytes (0/undefined: unknown). */
  readonly cpuMemory?: number;
  /** Bytes to keep free on the main card when training (SPEC §5: 4-6 GiB). */
  readonly trainingReserve: number;
  /** Per-card CUDA context and library workspaces, bytes. */
  readonly contextBytes: number;
}

export const GIB = 2 ** 30;
export const GB = 1e9;

/**
 * Presets offered in settings and the panel, in the bytes a process can allocate on
 * the card: torch's `torch.cuda.get_device_properties(i).total_memory` (the total of
 * `cudaMemGetInfo`, what `torch.cuda.mem_get_info` returns second). That is the
 * ceiling an OOM hits, and accelerate's `get_max_memory` budgets from
 * `torch.cuda.mem_get_info` (its free part), so it is never above this. It is a
 * little below nvidia-smi's `memory.total` (MiB), which also counts memory the driver
 * reserves: an H200 shows 143,771 MiB in nvidia-smi and 150,109,880,320 B in torch.
 * Detection (core/gpuHost/hostSetup.ts) reads nvidia-smi and lands on the same meaning.
 *
 * Sources, one per number: "measured" is torch on a real host; "OOM" is the
 * "GPU 0 has a total capacity of X GiB" line torch prints (that same total, rounded
 * to 0.01 GiB, so within ±5 MiB) quoted in a public issue. The total varies a little
 * with the driver and ECC; tools/gpu_host_check.sh records the exact one on a host.
 */
const oom = (gib: number): number => Math.round(gib * GIB);

export const GPU_PRESETS: ReadonlyArray<{ readonly id: string; readonly name: string; readonly memory: number }> = [
  // OOM: "23.68 GiB" — vllm-project/vllm#16343 (RTX 3090, driver 550, torch 2.6).
  { id: 'rtx3090', name: 'RTX 3090 24 GB', memory: oom(23.68) },
  // OOM: "23.64 GiB" — 3DTopia/Phidias-Diffusion#8 and TMElyralab/MuseTalk#76 (RTX 4090).
  { id: 'rtx4090', name: 'RTX 4090 24 GB', memory: oom(23.64) },
  // OOM: "22.49 GiB total capacity" — AUTOMATIC1111/stable-diffusion-webui#1259 (A10G).
  { id: 'a10g', name: 'A10G 24 GB', memory: oom(22.49) },
  // Nominal 24 GB less the same share the A10G (same 24 GB GDDR6 class) loses: no L4 total found yet.
  { id: 'l4', name: 'L4 24 GB', memory: oom(22.49) },
  // OOM: "14.56 GiB" — Zheng-Chong/CatVTON#133 (GCP Tesla T4) and AlphaGPU/leetgpu-challenges#52.
  { id: 't4', name: 'T4 16 GB', memory: oom(14.56) },
  // OOM: "31.74 GiB total capacity" — liucongg/ChatGLM-Finetuning#73 (V100 32GB).
  { id: 'v100-32', name: 'V100 32 GB', memory: oom(31.74) },
  // OOM: "39.50 GiB" — TianheWu/CoSeR#10 (A100 40GB).
  { id: 'a100-40', name: 'A100 40 GB', memory: oom(39.5) },
  // OOM: "79.15 GiB" — vllm-project/vllm#4408 (A100 80GB).
  { id: 'a100-80', name: 'A100 80 GB', memory: oom(79.15) },
  // OOM: "44.53 GiB" — Wan-Video/Wan2.1#205 (L40S 48GB).
  { id: 'l40s', name: 'L40S 48 GB', memory: oom(44.53) },
  // Measured: torch total_memory on an H100 80GB HBM3 = 85,017,493,504 B (driver 580.159.04,
  // 2026-12-05; nvidia-smi: 81,559 MiB, 480 reserved); recorded in test/fixtures/gpu-host/h100/torch.json.
  // (OOM messages from other hosts say "79.11 GiB": vllm-project/vllm#27508, NVIDIA-NeMo/RL#2814.)
  { id: 'h100-80', name: 'H100 80 GB', memory: 85_017_493_504 },
  // Measured: torch total_memory on an H200 = 150,109,880,320 B (nvidia-smi: 143,771 MiB, 616 reserved);
  // recorded in test/fixtures/gpu-host/h200/torch.json.
  { id: 'h200', name: 'H200 141 GB', memory: 150_109_880_320 },
];

export const DEFAULT_SETUP: MachineSetup = {
  accelerator: 'cuda',
  gpus: [],
  trainingReserve: 5 * GIB,
  // Measured: the CUDA context once a matmul ran (core/memory/context.ts, docs/calibration.md).
  contextBytes: DEFAULT_DRIVER_BYTES,
};
