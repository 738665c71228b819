/** A call that receives `device_map=`: the map, and the model, memory, dtype and quantization around it. */
import { budgetMessage } from './budget';
import type { SyntaxNode } from '@lezer/common';
import type { DocumentProblem, FoundDeviceMap, InferredMap, ModelRef, Span } from '../types';
import type { Env } from './env';
import type { Evaluator } from './evaluate';
import { attentionOf, DISPATCH_POSITIONS, dtypeOf, inferredOf, mapShape, maxMemorySpec, quantizationOf } from './mapValue';
import { isStrategy } from '../deviceValue';
import { cliDefaults } from './cliDefaults';
import { isInferAutoDeviceMap, modelOfObject, positionalDeviceMapIndex, takesModelObject } from './accelerateCalls';
import { callArgs, kids, spanOf } from './syntax';
import type { PyVal } from './values';

/** Loader entry points whose `device_map` really places a model. */
const LOADER_METHODS = new Set([
  'from_pretrained',
  'from_config',
  'from_single_file',
  'pipeline',
  'load_checkpoint_and_dispatch',
  'dispatch_model',
  'from_quantized',
]);

/**
 * Classes whose `from_pretrained` loads no weights: tokenizers, processors, feature extractors,
 * configs. They take `device_map=` among their kwargs and ignore it, so the map places nothing.
 */
const NOT_A_MODEL = /(Tokenizer(Fast)?|Processor|FeatureExtractor|Config|GenerationConfig)$/;

/** Loaders that forward `device_map` to transformers under another name (GPTQModel.load). */
const FORWARDING_LOADERS = /^(GPTQModel\.(load|from_quantized|from_pretrained))$/;

interface Arg {
  value: PyVal;
  written: Span;
}

/** Keyword arguments of a call, including those spread from a known `**kwargs` dict. */
function keywordArgs(ev: Evaluator, call: SyntaxNode, env: Env): { kw: Map<string, Arg>; positional: Arg[] } {
  const argList = kids(call).find((c) => c.name === 'ArgList') ?? null;
  const kw = new Map<string, Arg>();
  const positional: Arg[] = [];
  for (const a of callArgs(argList, ev.text)) {
    if (a.kind === 'keyword' && a.name) kw.set(a.name, { value: ev.eval(a.value, env), written: spanOf(a.value) });
    else if (a.kind === 'positional') positional.push({ value: ev.eval(a.value, env), written: spanOf(a.value) });
    else if (a.kind === 'starstar') {
      const d = ev.eval(a.value, env);
      if (d.t === 'dict')
        for (const it of d.items.values())
          if (typeof it.key === 'string' && !kw.has(it.key)) kw.set(it.key, { value: it.value, written: it.valueSpan });
    }
  }
  return { kw, positional };
}

export function reachesModel(callee: string | undefined): boolean {
  if (!callee) return false;
  const parts = callee.split('.');
  const last = parts[parts.length - 1] ?? '';
  if (parts.length > 1 && NOT_A_MODEL.test(parts[parts.length - 2]!)) return false;
  if (FORWARDING_LOADERS.test(parts.slice(-2).join('.'))) return true;
  return LOADER_METHODS.has(last) || /For[A-Z]\w*$|^Auto\w*Model\w*$/.test(last);
}

function loaderClassOf(callee: string | undefined): string | undefined {
  if (!callee) return undefined;
  const parts = callee.split('.');
  const last = parts[parts.length - 1]!;
  const named = LOADER_METHODS.has(last) || FORWARDING_LOADERS.test(parts.slice(-2).join('.'));
  return named && parts.length > 1 ? parts[parts.length - 2] : last;
}

type ModelFacts = Pick<FoundDeviceMap, 'model' | 'modelUnresolved'>;

