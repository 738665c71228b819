/** Turns evaluated Python values into the shared device-map shapes (entries, device values, max_memory). */
import { parseDType, type DType } from '../../base/dtypes';
import type { Quantization } from '../../memory/quantization';
import type { AttentionKernel } from '../../memory/activations';
import { parseAttnImplementation } from '../../memory/attentionKernel';
import { badStrategyMessage, deviceValueOf, FLOAT_MESSAGE, isStrategy, parseDeviceString } from '../deviceValue';
import { dictStyle } from '../dictStyle';
import type { DeviceMapEntry, DeviceValue, FoundDeviceMap, InferredMap, MaxMemorySpec, Span } from '../types';
import type { PyVal } from './values';
import { isComputedMap } from './accelerateCalls';

/** A value as a map entry's device: `written` is the expression in the dict, which edits replace. */
export function toDeviceValue(v: PyVal, written: Span, text: string): DeviceValue {
  const raw = text.slice(written.start, written.end);
  switch (v.t) {
    case 'int':
      return deviceValueOf(v.v, raw, written);
    case 'float':
      return deviceValueOf(v.v, raw, written, { isFloat: true });
    case 'str':
      return deviceValueOf(v.v, raw, written, v.quote ? { quote: v.quote } : {});
    case 'torchDevice': {
      const a = v.arg;
      return deviceValueOf(a.t === 'int' || a.t === 'str' ? a.v : undefined, raw, written, { torchDevice: true, isFloat: a.t === 'float' });
    }
    default:
      return { raw, span: written, style: 'other' };
  }
}

type MapShape = Pick<FoundDeviceMap, 'kind' | 'entries' | 'value' | 'partial' | 'dictSpan' | 'style' | 'inferred'>;

/** Where a call takes the arguments `infer_auto_device_map` reads, positionally. */
export interface ArgPositions {
  readonly max_memory: number;
  readonly no_split_module_classes: number;
  readonly dtype: number;
}
const INFER_POSITIONS: ArgPositions = { max_memory: 1, no_split_module_classes: 2, dtype: 3 };
/** `load_checkpoint_and_dispatch(model, checkpoint, device_map, max_memory, no_split_module_classes, offload_folder, offload_buffers, dtype, ...)`. */
export const DISPATCH_POSITIONS: ArgPositions = { max_memory: 3, no_split_module_classes: 4, dtype: 7 };

/**
 * What the engine needs to rerun `infer_auto_device_map(model, max_memory=None,
 * no_split_module_classes=None, dtype=None, ...)` (accelerate 1.15 utils/modeling.py): left
 * out, `no_split_module_classes` is `[]`, so accelerate may split any block; a string is one
 * class. Undefined when an argument cannot be read statically.
 */
export function inferredOf(v: PyVal & { t: 'call' }, text: string, at: ArgPositions = INFER_POSITIONS): InferredMap | undefined {
  const arg = (name: keyof ArgPositions, index: number) => v.kwargs.get(name) ?? v.args[index];
  const ns = arg('no_split_module_classes', at.no_split_module_classes);
  let noSplit: InferredMap['noSplit'] | undefined;
  if (!ns || ns.t === 'none') noSplit = [];
  else if (ns.t === 'str') noSplit = [ns.v];
  else if (ns.t === 'list' && ns.items.every((x) => x.t === 'str')) noSplit = ns.items.map((x) => (x as { v: string }).v);
  else if (/\._no_split_modules$/.test(text.slice(ns.span.start, ns.span.end).trim())) noSplit = 'model';
  if (noSplit === undefined) return undefined;
  const mm = arg('max_memory', at.max_memory);
  if (mm && mm.t !== 'none' && mm.t !== 'dict') return undefined;
  const maxMemory = mm?.t === 'dict' ? maxMemorySpec(mm, mm.span, text) : undefined;
  if (maxMemory?.partial) return undefined;
  const dtype = dtypeOf(arg('dtype', at.dtype));
  return { span: v.span, noSplit, ...(maxMemory ? { maxMemory } : {}), ...(dtype ? { dtype } : {}) };
}

