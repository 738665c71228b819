/**
 * Weight bytes per device for a map: the weights-only memory figure the
 * capacity rules, hovers and lenses use (SPEC §4: allocated memory after
 * loading equals the weights placed on each card within a few MiB).
 */
import { computeModuleSizes, type ModuleSizes } from '../memory/moduleSizes';
import type { DType } from '../base/dtypes';
import type { Quantization } from '../memory/quantization';
import type { ModelTree } from '../models/tree';

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
    s = computeModuleSizes(tree, {
      ...(dtype ? { dtype } : {}),
      ...(quantization ? { quantization } : {}),
      includeTensors: true,
      allocated: true,
    });
    perTree.set(key, s);
  }
  return s;
}

/** The per-device sum lives with the placement code (the CLI's tables use it too). */
export { weightsPerDevice } from '../placement/deviceBytes';

/** The effective dtype transformers 5 loads in: the call's dtype, else the config's (`dtype="auto"` is the default), else fp32. */
export function effectiveDType(tree: ModelTree, dtype?: DType): DType {
  return dtype ?? tree.configDType ?? 'fp32';
}
