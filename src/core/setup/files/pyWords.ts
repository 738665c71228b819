/**
 * Python literals as the quick fixes write them (text/edits/format: double quotes,
 * GPU indices as ints, one entry per line, 4-space indent, a trailing comma).
 */
import type { Device } from '../../base/devices';
import type { DType } from '../../base/dtypes';
import { formatDevice, quoteString } from '../../text/edits/format';
import type { ModelTree } from '../../models/tree';

export const q = (s: string): string => quoteString(s, '"');

/** A dict literal of a map, one entry per line, indented under `indent`. */
export function pyDict(entries: ReadonlyMap<string | number, Device | string | number>, indent = ''): string {
  if (entries.size === 0) return '{}';
  const key = (k: string | number): string => (typeof k === 'number' ? String(k) : q(k));
  const value = (v: Device | string | number): string => (typeof v === 'number' ? String(v) : formatDevice(v, 'int'));
  const lines = [...entries].map(([k, v]) => `${indent}    ${key(k)}: ${value(v)},`);
  return `{\n${lines.join('\n')}\n${indent}}`;
}

/** `max_memory` values as strings accelerate parses ("20480MiB"): whole MiB, exact. */
export function mib(bytes: number): string {
  return `${Math.floor(bytes / 2 ** 20)}MiB`;
}

export function torchDType(d: DType): string {
  return d === 'bf16' ? 'torch.bfloat16' : d === 'fp16' ? 'torch.float16' : 'torch.float32';
}

/** transformers 5 renamed `torch_dtype=` to `dtype=` (4 still reads `torch_dtype=`). */
export function dtypeKeyword(tree: ModelTree): 'dtype' | 'torch_dtype' {
  return tree.transformers === 4 ? 'torch_dtype' : 'dtype';
}

/** The Auto class that loads this tree's class, and peft's task type for it. */
export function autoClassOf(tree: ModelTree): { auto: string; peftTask: string } {
  if (/ForConditionalGeneration$/.test(tree.className) && /t5/i.test(tree.modelType))
    return { auto: 'AutoModelForSeq2SeqLM', peftTask: 'SEQ_2_SEQ_LM' };
  return { auto: 'AutoModelForCausalLM', peftTask: 'CAUSAL_LM' };
}
