/**
 * Which device each tensor of a model lands on under a device map.
 * A tensor goes to the longest key that equals its module path or a dotted
 * prefix of it (`""` covers everything), as accelerate's dispatch resolves it.
 * (transformers 5.17's loader also lets `model.layers.1` capture
 * `model.layers.10`-`19`: that surprise is reported by the analysis, DM015.)
 */
import { namedTensors, type ModelTree } from './tree';
import type { Device } from '../base/devices';

export interface Assignment {
  /** Full tensor name -> device; tensors no key covers are absent. */
  readonly tensorDevice: Map<string, Device>;
  /** Parameters (not buffers) no key covers, in model order. */
  readonly uncoveredParams: string[];
  /** Buffers no key covers. */
  readonly uncoveredBuffers: string[];
  /** Keys that name no module or tensor of the model. */
  readonly unmatchedKeys: string[];
}

/** The key that governs `name`: itself, else its longest dotted prefix present in the map, else `""`. */
export function governingKey(name: string, map: ReadonlyMap<string, unknown>): string | undefined {
  let cur = name;
  for (;;) {
    if (map.has(cur)) return cur;
    if (cur === '') return undefined;
    const dot = cur.lastIndexOf('.');
    cur = dot < 0 ? '' : cur.slice(0, dot);
  }
}

export function assignTensors(tree: ModelTree, map: ReadonlyMap<string, Device>): Assignment {
  const tensorDevice = new Map<string, Device>();
  const uncoveredParams: string[] = [];
  const uncoveredBuffers: string[] = [];
  const matched = new Set<string>();
  const modulePaths = new Set<string>();
  for (const { fullName, tensor, owner } of namedTensors(tree.root)) {
    modulePaths.add(owner.name);
    const key = governingKey(fullName, map);
    if (key === undefined) {
      (tensor.kind === 'param' ? uncoveredParams : uncoveredBuffers).push(fullName);
      continue;
    }
    matched.add(key);
    tensorDevice.set(fullName, map.get(key)!);
  }
  const unmatchedKeys: string[] = [];
  for (const k of map.keys()) {
    if (matched.has(k)) continue;
    // A key naming a real module that simply holds no tensors (dropout, activation) is harmless.
    if (!existsInTree(tree, k)) unmatchedKeys.push(k);
  }
  return { tensorDevice, uncoveredParams, uncoveredBuffers, unmatchedKeys };
}

function existsInTree(tree: ModelTree, key: string): boolean {
  if (key === '') return true;
  let node = tree.root;
  for (const part of key.split('.')) {
    const full = node.name === '' ? part : `${node.name}.${part}`;
    const child = node.children.find((c) => c.name === full);
    if (child) {
      node = child;
      continue;
    }
    return node.params.some((p) => p.name === part) || node.buffers.some((b) => b.name === part);
  }
  return true;
}
