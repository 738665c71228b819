/**
 * Weight bytes per device under a device map, and a compact description of
 * which modules each device holds (`model.layers.0-15`), for tables and hovers.
 */
import { computeModuleSizes, type ModuleSizes, type SizeOptions } from '../memory/moduleSizes';
import type { ModelTree } from '../models/tree';
import { assignTensors, type Assignment } from '../models/assign';
import type { Device } from '../base/devices';

/** Bytes of the tensors each device receives (tied keys counted once, at their source). */
export function bytesPerDevice(tree: ModelTree, map: ReadonlyMap<string, Device>, opts: SizeOptions = {}): Map<Device, number> {
  return weightsPerDevice(assignTensors(tree, map), computeModuleSizes(tree, { ...opts, includeTensors: true }));
}

/**
 * Sums each placed tensor's bytes onto its device, from an assignment and sizes
 * computed with `includeTensors` (callers that cache both use this directly).
 * Tied keys have no size of their own: their storage is counted at the source.
 */
export function weightsPerDevice(assignment: Assignment, sizes: ModuleSizes): Map<Device, number> {
  const out = new Map<Device, number>();
  for (const [tensor, device] of assignment.tensorDevice) {
    const bytes = sizes.sizes.get(tensor);
    if (bytes === undefined) continue;
    out.set(device, (out.get(device) ?? 0) + bytes);
  }
  return out;
}

/** Keys grouped per device with numeric runs collapsed: `model.layers.0-15`. */
export function compactKeys(keys: readonly string[]): string[] {
  const out: string[] = [];
  let run: { prefix: string; from: number; to: number } | undefined;
  const flush = (): void => {
    if (run) out.push(run.from === run.to ? `${run.prefix}${run.from}` : `${run.prefix}${run.from}-${run.to}`);
    run = undefined;
  };
  for (const k of keys) {
    const m = /^(.*\.)(\d+)$/.exec(k);
    if (m && run && run.prefix === m[1] && Number(m[2]) === run.to + 1) {
      run.to += 1;
      continue;
    }
    flush();
    if (m) run = { prefix: m[1]!, from: Number(m[2]), to: Number(m[2]) };
    else out.push(k === '' ? '(whole model)' : k);
  }
  flush();
  return out;
}

/** Devices in the order transformers uses: GPUs ascending, then mps, cpu, disk, then anything else. */
export function sortDevices(devices: Iterable<Device>): Device[] {
  const rank = (d: Device): number =>
    typeof d === 'number' ? d : (({ mps: 1e6, cpu: 1e6 + 1, disk: 1e6 + 2 } as Record<string, number>)[d] ?? 1e6 + 3);
  return [...new Set(devices)].sort((a, b) => rank(a) - rank(b) || String(a).localeCompare(String(b)));
}