/** accelerate's calls take a model object: its name is where it was built, else DM016 says why not. */
function modelOfObjectArg(ev: Evaluator, callee: string | undefined, kw: Map<string, Arg>, positional: Arg[]): ModelFacts | undefined {
  const arg = kw.get('model') ?? positional[0];
  const model = arg ? modelOfObject(arg.value) : undefined;
  if (model) return { model };
  // load_checkpoint_and_dispatch also names its checkpoint: the generic rule below reads that.
  if (callee?.split('.').pop() === 'load_checkpoint_and_dispatch' || !arg) return undefined;
  const text = ev.text.slice(arg.written.start, arg.written.end);
  return {
    modelUnresolved: {
      span: arg.written,
      text,
      reason: `\`${text}\` is not the result of a from_pretrained or from_config call in this file, so its model name is unknown`,
    },
  };
}

function modelOf(ev: Evaluator, callee: string | undefined, kw: Map<string, Arg>, positional: Arg[]): ModelFacts {
  const fromObject = takesModelObject(callee) ? modelOfObjectArg(ev, callee, kw, positional) : undefined;
  if (fromObject) return fromObject;
  const last = callee?.split('.').pop();
  // pipeline(task, model); load_checkpoint_and_dispatch(model, checkpoint): the name is the second argument.
  const candidate =
    last === 'pipeline'
      ? (kw.get('model') ?? positional[1])
      : last === 'load_checkpoint_and_dispatch'
        ? (kw.get('checkpoint') ?? positional[1])
        : (positional[0] ??
          kw.get('pretrained_model_name_or_path') ??
          kw.get('model_id') ??
          // AutoGPTQ's from_quantized, unsloth's FastLanguageModel, GPTQModel.load name it so.
          kw.get('model_name_or_path') ??
          kw.get('model_name') ??
          kw.get('model_id_or_path') ??
          (last === 'from_config' ? kw.get('config') : undefined));
  const config = kw.get('config');
  const loaderClass = loaderClassOf(callee);
  const revisionArg = kw.get('revision')?.value;
  const make = (name: string, span: Span, revision?: string): ModelRef => ({
    name,
    span,
    ...(revision !== undefined ? { revision } : revisionArg?.t === 'str' ? { revision: revisionArg.v } : {}),
    ...(loaderClass ? { loaderClass } : {}),
  });
  const fromValue = (a: Arg | undefined): ModelRef | undefined => {
    if (!a) return undefined;
    if (a.value.t === 'str') return make(a.value.v, a.written);
    if (a.value.t === 'config' && a.value.model.t === 'str') return make(a.value.model.v, a.written, a.value.revision);
    // `PeftModel.from_pretrained(base, adapter)`: the structure is the base model's.
    if (a.value.t === 'call' && /\.from_pretrained$/.test(a.value.callee) && a.value.args[0]?.t === 'str')
      return make(a.value.args[0].v, a.written);
    return undefined;
  };
  const direct = candidate && candidate.value.t !== 'none' ? candidate : undefined;
  const model = fromValue(direct) ?? (direct ? undefined : fromValue(config));
  if (model) return { model };
  const written = direct ?? config;
  if (!written) return {};
  const text = ev.text.slice(written.written.start, written.written.end);
  const option = /^\w+\.(\w+)$/.exec(text)?.[1];
  const fallback = option === undefined ? undefined : cliDefaults(ev.text).get(option);
  if (fallback !== undefined) {
    // Check against the option's default (what a plain run loads), and keep saying where it comes from.
    return {
      model: { ...make(fallback, written.written), fromDefault: true },
      modelUnresolved: {
        span: written.written,
        text,
        reason: `\`${text}\` comes from the command line (default "${fallback}")`,
        defaultName: fallback,
      },
    };
  }
  if (ev.exhausted)
    return { modelUnresolved: { span: written.written, text, reason: `\`${text}\` was not evaluated: ${budgetMessage()}` } };
  return {
    modelUnresolved: {
      span: written.written,
      text,
      reason: `\`${text}\` is not a string this file sets (it is computed, read from arguments or the environment)`,
    },
  };
}

/** The map an `infer_auto_device_map(...)` call computes, standing for itself (its entries are unknown). */
function computedMapArg(call: SyntaxNode, kw: ReadonlyMap<string, Arg>, positional: readonly Arg[]): Arg {
  const span = spanOf(call);
  const kwargs = new Map([...kw].map(([k, a]) => [k, a.value]));
  return { value: { t: 'call', callee: 'infer_auto_device_map', kwargs, args: positional.map((a) => a.value), span }, written: span };
}

