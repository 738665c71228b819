/**
 * Bytes held by every module of a tree.
 * Mirrors transformers 5.17 `integrations.accelerate.compute_module_sizes`:
 * parameters then buffers, tied keys skipped, each tensor's bytes added to every
 * prefix of its name (root `""` included).
 *
 * Instead of splitting every tensor name into prefixes we sum subtrees once,
 * then insert modules in the order Python's dict would have seen them (first
 * counted parameter in pre-order, then modules holding only buffers), since
 * `get_balanced_memory` walks that order. Results are cached per tree and
 * options: trees are immutable and hovers/plans ask for the same sizes often.
 */
import { DTYPE_BYTES, isFloating, type DType } from '../base/dtypes';
import { isQuantizedLinear, quantizedElementBytes, type Quantization } from './quantization';
import { getKeysToNotConvert, v4QuantizedElementBytes } from './quantizationV4';
import { joinName, numel, type ModelTree, type ModuleNode, type TensorSpec } from '../models/tree';

export interface SizeOptions {
  /** The dtype the model is loaded in. Undefined: stored dtypes, else the config's, else fp32. */
  readonly dtype?: DType;
  readonly quantization?: Quantization;
  /**
   * True: the bytes the loaded model really holds. bitsandbytes replaces only Linear weights under
   * either major, so this ignores transformers 4's placement-time under-count (memory estimates,
   * per-card weights). False/absent: what the tree's transformers major counts when it places.
   */
  readonly allocated?: boolean;
  /** Also record each tensor under its own full name (accelerate's `only_modules=False`). */
  readonly includeTensors?: boolean;
}

export interface ModuleSizes {
  /** Module (and, on request, tensor) name -> bytes, in transformers' insertion order. */
  readonly sizes: ReadonlyMap<string, number>;
  /** Modules that hold tensors directly -> bytes they hold directly. */
  readonly leaves: ReadonlyMap<string, number>;
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
  for (const k of Object.keys(tree.tiedWeights))
    out.add(
      k
        .replace(/\.weight$/, '')
        .split('.')
        .pop()!,
    );
  return [...out];
}

interface Totals {
  bytes: number;
  params: number; // counted parameters in the subtree
  buffers: number; // buffers in the subtree
}

const cache = new WeakMap<ModelTree, Map<string, ModuleSizes>>();

export function computeModuleSizes(tree: ModelTree, opts: SizeOptions = {}): ModuleSizes {
  const key = `v${tree.transformers}|${opts.dtype ?? ''}|${opts.quantization ? JSON.stringify(opts.quantization) : ''}|${opts.includeTensors ? 1 : 0}|${opts.allocated ? 1 : 0}`;
  let perTree = cache.get(tree);
  if (!perTree) cache.set(tree, (perTree = new Map()));
  const hit = perTree.get(key);
  if (hit) return hit;
  const result = compute(tree, opts);
  perTree.set(key, result);
  return result;
}

function compute(tree: ModelTree, opts: SizeOptions): ModuleSizes {
  const tied = tree.tiedWeights;
  const q = opts.quantization;
  const v4 = q !== undefined && tree.transformers === 4 && !opts.allocated;
  const skips = q ? (v4 ? getKeysToNotConvert(tree, q) : defaultQuantSkips(tree)) : [];
  const totals = new Map<ModuleNode, Totals>();
  const leaves = new Map<string, number>();
  const tensorBytes: [string, number][] = [];

  const tensorSize = (m: ModuleNode, t: TensorSpec): number => {
    let bytesPer = tensorElementBytes(tree, t, opts);
    if (q && v4)
      return numel(t.shape) * v4QuantizedElementBytes(joinName(m.name, t.name), t.kind, t.dtype ?? t.storedDType, bytesPer, q, skips);
    if (q && t.kind === 'param' && t.name === 'weight' && isQuantizedLinear(m.name, m.className, q, skips))
      bytesPer = quantizedElementBytes(q);
    return numel(t.shape) * bytesPer;
  };

  const visit = (m: ModuleNode): Totals => {
    const own: Totals = { bytes: 0, params: 0, buffers: 0 };
    for (const t of m.params) {
      const full = joinName(m.name, t.name);
      if (Object.prototype.hasOwnProperty.call(tied, full)) continue;
      const s = tensorSize(m, t);
      own.bytes += s;
      own.params++;
      tensorBytes.push([full, s]);
    }
    for (const t of m.buffers) {
      const full = joinName(m.name, t.name);
      if (Object.prototype.hasOwnProperty.call(tied, full)) continue;
      const s = tensorSize(m, t);
      own.bytes += s;
      own.buffers++;
      tensorBytes.push([full, s]);
    }
    // A tensor directly on the root has no owning "leaf" module in transformers' count.
    if (m.name !== '' && own.params + own.buffers > 0) leaves.set(m.name, own.bytes);
    for (const c of m.children) {
      const ct = visit(c);
      own.bytes += ct.bytes;
      own.params += ct.params;
      own.buffers += ct.buffers;
    }
    totals.set(m, own);
    return own;
  };
  visit(tree.root);

  const sizes = new Map<string, number>();
  const insert = (m: ModuleNode, wanted: (t: Totals) => boolean): void => {
    const t = totals.get(m)!;
    if (!wanted(t)) return;
    if (!sizes.has(m.name)) sizes.set(m.name, t.bytes);
    for (const c of m.children) insert(c, wanted);
  };
  insert(tree.root, (t) => t.params > 0);
  insert(tree.root, (t) => t.buffers > 0);
  if (opts.includeTensors) for (const [name, s] of tensorBytes) sizes.set(name, (sizes.get(name) ?? 0) + s);
  return { sizes, leaves };
}
