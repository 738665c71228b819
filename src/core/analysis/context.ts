/**
 * Everything a rule needs about one found map, computed lazily and once:
 * the resolved model, the usable entries as a device map, where each tensor
 * lands, sizes at the effective dtype. Rules stay small pure functions of this.
 */
import type { ModelTree } from '../models/tree';
import { assignTensors, type Assignment } from '../models/assign';
import type { Device } from '../base/devices';
import type { DeviceMapEntry, DeviceValue, DocumentFacts, FoundDeviceMap } from '../text/types';
import type { AnalysisEnv, ModelLookup, SourceDocument } from './api';
import { sizesFor, weightsPerDevice } from './weights';
import { withInferredEntries } from './inferredMap';
import { deviceProblem } from './deviceCheck';
import { derived, mapSignature, sizedMapSignature } from './derivedCache';
import type { ModuleSizes, SizeOptions } from '../memory/moduleSizes';
import type { MachineSetup } from '../settings';
import type { AttentionKernel } from '../memory/activations';

export interface RuleContext {
  readonly doc: SourceDocument;
  readonly env: AnalysisEnv;
  readonly facts: DocumentFacts;
  readonly map: FoundDeviceMap;
  readonly mapIndex: number;
  readonly lookup: ModelLookup;
  /** The model tree, when the lookup resolved. */
  readonly tree: ModelTree | undefined;
  /** Entries whose value is a usable device, last duplicate winning as in a Python dict. */
  readonly devices: ReadonlyMap<string, Device>;
  /** The entry that wrote each key (the last one, when a key repeats). */
  readonly entryByKey: ReadonlyMap<string, DeviceMapEntry>;
  /** True when every entry was evaluated and has a usable device: only then can anything be "missing". */
  readonly complete: boolean;
  /** Distinct devices as Python would compare the values (`0` and `"cuda:0"` are two). */
  readonly spelledDevices: ReadonlySet<string>;
  /** GPUs the process will see, when known (setting or CUDA_VISIBLE_DEVICES). */
  readonly gpuCount: number | undefined;
  assignment(): Assignment | undefined;
  sizes(): ModuleSizes | undefined;
  /** Weight bytes per device under this map (tensors no key covers are left out). */
  weights(): Map<Device, number> | undefined;
}

/** What Python's `set(device_map.values())` would tell apart. */
export function spelledIdentity(v: DeviceValue): string | undefined {
  if (v.device === undefined || v.invalid || deviceProblem(v)) return undefined;
  switch (v.style) {
    case 'int':
      return `int:${String(v.device)}`;
    case 'cuda-string':
    case 'string':
      return `str:${typeof v.literal === 'string' ? v.literal : String(v.device)}`;
    case 'torch-device':
      return `torch:${String(v.device)}`;
    default:
      return `other:${v.raw}`;
  }
}

export function gpuCountFor(map: FoundDeviceMap, env: AnalysisEnv): number | undefined {
  const configured = env.setup.gpus.length > 0 ? env.setup.gpus.length : undefined;
  if (map.visibleDevices !== undefined) return configured === undefined ? map.visibleDevices : Math.min(configured, map.visibleDevices);
  return configured;
}

/**
 * The machine as the process sees it: `CUDA_VISIBLE_DEVICES` set in the file
 * leaves that many GPUs, renumbered from 0 (the first configured cards stand
 * for them, as in the panel). Strategies and rebalances spread over these only.
 */
export function visibleSetup(map: FoundDeviceMap, setup: MachineSetup): MachineSetup {
  const n = map.visibleDevices;
  return n !== undefined && n < setup.gpus.length ? { ...setup, gpus: setup.gpus.slice(0, n) } : setup;
}

/** The map's dtype and quantization as size, estimate and strategy options take them (absent ones left out). */
export function sizeOptionsOf(map: FoundDeviceMap): Pick<SizeOptions, 'dtype' | 'quantization'> & { attention?: AttentionKernel } {
  return {
    ...(map.dtype ? { dtype: map.dtype } : {}),
    ...(map.quantization ? { quantization: map.quantization } : {}),
    ...(map.attention ? { attention: map.attention } : {}),
  };
}

export function buildContext(
  doc: SourceDocument,
  env: AnalysisEnv,
  facts: DocumentFacts,
  found: FoundDeviceMap,
  mapIndex: number,
): RuleContext {
  const lookup = safeLookup(env, found, doc.fileName);
  const tree = lookup.status === 'ok' ? lookup.tree : undefined;
  // A map infer_auto_device_map computes is judged by the entries it computes for this model.
  const map = withInferredEntries(found, tree, visibleSetup(found, env.setup));
  const devices = new Map<string, Device>();
  const entryByKey = new Map<string, DeviceMapEntry>();
  const spelledDevices = new Set<string>();
  let allUsable = true;
  for (const e of map.entries) {
    entryByKey.set(e.key, e);
    const id = spelledIdentity(e.value);
    if (id === undefined || e.value.device === undefined) {
      allUsable = false;
      devices.delete(e.key);
      continue;
    }
    spelledDevices.add(id);
    devices.set(e.key, e.value.device);
  }
  let assignment: Assignment | undefined | null = null;
  let sizes: ModuleSizes | undefined | null = null;
  let weights: Map<Device, number> | undefined | null = null;
  const ctx: RuleContext = {
    doc,
    env,
    facts,
    map,
    mapIndex,
    lookup,
    tree,
    devices,
    entryByKey,
    complete: map.kind === 'dict' && !map.partial && allUsable,
    spelledDevices,
    gpuCount: gpuCountFor(map, env),
    assignment() {
      if (assignment === null)
        assignment =
          tree && map.kind === 'dict' ? derived(tree, mapSignature(devices), 'assignment', () => assignTensors(tree, devices)) : undefined;
      return assignment;
    },
    sizes() {
      if (sizes === null) sizes = tree ? sizesFor(tree, map.dtype, map.quantization) : undefined;
      return sizes;
    },
    weights() {
      if (weights === null) {
        const a = ctx.assignment();
        const s = ctx.sizes();
        weights = a && s && tree ? derived(tree, sizedMapSignature(devices, map), 'weights', () => weightsPerDevice(a, s)) : undefined;
      }
      return weights;
    },
  };
  return ctx;
}

/** Weight bytes per device for another map of this model (a strategy's expansion, a rebalance candidate), at this map's dtype. */
export function weightsOfMap(ctx: RuleContext, map: ReadonlyMap<string, Device>): Map<Device, number> | undefined {
  const sizes = ctx.sizes();
  return ctx.tree && sizes ? weightsPerDevice(assignTensors(ctx.tree, map), sizes) : undefined;
}

/** A host's lookup must never take the analysis down with it. */
export function safeLookup(env: AnalysisEnv, map: FoundDeviceMap, fileName: string): ModelLookup {
  try {
    return env.lookupModel(map.model, fileName);
  } catch (e) {
    return { status: 'error', message: e instanceof Error ? e.message : String(e) };
  }
}
