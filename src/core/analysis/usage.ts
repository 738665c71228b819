/**
 * What each card of a map holds against the configured capacity: the peak of
 * the step the file runs (memory estimate), or what loading alone costs.
 */
import type { Device } from '../base/devices';
import { sortDevices } from '../placement/deviceBytes';
import type { RuleContext } from './context';
import { bytes } from './format';
import type { MemoryEstimate } from '../memory/estimateTypes';
import { describeMode, estimateModeOf, mapEstimate } from './estimateChoice';
import { estimateSay } from './estimateWords';

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
 * The peak of every GPU over the step the estimate covers (`estimateChoice`:
 * the settings, else a LoRA step when the file trains, else a short forward pass); the
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
  const mode = estimateModeOf(ctx.env, ctx.facts);
  let est: MemoryEstimate;
  try {
    est = mapEstimate(tree, devices, mode, ctx.env.setup, ctx.map.dtype, ctx.map.quantization, ctx.map.attention);
  } catch {
    return devices === ctx.devices ? cardUsage(ctx) : [];
  }
  const out: CardUsage[] = [];
  for (const device of sortDevices(est.devices.keys())) {
    if (typeof device !== 'number') continue;
    const e = est.devices.get(device)!;
    const parts = [
      estimateSay.text('amountWeights', { bytes: bytes(e.weights) }),
      ...(e.kv_cache > 0 ? [estimateSay.text('amountKvCache', { bytes: bytes(e.kv_cache) })] : []),
      ...(e.activations > 0 ? [estimateSay.text('amountActivations', { bytes: bytes(e.activations) })] : []),
      ...(e.training > 0
        ? [estimateSay.text(mode.kind === 'train-full' ? 'amountFullTraining' : 'amountLora', { bytes: bytes(e.training) })]
        : []),
      estimateSay.text('amountContext', { bytes: bytes(e.context) }),
    ];
    const breakdown = estimateSay.text('breakdownOfStep', { parts: parts.join(' + '), mode: describeMode(mode) });
    out.push(gpuCard(ctx, device, e.weights, e.context, e.total, breakdown));
  }
  return out;
}

/** Weights plus the CUDA context per GPU: what loading alone costs (the training reserve is counted against this). */
export function cardUsage(ctx: RuleContext): CardUsage[] {
  const w = ctx.weights();
  if (!w) return [];
  const context = ctx.env.setup.contextBytes;
  const out: CardUsage[] = [];
  for (const device of sortDevices(w.keys())) {
    if (typeof device !== 'number') continue;
    const weights = w.get(device)!;
    const breakdown = `${estimateSay.text('amountWeights', { bytes: bytes(weights) })} + ${estimateSay.text('amountContext', { bytes: bytes(context) })}`;
    out.push(gpuCard(ctx, device, weights, context, weights + context, breakdown));
  }
  return out;
}

/** One GPU's line, named and capped from the GPU setting when it knows the card. */
function gpuCard(ctx: RuleContext, device: number, weights: number, context: number, total: number, breakdown: string): CardUsage {
  const spec = ctx.env.setup.gpus[device];
  return {
    device,
    weights,
    context,
    total,
    ...(spec ? { capacity: spec.memory } : {}),
    // A detected card names its source, so DM011 says where the capacity came from.
    gpuName: spec ? `${spec.name} (cuda:${device}${ctx.env.setup.gpuSource ? `, ${ctx.env.setup.gpuSource}` : ''})` : `cuda:${device}`,
    breakdown,
  };
}
