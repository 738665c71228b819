/**
 * What each card of a map holds against the configured capacity: the peak of
 * the step the file runs (memory estimate), or what loading alone costs.
 */
import type { Device } from '../placement/devices';
import type { RuleContext } from './context';
import { bytes } from './format';
import { estimateMemory } from '../memory/estimate';
import type { EstimateMode, MemoryEstimate } from '../memory/estimateTypes';
import { derived, mapSignature } from './derivedCache';

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

/**
 * The peak of every GPU over the step the file runs (a LoRA step when it
 * trains, else a short forward pass), from the memory estimate; the
 * weights-only figure when the estimate cannot be made.
 */
export function peakUsage(ctx: RuleContext): CardUsage[] {
  if (ctx.map.kind !== 'dict' || !ctx.assignment()) return [];
  return peakUsageFor(ctx, ctx.devices);
}

/** The same peak for another map of this model (a rebalance candidate). */
export function peakUsageFor(ctx: RuleContext, devices: ReadonlyMap<string, Device>): CardUsage[] {
  const tree = ctx.tree;
  if (!tree) return [];
  const mode = estimateMode(ctx);
  let est: MemoryEstimate;
  try {
    est = derived(tree, mapSignature(devices, `${ctx.map.dtype ?? ''}|${JSON.stringify(ctx.map.quantization ?? null)}|${JSON.stringify(mode)}|${ctx.env.setup.contextBytes}`), 'estimate', () =>
      estimateMemory(tree, devices, mode, {
        ...(ctx.map.dtype ? { dtype: ctx.map.dtype } : {}),
        ...(ctx.map.quantization ? { quantization: ctx.map.quantization } : {}),
        context: { driverBytes: ctx.env.setup.contextBytes },
      }),
    );
  } catch {
    return devices === ctx.devices ? cardUsage(ctx) : [];
  }
  const gpus = ctx.env.setup.gpus;
  const out: CardUsage[] = [];
  for (const [device, e] of [...est.devices].sort((a, b) => order(a[0]) - order(b[0]))) {
    if (typeof device !== 'number') continue;
    const spec = gpus[device];
    const parts = [
      `${bytes(e.weights)} weights`,
      ...(e.kv_cache > 0 ? [`${bytes(e.kv_cache)} KV cache`] : []),
      ...(e.activations > 0 ? [`${bytes(e.activations)} activations`] : []),
      ...(e.training > 0 ? [`${bytes(e.training)} LoRA training state`] : []),
      `${bytes(e.context)} CUDA context`,
    ];
    out.push({
      device,
      weights: e.weights,
      context: e.context,
      total: e.total,
      ...(spec ? { capacity: spec.memory } : {}),
      gpuName: spec ? `${spec.name} (cuda:${device})` : `cuda:${device}`,
      breakdown: `${parts.join(' + ')}, ${mode.kind === 'train-lora' ? `one LoRA step at batch ${mode.batch} × ${mode.seq} tokens` : `a forward pass of ${FORWARD.batch} × ${FORWARD.seq} tokens`}`,
    });
  }
  return out;
}

const FORWARD = { batch: 1, seq: 512 } as const;

/** What the file does with the model: one LoRA step (r and targets from its LoraConfig) when it trains, else a short forward pass. */
export function estimateMode(ctx: RuleContext): EstimateMode {
  if (ctx.facts.trains) {
    return { kind: 'train-lora', batch: 1, seq: 512, rank: ctx.facts.loraRank ?? 8, targets: ctx.facts.loraTargets ?? ['q_proj', 'v_proj'], gradientCheckpointing: false };
  }
  return { kind: 'forward', ...FORWARD };
}

/** Weights plus the CUDA context per GPU: what loading alone costs (the training reserve is counted against this). */
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
