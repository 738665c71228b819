/**
 * How transformers 4 sized a bitsandbytes model for placement (SPEC §6).
 *
 * 4.x passed the quantizer's target dtype (`CustomDtype.INT4` for 4-bit,
 * `torch.int8` for 8-bit) as `dtype` to accelerate's `get_balanced_memory` and
 * `infer_auto_device_map`, so every floating tensor, parameter or buffer,
 * counted at min(quantized size, its own size): an under-estimate. Only the
 * parameters named in `special_dtypes` (those of `modules_to_not_convert`,
 * matched by substring) kept the load dtype. Integer and bool tensors kept
 * their own size. transformers 5 quantizes only Linear weights (quantization.ts).
 */
import type { ModelTree, ModuleNode } from '../models/tree';
import { joinName } from '../models/tree';
import { isFloating, type DType } from '../base/dtypes';
import type { Quantization } from './quantization';

/** A loader class with a head (`LlamaForCausalLM`, `GPT2LMHeadModel`), as opposed to a bare base model. */
function hasHead(className: string): boolean {
  return /For[A-Z]|LMHead/.test(className);
}

/** The last parameter `named_parameters()` yields (tied copies skipped, as torch de-duplicates them). */
function lastParameterName(tree: ModelTree): string | undefined {
  let last: string | undefined;
  const visit = (m: ModuleNode): void => {
    for (const p of m.params) {
      const full = joinName(m.name, p.name);
      if (!Object.prototype.hasOwnProperty.call(tree.tiedWeights, full)) last = full;
    }
    for (const c of m.children) visit(c);
  };
  visit(tree.root);
  return last;
}

const stripSuffix = (name: string): string => name.replace('.weight', '').replace('.bias', '');

/**
 * Mirrors transformers 4.x `integrations.bitsandbytes.get_keys_to_not_convert`:
 * both names of every tied pair, plus the module of the last parameter when it is
 * not tied (the output head); nothing for a base model without ties.
 * An explicit `llm_int8_skip_modules` replaces the default.
 */
export function getKeysToNotConvert(tree: ModelTree, q: Quantization): string[] {
  if (q.skipModules) return [...q.skipModules];
  const tiedKeys = Object.entries(tree.tiedWeights).flat();
  if (tiedKeys.length === 0 && !hasHead(tree.className)) return [];
  const last = lastParameterName(tree);
  const untouched = new Set(tiedKeys);
  if (last !== undefined) untouched.add(last);
  return [...untouched].map(stripSuffix);
}

/** The element size transformers 4 counted for one tensor of a bitsandbytes model, given its loaded size. */
export function v4QuantizedElementBytes(
  fullName: string,
  kind: 'param' | 'buffer',
  loadedDType: DType | undefined,
  loadedBytes: number,
  q: Quantization,
  keep: readonly string[],
): number {
  // Integer and bool tensors are never cast, so 4.x counted them at their own size.
  if (loadedDType !== undefined && !isFloating(loadedDType)) return loadedBytes;
  // special_dtypes holds parameters only: buffers of kept modules still count quantized.
  if (kind === 'param' && keep.some((k) => fullName.includes(k))) return loadedBytes;
  return Math.min(q.method === 'bnb-4bit' ? 0.5 : 1, loadedBytes);
}
