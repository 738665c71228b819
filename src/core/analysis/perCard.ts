/**
 * Per-card totals of a concrete device map: what the status bar, the hover
 * table and the CodeLens show. `estimateSummary`: the memory estimate of the
 * chosen step (the same result DM011 reads); `perCardSummary`: weights placed
 * per device plus the CUDA context, the fallback when no estimate can be made.
 */
import type { DType } from '../base/dtypes';
import type { Quantization } from '../memory/quantization';
import type { AttentionKernel } from '../memory/activations';
import type { ModelTree } from '../models/tree';
import { assignTensors } from '../models/assign';
import type { Device } from '../base/devices';
import type { MachineSetup } from '../settings';
import type { DeviceEstimate, EstimateMode } from '../memory/estimateTypes';
import { describeMode, mapEstimate } from './estimateChoice';
import { bytes, deviceLabel } from './format';
import { sizesFor, weightsPerDevice } from './weights';
import { derived, mapSignature, sizedMapSignature } from './derivedCache';
import { sortDevices } from '../placement/deviceBytes';
import { estimateSay } from './estimateWords';

export interface CardSummary {
  readonly device: Device;
  /** `cuda:0`, `cpu`, `disk`. */
  readonly label: string;
  readonly weights: number;
  /** CUDA context on GPUs, 0 elsewhere. */
  readonly context: number;
  readonly total: number;
  /** Capacity when the GPU setting knows this card (GPUs) or the CPU RAM budget. */
  readonly capacity?: number;
  /** How many map keys send something here. */
  readonly keys: number;
  /** The estimate's parts (weights, KV cache, activations, training, context) when the summary comes from it. */
  readonly parts?: DeviceEstimate;
  /** `MemoryEstimate.formulas` for this card: how each part was computed. */
  readonly formulas?: Partial<Record<keyof DeviceEstimate, string>>;
}

export interface PerCardSummary {
  readonly cards: readonly CardSummary[];
  /** The GPU with the highest share of its capacity (or the most bytes when capacities are unknown). */
  readonly peak?: CardSummary;
  /** Parameters no key covers (the summary then under-counts). */
  readonly uncovered: number;
  /** The step the totals cover; absent for the weights + CUDA context fallback. */
  readonly mode?: EstimateMode;
  /** `MemoryEstimate.unmeasured`: parts no GPU measurement backs, with their assumptions. */
  readonly unmeasured?: readonly string[];
}

export interface SummaryOptions {
  readonly dtype?: DType;
  readonly quantization?: Quantization;
  /** `attn_implementation=` from the file: only the estimate reads it. */
  readonly attention?: AttentionKernel;
}

export function perCardSummary(
  tree: ModelTree,
  deviceMap: ReadonlyMap<string, Device> | Readonly<Record<string, Device>>,
  setup: MachineSetup,
  opts: SummaryOptions = {},
): PerCardSummary {
  const map: ReadonlyMap<string, Device> = deviceMap instanceof Map ? deviceMap : new Map(Object.entries(deviceMap));
  const sig = sizedMapSignature(map, opts);
  const assignment = derived(tree, mapSignature(map), 'assignment', () => assignTensors(tree, map));
  const weights = new Map(derived(tree, sig, 'weights', () => weightsPerDevice(assignment, sizesFor(tree, opts.dtype, opts.quantization))));
  const keyCount = new Map<Device, number>();
  for (const d of map.values()) {
    keyCount.set(d, (keyCount.get(d) ?? 0) + 1);
    if (!weights.has(d)) weights.set(d, 0);
  }
  const rank = sortDevices(weights.keys());
  const cards: CardSummary[] = [...weights]
    // Devices in transformers' order: GPUs ascending, then mps, cpu, disk.
    .sort((a, b) => rank.indexOf(a[0]) - rank.indexOf(b[0]))
    .map(([device, w]) => {
      const gpu = typeof device === 'number' ? setup.gpus[device] : undefined;
      const context = typeof device === 'number' ? setup.contextBytes : 0;
      const capacity = gpu ? gpu.memory : device === 'cpu' && setup.cpuMemory ? setup.cpuMemory : undefined;
      return {
        device,
        label: deviceLabel(device),
        weights: w,
        context,
        total: w + context,
        ...(capacity !== undefined ? { capacity } : {}),
        keys: keyCount.get(device) ?? 0,
      };
    });
  return { cards, ...peakOf(cards), uncovered: assignment.uncoveredParams.length };
}

/** The GPU with the highest share of its capacity (the most bytes when capacities are unknown). */
function peakOf(cards: readonly CardSummary[]): { peak?: CardSummary } {
  const gpus = cards.filter((c) => typeof c.device === 'number');
  const score = (c: CardSummary): number => (c.capacity ? c.total / c.capacity : c.total / 2 ** 50);
  const peak = gpus.length > 0 ? gpus.reduce((a, b) => (score(b) > score(a) ? b : a)) : cards[0];
  return peak ? { peak } : {};
}

