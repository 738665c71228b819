/**
 * Bytes held by every module of a tree.
 * Mirrors transformers 5.17 `integrations.accelerate.compute_module_sizes`:
 * parameters then buffers, tied keys skipped, each tensor's bytes added to every
 * prefix of its name (root `""` included).
 */
import { DTYPE_BYTES, isFloating, type DType } from './dtypes';
import { isQuantizedLinear, quantizedElementBytes, type Quantization } from './quantization';
import { namedTensors, numel, type ModelTree, type TensorSpec } from '../models/tree';

export interface SizeOptions {
  /** The dtype the model is loaded in. Undefined: stored dtypes, else the config's, else fp32. */
  readonly dtype?: DType;
  readonly quantization?: Quantization;
  /** Also record each tensor under its own full name (accelerate's `only_modules=False`). */
  readonly includeTensors?: boolean;
}

export interface ModuleSizes {
  /** Module (and, on request, tensor) name -> bytes, in transformers' insertion order. */
  readonly sizes: Map<string, number>;
  /** Modules that hold tensors directly -> bytes they hold directly. */
  readonly leaves: Map<string, number>;
}

/** The element size one tensor has once loaded. */
export function tensorElementBytes(tree: ModelTree, t: TensorSpec, opts: SizeOptions): number {
  if (t.dtype) return DTYPE_BYTES[t.dtype];
  const stored = t.storedDType;
  if (stored && !isFloating(stored)) return DTYPE_BYTES[stored];
  const d = opts.dtype ?? stored ?? tree.configDType ?? 'fp32';
  return DTYPE_BYTES[d];
}

/** Default `llm_int8_skip_modules`: the output head, as transformers' `get_keys_to_not_convert` finds it. */
export function defaultQuantSkips(tree: ModelTree): string[] {
  const out = new Set<string>(['lm_head']);
  for (const k of Object.keys(tree.tiedWeights)) out.add(k.replace(/\.weight$/, '').split('.').pop()!);
  return [...out];
}

export function computeModuleSizes(tree: ModelTree, opts: SizeOptions = {}): ModuleSizes {
  const sizes = new Map<string, number>();
  const leaves = new Map<string, number>();
  const tied = tree.tiedWeights;
  const q = opts.quantization;
  const skips = q ? defaultQuantSkips(tree) : [];
  for (const { fullName, tensor, owner } of namedTensors(tree.root)) {
    if (Object.prototype.hasOwnProperty.call(tied, fullName)) continue;
    let bytesPer = tensorElementBytes(tree, tensor, opts);
    if (q && tensor.kind === 'param' && tensor.name === 'weight' && isQuantizedLinear(owner.name, owner.className, q, skips)) {
      bytesPer = quantizedElementBytes(q);
    }
    const size = numel(tensor.shape) * bytesPer;
    const parts = fullName.split('.');
    for (let i = 0; i < parts.length; i++) {
      const prefix = parts.slice(0, i).join('.');
      sizes.set(prefix, (sizes.get(prefix) ?? 0) + size);
    }
    // A tensor directly on the root has no owning "leaf" module in transformers' count.
    if (owner.name !== '') leaves.set(owner.name, (leaves.get(owner.name) ?? 0) + size);
    if (opts.includeTensors) sizes.set(fullName, (sizes.get(fullName) ?? 0) + size);
  }
  return { sizes, leaves };
}
