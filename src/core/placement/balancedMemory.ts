/**
 * Per-GPU budgets that spread a model evenly.
 * Mirrors transformers 5.17 `integrations.accelerate.get_balanced_memory`.
 */
import { computeModuleSizes, type SizeOptions } from '../memory/moduleSizes';
import { moduleIndex, type ModelTree } from '../models/tree';
import { getMaxMemory } from './maxMemory';
import type { Device, MaxMemory } from '../base/devices';

export interface BalancedOptions extends SizeOptions {
  readonly lowZero?: boolean;
  /** False when the user passed no `max_memory` (then a single GPU keeps 90%). */
  readonly userSetMaxMemory?: boolean;
}

export function getBalancedMemory(
  tree: ModelTree,
  input: ReadonlyMap<Device, number | string>,
  noSplit: readonly string[],
  opts: BalancedOptions = {},
): MaxMemory {
  const maxMemory = getMaxMemory(input);
  let lowZero = opts.lowZero ?? false;
  const numDevices = [...maxMemory].filter(([d, m]) => d !== 'cpu' && d !== 'disk' && m > 0).length;
  if (numDevices === 0) return maxMemory;
  if (numDevices === 1) {
    lowZero = false;
    if (opts.userSetMaxMemory === false) {
      for (const k of maxMemory.keys()) {
        if (typeof k === 'number') {
          maxMemory.set(k, maxMemory.get(k)! * 0.9);
          break;
        }
      }
    }
  }
  const { sizes, leaves } = computeModuleSizes(tree, opts);
  const total = sizes.get('') ?? 0;
  let perGpu = Math.floor(total / (lowZero ? numDevices - 1 : numDevices));

  // The largest module of any no-split class (5.17 looks at all of them: T5's decoder
  // blocks, with cross-attention, outweigh the first encoder block).
  let buffer = 0;
  if (noSplit.length > 0) {
    const index = moduleIndex(tree.root);
    for (const [name, size] of sizes) {
      if (name === '') continue;
      const cls = index.get(name)?.className;
      if (cls && noSplit.includes(cls)) buffer = Math.max(buffer, size);
    }
  }
  let leafSum = 0;
  for (const v of leaves.values()) leafSum += v;
  const meanLeaves = Math.trunc(leafSum / Math.max(leaves.size, 1));
  perGpu += Math.trunc(1.25 * Math.max(buffer, meanLeaves));

  const gpuIds = [...maxMemory]
    .filter(([d, m]) => typeof d === 'number' && m > 0)
    .map(([d]) => d as number)
    .sort((a, b) => a - b);
  for (const idx of gpuIds.slice(0, -1)) {
    const cap = lowZero && idx === 0 ? maxMemory.get(0)! : perGpu;
    maxMemory.set(idx, Math.min(cap, maxMemory.get(idx)!));
  }
  if (lowZero) {
    let rest = 0;
    for (let i = 1; i < numDevices; i++) rest += maxMemory.get(i) ?? 0;
    const minZero = Math.max(0, total - rest);
    maxMemory.set(0, Math.min(minZero, maxMemory.get(0)!));
  }
  return maxMemory;
}