/**
 * Per-card peak over `mode` from the memory estimate (weights, KV cache,
 * activations, training state, CUDA context); the weights + context summary
 * when the estimate cannot be made.
 */
export function estimateSummary(
  tree: ModelTree,
  deviceMap: ReadonlyMap<string, Device> | Readonly<Record<string, Device>>,
  setup: MachineSetup,
  mode: EstimateMode,
  opts: SummaryOptions = {},
): PerCardSummary {
  const base = perCardSummary(tree, deviceMap, setup, opts);
  const map: ReadonlyMap<string, Device> = deviceMap instanceof Map ? deviceMap : new Map(Object.entries(deviceMap));
  let est;
  try {
    est = mapEstimate(tree, map, mode, setup, opts.dtype, opts.quantization, opts.attention);
  } catch {
    return base;
  }
  const cards = base.cards.map((c): CardSummary => {
    const e = est.devices.get(c.device);
    if (!e) return c;
    const formulas = est.formulas.get(c.device);
    return { ...c, weights: e.weights, context: e.context, total: e.total, parts: e, ...(formulas ? { formulas } : {}) };
  });
  return { cards, ...peakOf(cards), uncovered: base.uncovered, mode, ...(est.unmeasured?.length ? { unmeasured: est.unmeasured } : {}) };
}

/** `cuda:0 12.3 GiB / 24.00 GiB` */
export function cardLine(c: CardSummary): string {
  return `${c.label} ${bytes(c.total)}${c.capacity !== undefined ? ` / ${bytes(c.capacity)}` : ''}`;
}

/** A markdown table of the cards, for hovers: the estimate's parts when there are any, then the formulas behind them. */
export function perCardTable(s: PerCardSummary): string {
  const use = (c: CardSummary): string => {
    const pct = c.capacity ? `${Math.round((100 * c.total) / c.capacity)}%` : '';
    const over = c.capacity !== undefined && c.total > c.capacity ? ` ${estimateSay.text('over', {})}` : '';
    return `${pct}${over}`;
  };
  const cap = (c: CardSummary): string => (c.capacity !== undefined ? bytes(c.capacity) : '?');
  if (!s.mode) {
    const rows = s.cards.map((c) => `| ${c.label} | ${c.keys} | ${bytes(c.weights)} | ${bytes(c.total)} | ${cap(c)} | ${use(c)} |`);
    return [
      estimateSay.text('weightsAndContext', {}),
      '',
      header(['colDevice', 'colKeys', 'colWeights', 'colTotal', 'colCapacity', 'colUse']),
      '|---|---:|---:|---:|---:|---:|',
      ...rows,
    ].join('\n');
  }
  const part = (c: CardSummary, k: keyof DeviceEstimate): string => (c.parts ? bytes(c.parts[k]) : '');
  const rows = s.cards.map(
    (c) =>
      `| ${c.label} | ${c.keys} | ${bytes(c.weights)} | ${part(c, 'kv_cache')} | ${part(c, 'activations')} | ${part(c, 'training')} | ${part(c, 'context')} | ${bytes(c.total)} | ${cap(c)} | ${use(c)} |`,
  );
  const formulas = s.cards.flatMap((c) =>
    Object.entries(c.formulas ?? {})
      .filter(([k, f]) => f && (k === 'weights' || k === 'total' || (c.parts?.[k as keyof DeviceEstimate] ?? 0) > 0))
      .map(([k, f]) => `- ${c.label} ${k}: ${f}`),
  );
  return [
    estimateSay.text('peakOver', { mode: describeMode(s.mode) }),
    '',
    header([
      'colDevice',
      'colKeys',
      'colWeights',
      'colKvCache',
      'colActivations',
      'colTraining',
      'colContext',
      'colTotal',
      'colCapacity',
      'colUse',
    ]),
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows,
    ...(formulas.length ? ['', estimateSay.text('howComputed', {}), '', ...formulas] : []),
    ...(s.unmeasured?.length ? ['', estimateSay.text('notMeasured', {}), '', ...s.unmeasured.map((u) => `- ${u}`)] : []),
  ].join('\n');
}

type Column =
  | 'colDevice'
  | 'colKeys'
  | 'colWeights'
  | 'colKvCache'
  | 'colActivations'
  | 'colTraining'
  | 'colContext'
  | 'colTotal'
  | 'colCapacity'
  | 'colUse';

/** `| device | keys | ... |` in the locale's words. */
function header(columns: readonly Column[]): string {
  return `| ${columns.map((c) => estimateSay.text(c, {})).join(' | ')} |`;
}
