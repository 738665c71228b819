/**
 * Device Map Studio's own planner. Unlike `infer_auto_device_map` it budgets
 * against the real card capacity minus what the run needs besides weights
 * (CUDA context, KV cache, activations, training state), keeps no idle
 * reserve for layers it will not offload, so it fits where transformers
 * spills to the CPU; it keeps the user's pins, keeps every card's blocks
 * contiguous along the forward path, and, given the current map, moves as few
 * modules as possible. Among the plans that offload and move the least it
 * picks the one with the lowest peak card fill, exactly (partition.ts).
 */
import type { SizeOptions } from '../../memory/moduleSizes';
import type { ModelTree } from '../../models/tree';
import { governingKey } from '../../models/assign';
import type { DeviceMap } from '../cleanDeviceMap';
import { cleanDeviceMap } from '../cleanDeviceMap';
import type { Device } from '../../base/devices';
import { forwardUnits, type PlanUnit } from './units';
import { partition } from './partition';

export interface PlannerOptions extends SizeOptions {
  /** Capacity in bytes of each GPU, by index. */
  readonly gpus: readonly number[];
  /** RAM that may take offloaded units (omit: no CPU offload). */
  readonly cpu?: number;
  /** Allow disk as a last resort. */
  readonly disk?: boolean;
  /** Bytes a device needs besides the units' weights (context, reserve, logits...). */
  readonly fixedOverhead?: (device: Device) => number;
  /** Bytes a unit needs besides its weights where it runs (KV cache, activations...). */
  readonly unitOverhead?: (unit: PlanUnit) => number;
  /** Keys the user fixed: their units must stay on these devices. */
  readonly pins?: ReadonlyMap<string, Device>;
  /** The map as it is now: the plan changes as little of it as it can. */
  readonly current?: ReadonlyMap<string, Device>;
}

export interface PlanResult {
  /** One key per unit (blocks explicit), riders included. */
  readonly deviceMap: DeviceMap;
  /** The same map with uniform subtrees merged, as transformers would print it. */
  readonly cleaned: DeviceMap;
  /** Bytes planned per device (weights plus unit overheads plus fixed overhead). */
  readonly load: Map<Device, number>;
  /** Units that had to leave the GPUs. */
  readonly offloaded: string[];
  /** Units whose device differs from the current map. */
  readonly moved: string[];
  /** False when nothing fits even with CPU/disk as allowed: then the map is empty. */
  readonly fits: boolean;
}

// Offload cost per unit, ranked above moves and fill by partition(): a free card beats cpu, cpu beats disk.
const CPU_PENALTY = 1;
const DISK_PENALTY = 2;

function deviceOfUnit(unit: PlanUnit, map: ReadonlyMap<string, Device> | undefined): Device | undefined {
  if (!map) return undefined;
  const key = governingKey(unit.key, map);
  if (key !== undefined) return map.get(key);
  // The unit is spread over sub-keys: take the first one's device.
  for (const [k, d] of map) if (k.startsWith(`${unit.key}.`)) return d;
  return undefined;
}

/** Tied weights held by two units (both with bytes, so neither rides): their index range must share a device. */
function tiedRanges(tree: ModelTree, units: readonly PlanUnit[]): Array<[number, number]> {
  const indexOf = (tensor: string): number =>
    units.findIndex((u) => [u.key, ...u.riders].some((k) => k === '' || tensor === k || tensor.startsWith(`${k}.`)));
  const out: Array<[number, number]> = [];
  for (const [tied, source] of Object.entries(tree.tiedWeights)) {
    const a = indexOf(tied);
    const b = indexOf(source);
    if (a >= 0 && b >= 0 && a !== b) out.push([Math.min(a, b), Math.max(a, b)]);
  }
  return out;
}

export function planDeviceMap(tree: ModelTree, opts: PlannerOptions): PlanResult {
  const units = forwardUnits(tree, opts);
  const devices: Device[] = opts.gpus.map((_, i) => i);
  const base = opts.gpus.map((_, i) => opts.fixedOverhead?.(i) ?? 0);
  const capacity = opts.gpus.map((c, i) => c - base[i]!);
  // A card's fill is everything on it over its total: the peak the partition minimises.
  const total = [...opts.gpus];
  const penalty = opts.gpus.map(() => 0);
  if (opts.cpu !== undefined) {
    devices.push('cpu');
    capacity.push(opts.cpu - (opts.fixedOverhead?.('cpu') ?? 0));
    penalty.push(CPU_PENALTY);
    total.push(0);
    base.push(0);
  }
  if (opts.disk) {
    devices.push('disk');
    capacity.push(Number.MAX_SAFE_INTEGER);
    penalty.push(DISK_PENALTY);
    total.push(0);
    base.push(0);
  }
  const index = (d: Device | undefined): number => (d === undefined ? -1 : devices.indexOf(d));
  const loads = units.map((u) => u.bytes + (opts.unitOverhead?.(u) ?? 0));
  const pinned = units.map((u) => index(deviceOfUnit(u, opts.pins)));
  const current = units.map((u) => index(deviceOfUnit(u, opts.current)));
  const together = tiedRanges(tree, units);
  const assignment = partition({ loads, capacity: capacity.map((c) => Math.max(0, c)), pinned, current, penalty, total, base, together });

  const deviceMap: DeviceMap = new Map();
  const load = new Map<Device, number>();
  const offloaded: string[] = [];
  const moved: string[] = [];
  if (!assignment) {
    return { deviceMap, cleaned: new Map(), load, offloaded, moved, fits: false };
  }
  units.forEach((u, i) => {
    const d = devices[assignment[i]!]!;
    deviceMap.set(u.key, d);
    for (const r of u.riders) deviceMap.set(r, d);
    load.set(d, (load.get(d) ?? 0) + loads[i]!);
    if (typeof d !== 'number') offloaded.push(u.key);
    if (current[i]! >= 0 && current[i] !== assignment[i]) moved.push(u.key);
  });
  for (const d of load.keys()) load.set(d, load.get(d)! + (opts.fixedOverhead?.(d) ?? 0));
  return { deviceMap, cleaned: cleanDeviceMap(new Map(deviceMap)), load, offloaded, moved, fits: true };
}
