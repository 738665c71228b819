/**
 * Parsing the GPU list users give: the CLI's `--gpus 2x24GiB,1x80GiB` and the
 * `deviceMapStudio.gpus` setting (preset ids, "24GiB", or `{name, memoryGiB}`).
 * Never throws: bad items come back as messages.
 */
import { convertFileSizeToInt } from './placement/sizeString';
import { GIB, GPU_PRESETS, type GpuSpec } from './settings';
import { voice } from './base/messages';

export interface GpuParse {
  readonly gpus: GpuSpec[];
  readonly errors: string[];
}

function presetOrSize(item: string): GpuSpec | string {
  const preset = GPU_PRESETS.find((p) => p.id === item.toLowerCase());
  if (preset) return { name: preset.name, memory: preset.memory };
  try {
    const memory = /^\d+(\.\d+)?$/.test(item) ? Number(item) * GIB : convertFileSizeToInt(item);
    if (memory <= 0) return `GPU memory must be positive: "${item}"`;
    return { name: 'GPU', memory };
  } catch {
    return `"${item}" is neither a GPU preset (${GPU_PRESETS.map((p) => p.id).join(', ')}) nor a size such as 24GiB`;
  }
}

/** `2x24GiB,1x80GiB`, `4xa100-80`, `24GiB,24GiB`: count `x` preset-or-size, comma separated. */
export function parseGpusFlag(spec: string): GpuParse {
  const gpus: GpuSpec[] = [];
  const errors: string[] = [];
  for (const raw of spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const m = /^(\d+)\s*[x×*]\s*(.+)$/i.exec(raw);
    const count = m ? Number(m[1]) : 1;
    const r = presetOrSize(m ? m[2]!.trim() : raw);
    if (typeof r === 'string') errors.push(r);
    else for (let i = 0; i < count; i++) gpus.push({ ...r });
  }
  if (gpus.length === 0 && errors.length === 0) errors.push('no GPUs given (example: --gpus 2x24GiB)');
  return { gpus, errors };
}

/** The settings form: an array of preset ids / size strings / `{name?, memoryGiB}` objects. */
export function parseGpuSetting(value: unknown): GpuParse {
  const gpus: GpuSpec[] = [];
  const errors: string[] = [];
  if (value == null) return { gpus, errors };
  if (typeof value === 'string') return parseGpusFlag(value);
  if (!Array.isArray(value)) return { gpus, errors: ['deviceMapStudio.gpus must be a list'] };
  for (const item of value) {
    if (typeof item === 'string') {
      const r = parseGpusFlag(item);
      gpus.push(...r.gpus);
      errors.push(...r.errors);
    } else if (item && typeof item === 'object' && typeof (item as { memoryGiB?: unknown }).memoryGiB === 'number') {
      const o = item as { name?: unknown; memoryGiB: number };
      if (o.memoryGiB > 0) gpus.push({ name: typeof o.name === 'string' ? o.name : 'GPU', memory: Math.round(o.memoryGiB * GIB) });
      else errors.push(`memoryGiB must be positive (got ${o.memoryGiB})`);
    } else {
      errors.push(`unrecognised GPU entry ${JSON.stringify(item)}`);
    }
  }
  return { gpus, errors };
}

export const GPU_SPEC_MESSAGES = { noGpus: 'no GPUs configured' } as const;

const GPU_SPEC_SAY = voice('gpu-specs', GPU_SPEC_MESSAGES);

/** `2× RTX 4090 24 GB` style summary for status bars and hovers. */
export function describeGpus(gpus: readonly GpuSpec[]): string {
  if (gpus.length === 0) return GPU_SPEC_SAY.text('noGpus', {});
  const groups = new Map<string, number>();
  for (const g of gpus) {
    const label = g.name === 'GPU' ? `${(g.memory / GIB).toFixed(g.memory % GIB === 0 ? 0 : 1)} GiB` : g.name;
    groups.set(label, (groups.get(label) ?? 0) + 1);
  }
  return [...groups].map(([l, n]) => `${n}× ${l}`).join(' + ');
}
