/**
 * Detected cards as the checks use them: a `GpuSpec` per card, the setup they
 * fill when no GPUs are configured, and how a configured setup differs.
 *
 * Capacity: what a process can allocate — the number the presets mean
 * (core/settings.ts: torch's `get_device_properties(i).total_memory`, the total of
 * `cudaMemGetInfo`). nvidia-smi's `memory.total` also counts what the driver reserves
 * for itself (`nvidia-smi -q -d MEMORY` lists it as "Reserved"). Recorded on an H200
 * (test/fixtures/gpu-host/h200): total 143,771 MiB, reserved 616, used 3,599, free 139,558;
 * torch 150,109,880,320 B (143,155.9 MiB) = total − reserved to within the MiB rounding. The query the issue names has no reserved
 * field, and used + free (143,157 MiB) is within 2 MiB of torch's total, so the checks use
 * used + free when it is below the total, else the total. `device-map gpus --json` prints
 * the tool's own numbers.
 */
import type { GpuSpec, MachineSetup } from '../settings';
import { describeGpus } from '../gpuSpecs';
import { voice } from '../base/messages';

/** How detected cards are named beside the configured ones: templates like a rule's. */
export const GPU_HOST_MESSAGES = {
  detectedBy: 'detected by {source}',
  appleSystem: 'the system (unified memory)',
  detected: '{gpus} (detected)',
  differs: 'deviceMapStudio.gpus describes {configured}, but {source} sees {detected} on this machine',
} as const;

const say = voice('gpu-host', GPU_HOST_MESSAGES);
import type { GpuDetection, HostGpu } from './types';

/** "NVIDIA H100 80GB HBM3" → "H100 80GB HBM3": the vendor adds nothing in a list of cards. */
export function displayName(name: string): string {
  return name.replace(/^(NVIDIA|AMD|Intel\(R\))\s+(GeForce\s+)?/i, '').trim() || name;
}

/** Bytes a process can allocate on this card (see the file comment). */
export function usableBytes(g: HostGpu): number {
  if (g.memory_used !== null && g.memory_free !== null) {
    const sum = g.memory_used + g.memory_free;
    if (sum > 0 && sum < g.memory_total) return sum;
  }
  return g.memory_total;
}

export function detectedSpecs(d: GpuDetection): GpuSpec[] {
  return d.gpus.map((g) => ({ name: displayName(g.name), memory: usableBytes(g) }));
}

/** The words the checks add after a detected card: "detected by nvidia-smi". */
export function detectedSource(d: GpuDetection): string {
  return say.text('detectedBy', { source: d.source === 'apple' ? say.text('appleSystem', {}) : String(d.source) });
}

/**
 * The setup the checks run with: the configured GPUs when there are any, else the
 * detected ones (with their source named), else none.
 */
export function withDetectedGpus(setup: MachineSetup, d: GpuDetection | undefined): MachineSetup {
  if (setup.gpus.length > 0 || !d || d.gpus.length === 0) return setup;
  return { ...setup, gpus: detectedSpecs(d), gpuSource: detectedSource(d) };
}

/** Status-bar words: "2× H100 80GB HBM3 (detected)". */
export function describeSetupGpus(setup: MachineSetup): string {
  const gpus = describeGpus(setup.gpus);
  return setup.gpuSource && setup.gpus.length ? say.text('detected', { gpus }) : gpus;
}

/** Cards whose memory differs by more than this share are "different cards". */
const TOLERANCE = 0.03;

/**
 * How the configured GPUs differ from the detected ones, in one sentence; undefined
 * when they agree (same count, each within 3 %: presets and the real card differ by the
 * driver's share) or when nothing is configured or detected.
 */
export function setupDifference(configured: readonly GpuSpec[], d: GpuDetection | undefined): string | undefined {
  if (!d || d.gpus.length === 0 || configured.length === 0) return undefined;
  const detected = detectedSpecs(d);
  const same =
    configured.length === detected.length &&
    configured.every((c, i) => Math.abs(c.memory - detected[i]!.memory) <= TOLERANCE * detected[i]!.memory);
  if (same) return undefined;
  return say.text('differs', { configured: describeGpus(configured), source: String(d.source), detected: describeGpus(detected) });
}

/** The `deviceMapStudio.gpus` entries that describe the detected cards (sizes in GiB, names kept). */
export function detectedSettingEntries(d: GpuDetection): Array<{ name: string; memoryGiB: number }> {
  return detectedSpecs(d).map((g) => ({ name: g.name, memoryGiB: Math.round((g.memory / 2 ** 30) * 1000) / 1000 }));
}
