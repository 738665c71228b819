/**
 * What each card of a map holds: weights placed there plus the per-card CUDA
 * context, against the configured capacity. Weights-only until the full
 * memory estimate (KV cache, activations, training) is wired in.
 */
import type { Device } from '../placement/devices';
import type { RuleContext } from './context';
import { bytes } from './format';

export interface CardUsage {
  readonly device: Device;
  readonly weights: number;
  readonly context: number;
  readonly total: number;
  /** Capacity when the GPU setting knows this card. */
  readonly capacity?: number;
  readonly gpuName: string;
  /** `24.1 GiB weights + 512.0 MiB CUDA context`. */
  readonly breakdown: string;
}

/** Usage of every GPU the map places weights on, in index order. */
export function cardUsage(ctx: RuleContext): CardUsage[] {
  const w = ctx.weights();
  if (!w) return [];
  const gpus = ctx.env.setup.gpus;
  const out: CardUsage[] = [];
  for (const [device, weights] of [...w].sort((a, b) => order(a[0]) - order(b[0]))) {
    if (typeof device !== 'number') continue;
    const spec = gpus[device];
    const context = ctx.env.setup.contextBytes;
    out.push({
      device,
      weights,
      context,
      total: weights + context,
      ...(spec ? { capacity: spec.memory } : {}),
      gpuName: spec ? `${spec.name} (cuda:${device})` : `cuda:${device}`,
      breakdown: `${bytes(weights)} weights + ${bytes(context)} CUDA context`,
    });
  }
  return out;
}

function order(d: Device): number {
  return typeof d === 'number' ? d : d === 'cpu' ? 1e6 : 1e6 + 1;
}
