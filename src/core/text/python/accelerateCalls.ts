/**
 * accelerate's big-model calls take an already built model object, not a name:
 * `dispatch_model(model, device_map)`, `load_checkpoint_and_dispatch(model, checkpoint,
 * device_map=...)` and `infer_auto_device_map(model, ...)`. The model's name is found
 * where that object came from: a `from_pretrained` / `from_config` call in the same file.
 */
import type { ModelRef } from '../types';
import type { PyVal } from './values';

/** The last dotted part of a callee (`accelerate.dispatch_model` -> `dispatch_model`). */
function lastPart(callee: string | undefined): string {
  return callee?.split('.').pop() ?? '';
}

/** Calls whose first argument is a model object. */
const TAKES_MODEL_OBJECT = new Set(['dispatch_model', 'load_checkpoint_and_dispatch', 'infer_auto_device_map']);

export function takesModelObject(callee: string | undefined): boolean {
  return TAKES_MODEL_OBJECT.has(lastPart(callee));
}

export function isInferAutoDeviceMap(callee: string | undefined): boolean {
  return lastPart(callee) === 'infer_auto_device_map';
}

/** A value computed by `infer_auto_device_map(...)`: a real dict, but its entries are only known at run time. */
export function isComputedMap(v: PyVal): boolean {
  return v.t === 'call' && isInferAutoDeviceMap(v.callee);
}

/**
 * Where the positional `device_map` sits: accelerate 1.15 `dispatch_model(model, device_map, ...)`
 * and `load_checkpoint_and_dispatch(model, checkpoint, device_map=None, ...)`.
 */
export function positionalDeviceMapIndex(callee: string | undefined): number | undefined {
  const last = lastPart(callee);
  return last === 'dispatch_model' ? 1 : last === 'load_checkpoint_and_dispatch' ? 2 : undefined;
}

/**
 * The model reference of a model object built by `X.from_pretrained("name")` or
 * `X.from_config(config)` (config from `AutoConfig.from_pretrained("name")`); undefined otherwise.
 * The span is where the name itself is written, so hovers and DM016 point at it.
 */
export function modelOfObject(v: PyVal): ModelRef | undefined {
  if (v.t !== 'call') return undefined;
  const parts = v.callee.split('.');
  const method = parts[parts.length - 1];
  if (parts.length < 2 || (method !== 'from_pretrained' && method !== 'from_config')) return undefined;
  const loaderClass = parts[parts.length - 2]!;
  const revisionArg = v.kwargs.get('revision');
  const revision = revisionArg?.t === 'str' ? revisionArg.v : undefined;
  const make = (name: PyVal & { t: 'str' }, rev?: string): ModelRef => ({
    name: name.v,
    span: name.span,
    loaderClass,
    ...(rev !== undefined ? { revision: rev } : {}),
  });
  if (method === 'from_pretrained') {
    const name = v.args[0] ?? v.kwargs.get('pretrained_model_name_or_path');
    return name?.t === 'str' ? make(name, revision) : undefined;
  }
  const config = v.args[0] ?? v.kwargs.get('config');
  return config?.t === 'config' && config.model.t === 'str' ? make(config.model, config.revision) : undefined;
}
