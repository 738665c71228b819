/**
 * Weight bytes per device for a map: the weights-only memory figure the
 * capacity rules, hovers and lenses use (SPEC §4: allocated memory after
 * loading equals the weights placed on each card within a few MiB).
 */
import { computeModuleSizes, type ModuleSizes } from '../memory/moduleSizes';
import type { DType } from '../memory/dtypes';
import type { Quantization } from '../memory/quantization';
import type { ModelTree } from '../models/tree';
import type { Assignment } from '../placement/assign';
import type { Device } from '../placement/devices';

const cache = new WeakMap<ModelTree, Map<string, ModuleSizes>>();

/** Module and tensor sizes at a dtype/quantization, cached per tree (re-linting stays cheap). */
export function sizesFor(tree: ModelTree, dtype?: DType, quantization?: Quantization): ModuleSizes {
  let perTree = cache.get(tree);
  if (!perTree) {
    perTree = new Map();
    cache.set(tree, perTree);
  }
  const key = JSON.stringify([dtype ?? null, quantization ?? null]);
  let s = perTree.get(key);
  if (!s) {
    // Bytes really allocated: transformers 4's bitsandbytes placement under-count is not memory.
    s = computeModuleSizes(tree, { ...(dtype ? { dtype } : {}), ...(quantization ? { quantization } : {}), includeTensors: true, allocated: true });
    perTree.set(key, s);
  }
  return s;
}

/** Sums each placed tensor's bytes onto its device; tied copies count once (they share storage). */
export function weightsPerDevice(assignment: Assignment, sizes: ModuleSizes): Map<Device, number> {
  const out = new Map<Device, number>();
  for (const [name, device] of assignment.tensorDevice) {
    const b = sizes.sizes.get(name) ?? 0;
    out.set(device, (out.get(device) ?? 0) + b);
  }
  return out;
}

/** The effective dtype transformers 5 loads in: the call's dtype, else the config's (`dtype="auto"` is the default), else fp32. */
export function effectiveDType(tree: ModelTree, dtype?: DType): DType {
  return dtype ?? tree.configDType ?? 'fp32';
}
