/**
 * Greedy placement of a model's modules onto devices, GPUs first.
 * Mirrors transformers 5.17 `integrations.accelerate.infer_auto_device_map`
 * (itself derived from accelerate 1.15): the same work list, the same splitting
 * of modules that do not fit, tied modules pulled along, the reserve for the
 * largest layer kept on the main devices, and `disk` as the last resort.
 */
import { computeModuleSizes, type SizeOptions } from '../memory/moduleSizes';
import { joinName, type ModelTree, type ModuleNode } from '../models/tree';
import { cleanDeviceMap, type DeviceMap } from './cleanDeviceMap';
import { getMaxMemory } from './maxMemory';
import type { Device } from '../base/devices';

/** An entry of the work list: a module, or a bare parameter/buffer. */
interface WorkItem {
  readonly name: string;
  readonly module?: ModuleNode;
}

export interface InferOptions extends SizeOptions {
  /** Keep the raw per-module assignment instead of merging subtrees (`clean_result=False`). */
  readonly clean?: boolean;
}

export interface InferResult {
  readonly deviceMap: DeviceMap;
  /** Bytes counted on each device while placing (reserves included on main devices). */
  readonly used: Map<Device, number>;
}

/** `get_max_layer_size`: the largest unsplittable layer among `items`, and who realises it. */
export function getMaxLayerSize(
  items: readonly WorkItem[],
  sizes: ReadonlyMap<string, number>,
  noSplit: ReadonlySet<string>,
): { size: number; names: string[] } {
  let size = 0;
  let names: string[] = [];
  const stack: ModuleNode[] = [];
  for (let i = items.length - 1; i >= 0; i--) {
    const m = items[i]!.module;
    if (m) stack.push(m);
  }
  while (stack.length > 0) {
    const m = stack.pop()!;
    if (m.children.length === 0 || noSplit.has(m.className)) {
      const s = sizes.get(m.name) ?? 0;
      if (s > size) {
        size = s;
        names = [m.name];
      } else if (s === size) {
        names.push(m.name);
      }
    } else {
      for (let i = m.children.length - 1; i >= 0; i--) stack.push(m.children[i]!);
    }
  }
  return { size, names };
}

/** The children accelerate puts in place of a split module: its own parameters, then its child modules. */
function splitItems(m: ModuleNode): WorkItem[] {
  return [...m.params.map((p) => ({ name: joinName(m.name, p.name) })), ...m.children.map((c) => ({ name: c.name, module: c }))];
}

/** Tied groups as transformers forms them from `all_tied_weights_keys`: each sorted, the source included. */
export function tiedGroups(tree: ModelTree): string[][] {
  const entries = Object.entries(tree.tiedWeights);
  const targets = [...new Set(entries.map(([, v]) => v))];
  return targets.map((t) => [...entries.filter(([, v]) => v === t).map(([k]) => k), t].sort());
}

export function inferAutoDeviceMap(
  tree: ModelTree,
  maxMemoryInput: ReadonlyMap<Device, number | string>,
  noSplitModules: readonly string[],
  opts: InferOptions = {},
): InferResult {
  const maxMemory = getMaxMemory(maxMemoryInput);
  const devices: Device[] = [...maxMemory.keys()];
  if (!devices.includes('disk')) devices.push('disk');
  const gpus = devices.filter((d) => d !== 'cpu' && d !== 'disk');
  const mainDevices: Device[] = gpus.includes('mps') ? ['mps'] : gpus.length > 0 ? [gpus[0]!, 'cpu'] : ['cpu'];
  const noSplit = new Set(noSplitModules);
  const { sizes } = computeModuleSizes(tree, { ...opts, includeTensors: true });
  const size = (n: string): number => sizes.get(n) ?? 0;
  const tied = tiedGroups(tree);

  const root = tree.root;
  let work: WorkItem[] = [
    ...root.params.map((p) => ({ name: p.name })),
    ...root.children.map((c) => ({ name: c.name, module: c })),
    ...root.buffers.map((b) => ({ name: b.name })),
  ];
  const deviceMap: DeviceMap = new Map();
  const used = new Map<Device, number>(devices.map((d) => [d, 0]));
  let current = 0;
  let maxLayer = getMaxLayerSize(work, sizes, noSplit);

  while (work.length > 0) {
    const item = work.shift()!;
    const name = item.name;
    maxLayer.names = maxLayer.names.filter((n) => n !== name && !n.startsWith(`${name}.`));
    if (maxLayer.names.length === 0) maxLayer = getMaxLayerSize(work, sizes, noSplit);
    const moduleSize = size(name);

    // Tied parameters that sit inside this item while a partner sits outside it.
    const dotted = `${name}.`;
    const tiedParams: string[] = [];
    for (const group of tied) {
      const inside = group.map((k) => `${k}.`.includes(dotted));
      if (inside.some(Boolean) && !inside.every(Boolean)) tiedParams.push(...group.filter((_, i) => !inside[i]));
    }

    const device = devices[current]!;
    let maxSize: number | undefined = device === 'disk' ? undefined : maxMemory.get(device)!;
    let reserved = 0;
    if (mainDevices.includes(device) && maxSize !== undefined) {
      maxSize -= maxLayer.size;
      reserved = maxLayer.size;
    }

    // `get_module_size_with_ties`: each tied partner brings the work item that contains it.
    let withTies = moduleSize;
    const tiedItems: WorkItem[] = [];
    for (const p of tiedParams) {
      const owner = work.find((w) => p.startsWith(`${w.name}.`));
      // transformers would fail here (IndexError) if the partner were already placed; we just skip it.
      if (!owner) continue;
      tiedItems.push(owner);
      withTies += size(owner.name) - size(p);
    }

    const dev = used.get(device)!;
    if (maxSize === undefined || dev + withTies <= maxSize) {
      used.set(device, dev + withTies);
      deviceMap.set(name, device);
      for (const t of tiedItems) {
        const i = work.findIndex((w) => w.name === t.name);
        if (i >= 0) work.splice(i, 1);
        deviceMap.set(t.name, device);
      }
      continue;
    }

    if (tiedParams.length > 0 && dev + moduleSize <= maxSize) {
      const splittable = tiedItems.find((t) => t.module && t.module.children.length > 0 && !noSplit.has(t.module.className));
      if (splittable) {
        const i = work.findIndex((w) => w.name === splittable.name);
        work = [item, ...work.slice(0, i), ...splitItems(splittable.module!), ...work.slice(i + 1)];
        maxLayer = getMaxLayerSize(work, sizes, noSplit);
        continue;
      }
    }

    if (dev + moduleSize >= maxSize) {
      const m = item.module;
      if (m && m.children.length > 0 && !noSplit.has(m.className)) {
        work = [...splitItems(m), ...work];
        maxLayer = getMaxLayerSize(work, sizes, noSplit);
        continue;
      }
    }

    used.set(device, dev + reserved);
    current += 1;
    work.unshift(item);
  }

  return { deviceMap: opts.clean === false ? deviceMap : cleanDeviceMap(deviceMap), used };
}
