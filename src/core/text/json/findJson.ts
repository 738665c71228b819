/**
 * Device maps in JSON / JSONC: any `device_map` / `hf_device_map` key at any
 * depth, or the whole file when it is named like `*device_map*.json`. The
 * model, `max_memory`, dtype and quantization come from sibling keys.
 */
import { parseTree, type Node } from 'jsonc-parser';
import type { DocumentFacts, DocumentProblem, FoundDeviceMap, ModelRef, Span } from '../types';
import { dtypeOf, mapShape, maxMemorySpec, quantizationOf } from '../python/mapValue';
import { newDict, type PyVal } from '../python/values';

const MAP_KEYS = new Set(['device_map', 'hf_device_map']);
const MODEL_KEYS = ['model_name_or_path', 'pretrained_model_name_or_path', 'base_model', 'model_id', 'model', '_name_or_path'];
const TRAINING_KEYS = new Set([
  'learning_rate',
  'num_train_epochs',
  'per_device_train_batch_size',
  'gradient_accumulation_steps',
  'lora_r',
  'lora_alpha',
  'lora_target_modules',
  'target_modules',
  'max_steps',
  'optim',
  'train_file',
  'do_train',
]);

const spanOf = (n: Node): Span => ({ start: n.offset, end: n.offset + n.length });

/** A JSON value as the evaluator's values, so Python, JSON, shell and YAML share one map builder. */
export function toPyVal(n: Node, text: string, depth = 0): PyVal {
  const span = spanOf(n);
  switch (n.type) {
    case 'string': {
      // An unterminated string is still being typed: no value yet.
      const raw = text.slice(span.start, span.end);
      const closed = raw.length >= 2 && raw.endsWith('"') && !/(^|[^\\])(\\\\)*\\"$/.test(raw);
      return closed ? { t: 'str', v: String(n.value), span, quote: '"' } : { t: 'unknown', span };
    }
    case 'number': {
      const raw = text.slice(span.start, span.end);
      return /[.eE]/.test(raw) ? { t: 'float', v: Number(n.value), span } : { t: 'int', v: Number(n.value), span };
    }
    case 'boolean':
      return { t: 'bool', v: Boolean(n.value), span };
    case 'null':
      return { t: 'none', span };
    case 'array':
      return depth > 50 ? { t: 'unknown', span } : { t: 'list', items: (n.children ?? []).map((c) => toPyVal(c, text, depth + 1)), span };
    case 'object': {
      const d = newDict(span, span);
      for (const p of n.children ?? []) {
        const [k, v] = p.children ?? [];
        if (!k || !v) {
          d.partial = true;
          continue;
        }
        const key = String(k.value);
        const prev = d.items.get(key);
        if (prev) (d.duplicates ??= []).push({ key, span: prev.keySpan, overriddenBy: spanOf(k) });
        d.items.delete(key);
        d.items.set(key, {
          key,
          keySpan: spanOf(k),
          value: depth > 50 ? { t: 'unknown', span: spanOf(v) } : toPyVal(v, text, depth + 1),
          valueSpan: spanOf(v),
          entrySpan: spanOf(p),
          origin: 'literal',
        });
      }
      return d;
    }
    default:
      return { t: 'unknown', span };
  }
}

function prop(obj: Node, key: string): Node | undefined {
  for (const p of obj.children ?? []) if (p.children?.[0]?.value === key) return p.children[1];
  return undefined;
}

/** The model named next to the map, looking outward through enclosing objects. */
function modelNear(obj: Node | undefined): ModelRef | undefined {
  for (let o = obj; o; o = o.parent) {
    if (o.type !== 'object') continue;
    for (const k of MODEL_KEYS) {
      const v = prop(o, k);
      if (v?.type === 'string' && String(v.value) !== '') {
        const rev = prop(o, 'revision');
        return { name: String(v.value), span: spanOf(v), ...(rev?.type === 'string' ? { revision: String(rev.value) } : {}) };
      }
    }
  }
  return undefined;
}

