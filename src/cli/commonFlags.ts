import { type DType, type ModelTree, parseDType, type Quantization } from '../core/index';
import { UsageError } from './args';

/** `--loader <ClassName>`: the class that loads the model (`AutoModel` builds the base model: no `model.` prefix, no `lm_head`). */
export const MODEL_FLAGS = ['model', 'dtype', 'transformers', 'quantization', 'loader'] as const;

/**
 * `--dtype`. Absent: undefined, so each tensor keeps its stored dtype (safetensors
 * headers), else the config's dtype, else fp32 — see `tensorElementBytes`.
 */
export function dtypeFlag(raw: string | undefined): DType | undefined {
  if (raw === undefined) return undefined;
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

/** How the dtype reads in a table header. */
export function dtypeLabel(dtype: DType | undefined, tree: ModelTree): string {
  if (dtype) return dtype;
  const stored = describeStored(tree);
  return stored ?? `${tree.configDType ?? 'fp32'} (from the config)`;
}

function describeStored(tree: ModelTree): string | undefined {
  const seen = new Set<string>();
  const walk = (m: ModelTree['root']): void => {
    for (const t of [...m.params, ...m.buffers]) if (t.storedDType) seen.add(t.storedDType);
    m.children.forEach(walk);
  };
  walk(tree.root);
  return seen.size > 0 ? `stored dtypes (${[...seen].sort().join(', ')})` : undefined;
}
