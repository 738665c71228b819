/**
 * Device Map Studio's own planner. Unlike `infer_auto_device_map` it budgets
 * against the real card capacity minus what the run needs besides weights
 * (CUDA context, KV cache, activations, training state), keeps no idle
 * reserve for layers it will not offload, so it fits where transformers
 * spills to the CPU; it keeps the user's pins, keeps every card's blocks
 * contiguous along the forward path, and, given the current map, moves as few
 * modules as possible.
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

const CPU_PENALTY = 2e6; // above the cost of a move: a free GPU beats keeping a block on the CPU
const DISK_PENALTY = 4e6;

function deviceOfUnit(unit: PlanUnit, map: ReadonlyMap<string, Device> | undefined): Device | undefined {
  if (!map) return undefined;
  const key = governingKey(unit.key, map);
  if (key !== undefined) return map.get(key);
  // The unit is spread over sub-keys: take the first one's device.
  for (const [k, d] of map) if (k.startsWith(`${unit.key}.`)) return d;
  return undefined;
}

export function planDeviceMap(tree: ModelTree, opts: PlannerOptions): PlanResult {
  const units = forwardUnits(tree, opts);
  const devices: Device[] = opts.gpus.map((_, i) => i);
  const capacity = opts.gpus.map((c, i) => c - (opts.fixedOverhead?.(i) ?? 0));
  const penalty = opts.gpus.map(() => 0);
  if (opts.cpu !== undefined) {
    devices.push('cpu');
    capacity.push(opts.cpu - (opts.fixedOverhead?.('cpu') ?? 0));
    penalty.push(CPU_PENALTY);
  }
  if (opts.disk) {
    devices.push('disk');
    capacity.push(Number.MAX_SAFE_INTEGER);
    penalty.push(DISK_PENALTY);
  }
  const index = (d: Device | undefined): number => (d === undefined ? -1 : devices.indexOf(d));
  const loads = units.map((u) => u.bytes + (opts.unitOverhead?.(u) ?? 0));
  const pinned = units.map((u) => index(deviceOfUnit(u, opts.pins)));
  const current = units.map((u) => index(deviceOfUnit(u, opts.current)));
  const assignment = partition({ loads, capacity: capacity.map((c) => Math.max(0, c)), pinned, current, penalty });

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
