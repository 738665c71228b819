/**
 * Facts that depend only on the model and the map's key -> device pairs
 * (where every tensor lands, which blocks are split) are cached across
 * re-lints: typing elsewhere in a 10,000-line file shifts every span but
 * changes no map, so those facts come back for free.
 */
import type { ModelTree } from '../models/tree';
import type { Device } from '../base/devices';
import type { SizeOptions } from '../memory/moduleSizes';

const MAX_MAPS_PER_TREE = 256;
const cache = new WeakMap<ModelTree, Map<string, Map<string, unknown>>>();

export function mapSignature(devices: ReadonlyMap<string, Device>, extra = ''): string {
  let s = extra;
  for (const [k, d] of devices) s += `\u0000${k}\u0001${typeof d}${String(d)}`;
  return s;
}

/** The signature for facts that also depend on the load dtype and quantization (bytes, not only placement). */
export function sizedMapSignature(devices: ReadonlyMap<string, Device>, opts: Pick<SizeOptions, 'dtype' | 'quantization'>): string {
  return mapSignature(devices, `${opts.dtype ?? ''}|${JSON.stringify(opts.quantization ?? null)}`);
}

/** `compute()` once per (tree, map signature, name). */
export function derived<T>(tree: ModelTree, signature: string, name: string, compute: () => T): T {
  let perTree = cache.get(tree);
  if (!perTree) cache.set(tree, (perTree = new Map()));
  let perMap = perTree.get(signature);
  if (!perMap) {
    if (perTree.size >= MAX_MAPS_PER_TREE) perTree.clear();
    perTree.set(signature, (perMap = new Map()));
  }
  if (perMap.has(name)) return perMap.get(name) as T;
  const v = compute();
  perMap.set(name, v);
  return v;
}