type Problems = DocumentProblem[];

function buildMap(value: Node, holder: Node | undefined, text: string, problems: Problems): FoundDeviceMap {
  const v = toPyVal(value, text);
  if (v.t === 'dict')
    for (const d of v.duplicates ?? []) {
      problems.push({
        kind: 'duplicate-key',
        span: d.span,
        key: String(d.key),
        message: `"${d.key}" is written twice in this device_map; only the later value is used.`,
      });
    }
  const shape = mapShape(v, spanOf(value), text, 'json');
  const sibling = (k: string) => (holder ? prop(holder, k) : undefined);
  const mm = sibling('max_memory');
  const q = sibling('quantization_config');
  const siblings = new Map<string, PyVal>();
  for (const k of ['load_in_4bit', 'load_in_8bit', 'llm_int8_enable_fp32_cpu_offload', 'llm_int8_skip_modules']) {
    const n = sibling(k);
    if (n) siblings.set(k, toPyVal(n, text));
  }
  const quantization = quantizationOf(q ? toPyVal(q, text) : undefined, siblings);
  const dt = sibling('torch_dtype') ?? sibling('dtype');
  const dtype = dt ? dtypeOf(toPyVal(dt, text)) : undefined;
  const model = modelNear(holder);
  let maxMemory = mm && mm.type !== 'null' ? maxMemorySpec(toPyVal(mm, text), spanOf(mm), text) : undefined;
  if (maxMemory) {
    // JSON keys are always strings; `"0"` names GPU 0 as the CLI and settings read it.
    maxMemory = {
      ...maxMemory,
      entries: maxMemory.entries.map((e) => ({ ...e, key: typeof e.key === 'string' && /^\d+$/.test(e.key) ? Number(e.key) : e.key })),
    };
  }
  return {
    ...shape,
    span: spanOf(value),
    ...(model ? { model } : {}),
    ...(maxMemory ? { maxMemory } : {}),
    ...(dtype ? { dtype } : {}),
    ...(quantization ? { quantization, quantizationSpan: q ? spanOf(q) : spanOf(value) } : {}),
    ...(holder ? { callSpan: spanOf(holder) } : {}),
    reachesModel: true,
  };
}

export function findJsonMaps(text: string, fileName: string): DocumentFacts {
  const root = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  const maps: FoundDeviceMap[] = [];
  const problems: Problems = [];
  let trains = false;
  let loraTargets: string[] | undefined;
  let loraRank: number | undefined;
  const visit = (n: Node, depth: number): void => {
    if (depth > 200) return;
    if (n.type === 'object') {
      for (const p of n.children ?? []) {
        const [k, v] = p.children ?? [];
        if (!k || !v) continue;
        const key = String(k.value);
        if (MAP_KEYS.has(key) && v.type !== 'null') maps.push(buildMap(v, n, text, problems));
        if (TRAINING_KEYS.has(key)) trains = true;
        if ((key === 'target_modules' || key === 'lora_target_modules') && (v.type === 'array' || v.type === 'string')) {
          const vals = v.type === 'string' ? [v.value] : (v.children ?? []).map((c) => c.value);
          if (vals.every((x) => typeof x === 'string')) loraTargets = vals as string[];
        }
        if ((key === 'r' || key === 'lora_r') && v.type === 'number') loraRank = Number(v.value);
      }
    }
    for (const c of n.children ?? []) visit(c, depth + 1);
  };
  if (root) {
    const base = fileName.split(/[\\/]/).pop() ?? '';
    const wholeFile = /device_map[^\\/]*\.jsonc?$/i.test(base) && root.type === 'object' && ![...MAP_KEYS].some((k) => prop(root, k));
    if (wholeFile) maps.push({ ...buildMap(root, undefined, text, problems), callSpan: spanOf(root) });
    else visit(root, 0);
  }
  return { maps, trains, ...(loraTargets ? { loraTargets } : {}), ...(loraRank !== undefined ? { loraRank } : {}), problems };
}
