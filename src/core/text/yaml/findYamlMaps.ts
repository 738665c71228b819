/**
 * Device maps in YAML training configs, read with the `yaml` package (positions kept):
 * - axolotl (`base_model`): `device_map` is passed to from_pretrained as written for a
 *   single-process run (axolotl/utils/config `choose_device`: `cfg.device_map or "auto"`);
 *   with `max_memory` or `gpu_memory_limit` axolotl computes its own map with
 *   `infer_auto_device_map` instead (loaders/model.py `_set_device_map_config`), and with
 *   FSDP or DeepSpeed ZeRO-3 it passes none. dtype: `bf16` -> bfloat16, `fp16` or
 *   `load_in_8bit` -> float16, else float32 (config `resolve_dtype`); bitsandbytes from
 *   `load_in_4bit` / `load_in_8bit`.
 * - ms-swift (`swift sft config.yaml`, swift/cli/main.py `parse_yaml_args`): every key
 *   becomes `--key value`, a mapping is `json.dumps`ed, so a mapping and a JSON string
 *   both reach `json_parse_to_dict`; `model`, `torch_dtype`, `quant_method`/`quant_bits`,
 *   `max_memory` as on the command line.
 * - any other config: `device_map` with `model_name_or_path` and transformers' own keys.
 * Several documents, anchors, aliases and merge keys are read; what the parser rejects
 * is said once per document, and the rest is read as far as it goes.
 */
import { isAlias, isMap, isScalar, parseAllDocuments, type Document, type Node, type Pair } from 'yaml';
import { parseDType, type DType } from '../../base/dtypes';
import type { DocumentFacts, DocumentProblem, FoundDeviceMap, MaxMemorySpec, ModelRef, Span } from '../types';
import { mapShape, maxMemorySpec, quantizationOf } from '../python/mapValue';
import type { PyVal } from '../python/values';
import { literalMaxMemory, stringMapShape, type MapShapeAt } from '../stringMap';
import { pairsOf, rangeOf, resolved, spannedScalar, yamlToPyVal } from './yamlValue';

type Flavour = 'axolotl' | 'swift' | 'other';
const MAP_KEYS = ['device_map', 'device_map_config'];
const MODEL_KEYS = ['base_model', 'model', 'model_id_or_path', 'model_name_or_path', 'pretrained_model_name_or_path', 'model_id'];
const SWIFT_KEYS = ['tuner_type', 'train_type', 'sft_type', 'quant_bits', 'quant_method', 'model_type', 'dataset', 'ENV'];
const TRAINING_KEYS = [
  'datasets',
  'dataset',
  'learning_rate',
  'num_epochs',
  'num_train_epochs',
  'micro_batch_size',
  'per_device_train_batch_size',
  'gradient_accumulation_steps',
  'adapter',
  'tuner_type',
  'train_type',
  'sft_type',
  'max_steps',
];
const MAX_REPORTED_ERRORS = 3;

type Pairs = Map<string, Pair<Node, Node>>;

function flavourOf(pairs: Pairs): Flavour {
  if (pairs.has('base_model')) return 'axolotl';
  if (pairs.has('model') && SWIFT_KEYS.some((k) => pairs.has(k))) return 'swift';
  return 'other';
}

function truthy(v: PyVal | undefined): boolean {
  return (v?.t === 'bool' && v.v) || (v?.t === 'str' && /^(true|auto|yes)$/i.test(v.v)) || (v?.t === 'int' && v.v !== 0);
}

/** axolotl's `resolve_dtype`: bf16 (or "auto", bf16 on any card since Ampere), then fp16 / 8-bit, else float32. */
function axolotlDType(get: (k: string) => PyVal | undefined): DType {
  if (truthy(get('bf16')) || truthy(get('bfloat16'))) return 'bf16';
  if (truthy(get('load_in_8bit')) || truthy(get('fp16')) || truthy(get('float16'))) return 'fp16';
  return 'fp32';
}

function maxMemoryOf(node: Node | undefined, doc: Document, text: string): MaxMemorySpec | undefined {
  if (!node) return undefined;
  if (isScalar(node) && typeof node.value === 'string') {
    const spanned = spannedScalar(node, text);
    return spanned ? literalMaxMemory(spanned) : undefined;
  }
  const spec = maxMemorySpec(yamlToPyVal(node, doc, text), rangeOf(node), text);
  // YAML keys `0:` are ints already; `"0":` names GPU 0 as transformers reads it.
  return {
    ...spec,
    entries: spec.entries.map((e) => ({ ...e, key: typeof e.key === 'string' && /^\d+$/.test(e.key) ? Number(e.key) : e.key })),
  };
}

