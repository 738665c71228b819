/** Flags shared by the commands that take a model. */
import { parseDType, type DType } from '../core/memory/dtypes';
import type { Quantization } from '../core/memory/quantization';
import type { ModelTree } from '../core/models/tree';
import { UsageError } from './args';

export const MODEL_FLAGS = ['model', 'dtype', 'transformers', 'quantization'] as const;

/** `--dtype`, defaulting to the config's dtype, else fp32 (what the CLI promises). */
export function dtypeFlag(raw: string | undefined, tree: ModelTree): DType {
  if (raw === undefined) return tree.configDType ?? 'fp32';
  const d = parseDType(raw);
  if (!d || !['fp32', 'fp16', 'bf16'].includes(d)) throw new UsageError(`--dtype must be bf16, fp16 or fp32 (got "${raw}")`);
  return d;
}

export function quantizationFlag(raw: string | undefined): Quantization | undefined {
  if (raw === undefined || raw === 'none') return undefined;
  if (raw === '4bit' || raw === 'nf4' || raw === 'fp4') return { method: 'bnb-4bit' };
  if (raw === '8bit' || raw === 'int8') return { method: 'bnb-8bit' };
  throw new UsageError(`--quantization must be 4bit or 8bit (got "${raw}")`);
}
