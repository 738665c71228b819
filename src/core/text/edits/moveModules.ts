/**
 * The layout panel's "move these modules to that device". When a module is
 * covered only through a parent key (`"model.layers": 0`) the parent is split
 * into its children first, so every other module keeps its device.
 */
import type { SourceDocument } from '../../base/source';
import { joinName, moduleIndex, walkModules, type ModelTree, type ModuleNode } from '../../models/tree';
import { governingKey } from '../../models/assign';
import type { Device } from '../../base/devices';
import type { FoundDeviceMap } from '../types';
import { applyDictChange } from './rewrite';
import { refusal, type EditResult } from './result';

const isUnder = (name: string, key: string) => key === '' || name === key || name.startsWith(`${key}.`);

export function moveModules(
  doc: SourceDocument,
  map: FoundDeviceMap,
  moduleNames: readonly string[],
  device: Device,
  tree?: ModelTree,
): EditResult {
  if (map.kind !== 'dict') return refusal('Expand the strategy into an explicit map before moving modules.');
  const current = new Map<string, Device | undefined>(map.entries.map((e) => [e.key, e.value.device]));
  const index = tree ? moduleIndex(tree.root) : undefined;
  const expanded: string[] = [];
  for (const name of moduleNames) {
    // Keys below the moved module would override it: they go.
    for (const k of [...current.keys()]) if (k !== name && isUnder(k, name)) current.delete(k);
    if (current.has(name)) {
      current.set(name, device);
      continue;
    }
    const cover = governingKey(name, current);
    const coverDevice = cover === undefined ? undefined : current.get(cover);
    if (cover === undefined || coverDevice === device) {
      if (cover === undefined) current.set(name, device);
      continue;
    }
    if (!index) return refusal(`"${name}" is placed through "${cover}"; splitting it needs the model's structure, which is not loaded.`);
    // Walk down from the covering key, replacing each node by its children (and direct tensors).
    let node = index.get(cover);
    current.delete(cover);
    // Children that already have their own key keep it; the rest inherit the parent's device.
    const inherit = (k: string) => {
      if (!current.has(k)) current.set(k, coverDevice as Device);
    };
    while (node && node.name !== name) {
      expanded.push(node.name);
      for (const t of [...node.params, ...node.buffers]) inherit(joinName(node.name, t.name));
      let next: typeof node | undefined;
      for (const c of node.children) {
        if (isUnder(name, c.name)) next = c;
        else inherit(c.name);
      }
      node = next;
    }
    if (!node) return refusal(`"${name}" is not a module of ${tree!.className}.`);
    current.set(name, device);
  }
  if (index) collapse(current, expanded, index);
  const set = new Map<string, Device>();
  for (const [k, d] of current) if (d !== undefined) set.set(k, d);
  const remove = new Set(map.entries.map((e) => e.key).filter((k) => !current.has(k)));
  const order = tree
    ? [...walkModules(tree.root)].flatMap((m) => [m.name, ...[...m.params, ...m.buffers].map((t) => joinName(m.name, t.name))])
    : undefined;
  return applyDictChange(doc, map, { set, remove, ...(order ? { order } : {}) });
}

/**
 * A parent split by this move whose parts all ended on one device is written
 * as one key again (moving every layer of `model.layers` leaves `"model.layers": 1`).
 */
function collapse(current: Map<string, Device | undefined>, expanded: readonly string[], index: ReadonlyMap<string, ModuleNode>): void {
  for (const name of [...expanded].reverse()) {
    const node = index.get(name);
    if (!node || current.has(name)) continue;
    const parts = [...node.params, ...node.buffers].map((t) => joinName(name, t.name)).concat(node.children.map((c) => c.name));
    const devices = new Set(parts.map((p) => (current.has(p) ? current.get(p) : null)));
    const [only] = devices;
    if (devices.size !== 1 || only === null || only === undefined) continue;
    // Only when nothing deeper is keyed separately.
    if ([...current.keys()].some((k) => parts.some((p) => k.startsWith(`${p}.`)))) continue;
    for (const p of parts) current.delete(p);
    current.set(name, only);
  }
}