/** The shape of a `device_map=` value: a dict's entries, or a strategy / device / int. */
export function mapShape(v: PyVal, written: Span, text: string, lang: 'python' | 'json' = 'python'): MapShape {
  if (v.t === 'dict') {
    const entries: DeviceMapEntry[] = [];
    for (const it of v.items.values()) {
      entries.push({
        key: String(it.key),
        keySpan: it.keySpan,
        value: toDeviceValue(it.value, it.valueSpan, text),
        entrySpan: it.entrySpan,
        literal: it.origin === 'literal',
        origin: it.origin,
      });
    }
    const partial = v.partial || [...v.items.values()].some((it) => typeof it.key !== 'string');
    const base: MapShape = { kind: 'dict', entries, partial };
    if (!v.literalSpan) return base;
    return { ...base, dictSpan: v.literalSpan, style: dictStyle(text, v.literalSpan, lang) };
  }
  // A dict computed at run time: partial, so nothing is ever reported missing from it.
  if (isComputedMap(v)) {
    const inferred = v.t === 'call' ? inferredOf(v, text) : undefined;
    return { kind: 'dict', entries: [], partial: true, ...(inferred ? { inferred } : {}) };
  }
  // A name or string passed through a variable: edit the literal where it was written.
  const at = v.t === 'str' || v.t === 'int' || v.t === 'float' || v.t === 'torchDevice' ? v.span : written;
  const raw = text.slice(at.start, at.end);
  if (v.t === 'str') {
    const quote = v.quote ? { quote: v.quote } : {};
    if (isStrategy(v.v))
      return { kind: 'strategy', entries: [], partial: false, value: { raw, span: at, style: 'string', literal: v.v, ...quote } };
    const parsed = parseDeviceString(v.v);
    if (parsed.device === undefined && !parsed.invalid?.startsWith('NotImplementedError')) {
      return {
        kind: 'strategy',
        entries: [],
        partial: false,
        value: { raw, span: at, style: 'string', literal: v.v, invalid: badStrategyMessage(v.v), ...quote },
      };
    }
    return { kind: 'device', entries: [], partial: false, value: toDeviceValue(v, at, text) };
  }
  if (v.t === 'int') return { kind: 'int', entries: [], partial: false, value: toDeviceValue(v, at, text) };
  if (v.t === 'float')
    return { kind: 'int', entries: [], partial: false, value: { raw, span: at, style: 'other', literal: v.v, invalid: FLOAT_MESSAGE } };
  if (v.t === 'torchDevice') return { kind: 'device', entries: [], partial: false, value: toDeviceValue(v, at, text) };
  return { kind: 'unknown', entries: [], partial: true };
}

export function maxMemorySpec(v: PyVal, written: Span, text: string): MaxMemorySpec {
  if (v.t !== 'dict') return { span: written, entries: [], partial: true };
  let partial = v.partial;
  const entries: Array<MaxMemorySpec['entries'][number]> = [];
  for (const it of v.items.values()) {
    const value = it.value.t === 'int' || it.value.t === 'float' || it.value.t === 'str' ? it.value.v : undefined;
    if (value === undefined) {
      partial = true;
      continue;
    }
    entries.push({
      key: it.key,
      keyRaw: text.slice(it.keySpan.start, it.keySpan.end),
      keySpan: it.keySpan,
      value,
      valueSpan: it.valueSpan,
    });
  }
  return { span: v.literalSpan ?? written, entries, partial };
}

/** `attn_implementation=` when the file writes it as a string. */
export function attentionOf(v: PyVal | undefined): AttentionKernel | undefined {
  return v?.t === 'str' ? parseAttnImplementation(v.v) : undefined;
}

export function dtypeOf(v: PyVal | undefined): DType | undefined {
  if (!v) return undefined;
  if (v.t === 'name') return parseDType(v.dotted);
  if (v.t === 'str') return parseDType(v.v);
  return undefined;
}

function flag(v: PyVal | undefined): boolean | undefined {
  return v?.t === 'bool' ? v.v : v?.t === 'int' ? v.v !== 0 : undefined;
}

/** `BitsAndBytesConfig(...)`, a dict of the same keys, or `load_in_4bit=True` on the loader itself. */
export function quantizationOf(config: PyVal | undefined, loaderKw: ReadonlyMap<string, PyVal>): Quantization | undefined {
  let kw: ReadonlyMap<string, PyVal> | undefined;
  if (config?.t === 'call' && /BitsAndBytesConfig$/.test(config.callee)) kw = config.kwargs;
  else if (config?.t === 'dict') kw = new Map([...config.items.values()].map((it) => [String(it.key), it.value]));
  const get = (k: string) => kw?.get(k) ?? loaderKw.get(k);
  const method = flag(get('load_in_4bit')) ? 'bnb-4bit' : flag(get('load_in_8bit')) ? 'bnb-8bit' : undefined;
  if (!method) return undefined;
  const skip = get('llm_int8_skip_modules');
  const skipModules =
    skip?.t === 'list' && skip.items.every((x) => x.t === 'str') ? skip.items.map((x) => (x as { v: string }).v) : undefined;
  const cpuOffload = flag(get('llm_int8_enable_fp32_cpu_offload'));
  const doubleQuant = flag(get('bnb_4bit_use_double_quant'));
  return {
    method,
    ...(skipModules ? { skipModules } : {}),
    ...(cpuOffload !== undefined ? { cpuOffload } : {}),
    ...(doubleQuant !== undefined ? { doubleQuant } : {}),
  };
}
