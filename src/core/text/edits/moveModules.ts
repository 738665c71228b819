/**
 * The layout panel's "move these modules to that device". When a module is
 * covered only through a parent key (`"model.layers": 0`) the parent is split
 * into its children first, so every other module keeps its device.
 */
import type { SourceDocument } from '../../analysis/api';
import { joinName, moduleIndex, walkModules, type ModelTree } from '../../models/tree';
import type { Device } from '../../placement/devices';
import type { FoundDeviceMap } from '../types';
import { applyDictChange } from './rewrite';
import { refusal, type EditResult } from './result';

const isUnder = (name: string, key: string) => key === '' || name === key || name.startsWith(`${key}.`);

export function moveModules(doc: SourceDocument, map: FoundDeviceMap, moduleNames: readonly string[], device: Device, tree?: ModelTree): EditResult {
  if (map.kind !== 'dict') return refusal('Expand the strategy into an explicit map before moving modules.');
  const current = new Map<string, Device | undefined>(map.entries.map((e) => [e.key, e.value.device]));
  const index = tree ? moduleIndex(tree.root) : undefined;
  for (const name of moduleNames) {
    // Keys below the moved module would override it: they go.
    for (const k of [...current.keys()]) if (k !== name && isUnder(k, name)) current.delete(k);
    if (current.has(name)) { current.set(name, device); continue; }
    let cover: string | undefined;
    for (const k of current.keys()) if (isUnder(name, k) && (cover === undefined || k.length > cover.length)) cover = k;
    const coverDevice = cover === undefined ? undefined : current.get(cover);
    if (cover === undefined || coverDevice === device) {
      if (cover === undefined) current.set(name, device);
      continue;
    }
    if (!index) return refusal(`"${name}" is placed through "${cover}"; splitting it needs the model's structure, which is not loaded.`);
    // Walk down from the covering key, replacing each node by its children (and direct tensors).
    let node = index.get(cover);
    current.delete(cover);
    while (node && node.name !== name) {
      for (const t of [...node.params, ...node.buffers]) current.set(joinName(node.name, t.name), coverDevice as Device);
      let next: typeof node | undefined;
      for (const c of node.children) {
        if (isUnder(name, c.name)) next = c;
        else current.set(c.name, coverDevice as Device);
      }
      node = next;
    }
    if (!node) return refusal(`"${name}" is not a module of ${tree!.className}.`);
    current.set(name, device);
  }
  const set = new Map<string, Device>();
  for (const [k, d] of current) if (d !== undefined) set.set(k, d);
  const remove = new Set(map.entries.map((e) => e.key).filter((k) => !current.has(k)));
  const order = tree ? [...walkModules(tree.root)].flatMap((m) => [m.name, ...[...m.params, ...m.buffers].map((t) => joinName(m.name, t.name))]) : undefined;
  return applyDictChange(doc, map, { set, remove, ...(order ? { order } : {}) });
}