/**
 * `problems` collects what is worth telling the user about the map's text (keys written twice).
 * `consumed` receives the start of every call value passed as a map (an `infer_auto_device_map`
 * result handed on), so the finder does not report that computed map a second time.
 */
export function loaderMap(
  ev: Evaluator,
  call: SyntaxNode,
  callee: string | undefined,
  env: Env,
  visibleDevices: number | undefined,
  problems: DocumentProblem[] = [],
  consumed?: Set<number>,
): FoundDeviceMap | undefined {
  const { kw, positional } = keywordArgs(ev, call, env);
  // pipeline(..., model_kwargs={"device_map": ...}) passes the loader's arguments through.
  const inner = kw.get('model_kwargs')?.value;
  if (inner?.t === 'dict') {
    for (const it of inner.items.values())
      if (typeof it.key === 'string' && !kw.has(it.key)) kw.set(it.key, { value: it.value, written: it.valueSpan });
  }
  const at = positionalDeviceMapIndex(callee);
  const dm = isInferAutoDeviceMap(callee)
    ? computedMapArg(call, kw, positional)
    : (kw.get('device_map') ?? (at !== undefined ? positional[at] : undefined));
  if (!dm || dm.value.t === 'none') return undefined;
  if (dm.value.t === 'call' && consumed) consumed.add(dm.value.span.start);
  if (dm.value.t === 'dict')
    for (const d of dm.value.duplicates ?? []) {
      problems.push({
        kind: 'duplicate-key',
        span: d.span,
        key: String(d.key),
        message: `"${d.key}" is written twice in this device_map; Python keeps only the later value.`,
      });
    }
  const shape = mapShape(dm.value, dm.written, ev.text);
  const dispatched = dispatchedStrategy(callee, shape, kw, positional, spanOf(call), ev.text);
  const mm = kw.get('max_memory');
  const q = kw.get('quantization_config');
  const quantization = quantizationOf(q?.value, new Map([...kw].map(([k, a]) => [k, a.value])));
  const dtype = dtypeOf(kw.get('torch_dtype')?.value ?? kw.get('dtype')?.value);
  const attention = attentionOf(kw.get('attn_implementation')?.value);
  return {
    ...shape,
    span: dm.written,
    ...modelOf(ev, callee, kw, positional),
    ...(mm && mm.value.t !== 'none' ? { maxMemory: maxMemorySpec(mm.value, mm.written, ev.text) } : {}),
    ...(dtype ? { dtype } : {}),
    ...(attention ? { attention } : {}),
    ...(quantization ? { quantization, quantizationSpan: q?.written ?? spanOf(call) } : {}),
    ...(visibleDevices !== undefined ? { visibleDevices } : {}),
    callSpan: spanOf(call),
    reachesModel: reachesModel(callee),
    ...(dispatched ? { inferred: dispatched } : {}),
  };
}

/**
 * `load_checkpoint_and_dispatch(model, ckpt, device_map="auto")` expands the strategy itself
 * (accelerate 1.15 big_modeling.py: `get_balanced_memory` then `infer_auto_device_map`) with its own
 * `no_split_module_classes`, `[]` when left out, unlike `from_pretrained`, which passes the model's.
 */
function dispatchedStrategy(
  callee: string | undefined,
  shape: Pick<FoundDeviceMap, 'kind' | 'value'>,
  kw: ReadonlyMap<string, Arg>,
  positional: readonly Arg[],
  span: Span,
  text: string,
): InferredMap | undefined {
  const literal = shape.value?.literal;
  if (callee?.split('.').pop() !== 'load_checkpoint_and_dispatch' || shape.kind !== 'strategy' || typeof literal !== 'string')
    return undefined;
  if (!isStrategy(literal)) return undefined;
  const call: PyVal & { t: 'call' } = {
    t: 'call',
    callee,
    kwargs: new Map([...kw].map(([k, a]) => [k, a.value])),
    args: positional.map((a) => a.value),
    span,
  };
  const inferred = inferredOf(call, text, DISPATCH_POSITIONS);
  return inferred ? { ...inferred, strategy: literal } : undefined;
}