function holderMap(pairs: Pairs, doc: Document, text: string, problems: DocumentProblem[]): FoundDeviceMap | undefined {
  const flavour = flavourOf(pairs);
  // axolotl with max_memory computes a map even when none is written (`device_map` defaults to "auto").
  const key = MAP_KEYS.find((k) => pairs.has(k)) ?? (flavour === 'axolotl' && pairs.has('max_memory') ? 'max_memory' : undefined);
  const pair = key ? pairs.get(key) : undefined;
  const node = pair ? resolved(pair.value, doc) : undefined;
  if (pair && !node && isAlias(pair.value))
    problems.push({
      kind: 'unreadable',
      partly: true,
      span: rangeOf(pair.value),
      message: `the YAML parser finds no anchor &${pair.value.source} before this alias, so this device_map is not read`,
    });
  if (!pair || !node || (isScalar(node) && node.value === null)) return undefined;
  const get = (k: string): PyVal | undefined => {
    const n = resolved(pairs.get(k)?.value, doc);
    return n ? yamlToPyVal(n, doc, text) : undefined;
  };
  const nodeOf = (k: string) => resolved(pairs.get(k)?.value, doc);
  const written = rangeOf(node);
  let shape: MapShapeAt;
  const spanned = flavour === 'swift' && isScalar(node) ? spannedScalar(node, text) : undefined;
  if (spanned) shape = stringMapShape(spanned, key!, problems);
  else shape = { ...mapShape(yamlToPyVal(node, doc, text), written, text, 'json'), span: written };
  const modelKey = MODEL_KEYS.find((k) => {
    const v = get(k);
    return v?.t === 'str' && v.v !== '';
  });
  const modelVal = modelKey ? get(modelKey) : undefined;
  const model: ModelRef | undefined = modelVal?.t === 'str' ? { name: modelVal.v, span: modelVal.span } : undefined;
  let dtype: DType | undefined;
  if (flavour === 'axolotl') dtype = axolotlDType(get);
  else {
    const d = get('torch_dtype') ?? get('dtype');
    dtype = d?.t === 'str' ? parseDType(d.v) : undefined;
  }
  const siblings = new Map<string, PyVal>();
  for (const k of ['load_in_4bit', 'load_in_8bit']) {
    const v = get(k);
    if (v) siblings.set(k, v);
  }
  const bits = get('quant_bits');
  const method = get('quant_method');
  if (flavour === 'swift' && method?.t === 'str' && method.v === 'bnb' && bits?.t === 'int' && (bits.v === 4 || bits.v === 8))
    siblings.set(bits.v === 4 ? 'load_in_4bit' : 'load_in_8bit', { t: 'bool', v: true, span: bits.span });
  const quantization = quantizationOf(get('quantization_config'), siblings);
  const quantSpan: Span | undefined = [...siblings.values()][0]?.span;
  const maxMemory = maxMemoryOf(nodeOf('max_memory'), doc, text);
  if (flavour === 'axolotl' && (pairs.has('max_memory') || pairs.has('gpu_memory_limit'))) {
    // axolotl then builds the map itself, `infer_auto_device_map(model_canvas, max_memory=..., dtype=...)`
    // without no_split_module_classes: the written one is not used, and the engine reruns that call.
    const mmNode = nodeOf('max_memory');
    const rerun = maxMemory && !maxMemory.partial && mmNode && !pairs.has('gpu_memory_limit');
    shape = {
      kind: 'dict',
      entries: [],
      partial: true,
      span: written,
      ...(rerun ? { inferred: { span: rangeOf(mmNode), noSplit: [], maxMemory, ...(dtype ? { dtype } : {}) } } : {}),
    };
  }
  // FSDP and DeepSpeed ZeRO-3 place the weights themselves: axolotl passes no map then.
  const ds = get('deepspeed');
  const fsdp = get('fsdp') ?? get('fsdp_config');
  const placedElsewhere =
    flavour === 'axolotl' &&
    ((!!fsdp && fsdp.t !== 'none' && !(fsdp.t === 'list' && fsdp.items.length === 0)) ||
      (ds?.t === 'str' && /zero3|zero_3|stage3/i.test(ds.v)));
  return {
    ...shape,
    ...(model ? { model } : {}),
    ...(maxMemory ? { maxMemory } : {}),
    ...(dtype ? { dtype } : {}),
    ...(quantization ? { quantization, quantizationSpan: quantSpan ?? written } : {}),
    callSpan: { start: rangeOf(pair.key).start, end: written.end },
    reachesModel: !placedElsewhere,
  };
}

function yamlProblem(doc: Document, length: number): DocumentProblem[] {
  return doc.errors.slice(0, MAX_REPORTED_ERRORS).map((e) => {
    // The parser may place an error at the end of the text (an unclosed quote): keep the span inside it.
    const start = Math.min(Math.max(0, e.pos[0]), length);
    return {
      kind: 'unreadable' as const,
      partly: true,
      span: { start, end: Math.min(Math.max(e.pos[1], start + 1), length) },
      message: `the YAML parser stops here (${e.message.split('\n')[0]}); what it could read of this document is checked`,
    };
  });
}

export function findYamlMaps(text: string): DocumentFacts {
  const maps: FoundDeviceMap[] = [];
  const problems: DocumentProblem[] = [];
  let trains = false;
  let loraRank: number | undefined;
  let loraTargets: string[] | undefined;
  for (const doc of parseAllDocuments(text, { prettyErrors: false, uniqueKeys: false }) as Document[]) {
    const root = resolved(doc.contents, doc);
    const [from, , to] = doc.range ?? [0, 0, text.length];
    const mentions = text.slice(from, to).includes('device_map');
    if (mentions) problems.push(...yamlProblem(doc, text.length));
    if (!isMap(root)) continue;
    const pairs = pairsOf(root, doc);
    const found = holderMap(pairs, doc, text, problems);
    if (!found) continue;
    maps.push(found);
    if (TRAINING_KEYS.some((k) => pairs.has(k))) trains = true;
    const rank = resolved(pairs.get('lora_r')?.value ?? pairs.get('lora_rank')?.value, doc);
    if (isScalar(rank) && typeof rank.value === 'number') loraRank = rank.value;
    const targets = yamlToPyVal(pairs.get('lora_target_modules')?.value ?? pairs.get('target_modules')?.value, doc, text);
    if (targets.t === 'list' && targets.items.length > 0 && targets.items.every((x) => x.t === 'str'))
      loraTargets = targets.items.map((x) => (x as { v: string }).v);
  }
  return {
    maps,
    trains,
    ...(loraRank !== undefined ? { loraRank } : {}),
    ...(loraTargets ? { loraTargets } : {}),
    problems,
  };
}
