/**
 * Per-card totals of a concrete device map: what the status bar, the hover
 * table and the CodeLens show. Weights placed per device plus the per-card
 * CUDA context on GPUs, against the configured capacity.
 */
import type { DType } from '../memory/dtypes';
import type { Quantization } from '../memory/quantization';
import type { ModelTree } from '../models/tree';
import { assignTensors } from '../placement/assign';
import type { Device } from '../placement/devices';
import type { MachineSetup } from '../settings';
import { bytes, deviceText } from './format';
import { sizesFor, weightsPerDevice } from './weights';
import { derived, mapSignature } from './derivedCache';

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
}

export interface PerCardSummary {
  readonly cards: readonly CardSummary[];
  /** The GPU with the highest share of its capacity (or the most bytes when capacities are unknown). */
  readonly peak?: CardSummary;
  /** Parameters no key covers (the summary then under-counts). */
  readonly uncovered: number;
}

export interface SummaryOptions {
  readonly dtype?: DType;
  readonly quantization?: Quantization;
}

function deviceOrder(d: Device): number {
  return typeof d === 'number' ? d : d === 'cpu' ? 1e6 : d === 'disk' ? 1e6 + 2 : 1e6 + 1;
}

export function perCardSummary(
  tree: ModelTree,
  deviceMap: ReadonlyMap<string, Device> | Readonly<Record<string, Device>>,
  setup: MachineSetup,
  opts: SummaryOptions = {},
): PerCardSummary {
  const map: ReadonlyMap<string, Device> = deviceMap instanceof Map ? deviceMap : new Map(Object.entries(deviceMap));
  const sig = mapSignature(map, `${opts.dtype ?? ''}|${JSON.stringify(opts.quantization ?? null)}`);
  const assignment = derived(tree, mapSignature(map), 'assignment', () => assignTensors(tree, map));
  const weights = new Map(derived(tree, sig, 'weights', () => weightsPerDevice(assignment, sizesFor(tree, opts.dtype, opts.quantization))));
  const keyCount = new Map<Device, number>();
  for (const d of map.values()) {
    keyCount.set(d, (keyCount.get(d) ?? 0) + 1);
    if (!weights.has(d)) weights.set(d, 0);
  }
  const cards: CardSummary[] = [...weights]
    .sort((a, b) => deviceOrder(a[0]) - deviceOrder(b[0]))
    .map(([device, w]) => {
      const gpu = typeof device === 'number' ? setup.gpus[device] : undefined;
      const context = typeof device === 'number' ? setup.contextBytes : 0;
      const capacity = gpu ? gpu.memory : device === 'cpu' && setup.cpuMemory ? setup.cpuMemory : undefined;
      return { device, label: deviceText(device), weights: w, context, total: w + context, ...(capacity !== undefined ? { capacity } : {}), keys: keyCount.get(device) ?? 0 };
    });
  const gpus = cards.filter((c) => typeof c.device === 'number');
  const score = (c: CardSummary): number => (c.capacity ? c.total / c.capacity : c.total / 2 ** 50);
  const peak = gpus.length > 0 ? gpus.reduce((a, b) => (score(b) > score(a) ? b : a)) : cards[0];
  return { cards, ...(peak ? { peak } : {}), uncovered: assignment.uncoveredParams.length };
}

/** `cuda:0 12.3 GiB / 24.00 GiB` */
export function cardLine(c: CardSummary): string {
  return `${c.label} ${bytes(c.total)}${c.capacity !== undefined ? ` / ${bytes(c.capacity)}` : ''}`;
}

/** A markdown table of the cards, for hovers. */
export function perCardTable(s: PerCardSummary): string {
  const rows = s.cards.map((c) => {
    const pct = c.capacity ? `${Math.round((100 * c.total) / c.capacity)}%` : '';
    const over = c.capacity !== undefined && c.total > c.capacity ? ' ⚠ over' : '';
    return `| ${c.label} | ${c.keys} | ${bytes(c.weights)} | ${bytes(c.total)} | ${c.capacity !== undefined ? bytes(c.capacity) : '?'} | ${pct}${over} |`;
  });
  return ['| device | keys | weights | total | capacity | use |', '|---|---:|---:|---:|---:|---:|', ...rows].join('\n');
}
