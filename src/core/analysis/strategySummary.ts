/** One line per strategy: what it does for this model on these cards (`cuda:0 layers 0-15 6.2 GiB · cuda:1 ...`). */
import { compactKeys, sortDevices } from '../placement/deviceBytes';
import type { Device } from '../base/devices';
import type { Strategy } from '../placement/strategy';
import { visibleSetup, weightsOfMap, type RuleContext } from './context';
import { expandFor } from './concrete';
import { bytes, deviceLabel } from './format';
import { estimateSay } from './estimateWords';

export interface StrategyCard {
  readonly device: Device;
  readonly keys: string[];
  readonly bytes: number;
}

/** Per-card expansion of a strategy, or undefined without a model or cards. */
export function strategyCards(ctx: RuleContext, s: Strategy): StrategyCard[] | undefined {
  if (!ctx.tree) return undefined;
  const map = expandFor(ctx.tree, s, ctx.map, visibleSetup(ctx.map, ctx.env.setup));
  if (!map) return undefined;
  const w = weightsOfMap(ctx, map);
  if (!w) return undefined;
  const byDevice = new Map<Device, string[]>();
  for (const [k, d] of map) byDevice.set(d, [...(byDevice.get(d) ?? []), k]);
  return sortDevices(byDevice.keys()).map((d) => ({ device: d, keys: compactKeys(byDevice.get(d)!), bytes: w.get(d) ?? 0 }));
}

export function strategySummary(ctx: RuleContext, s: Strategy): string | undefined {
  const cards = strategyCards(ctx, s);
  if (!cards) return ctx.tree ? estimateSay.text('setGpusForSplit', {}) : undefined;
  // The block range says more than a list of keys: "cuda:0 model.layers.0-15 (6.21 GiB)".
  return cards
    .map((c) => {
      const range =
        c.keys.find((k) => /\d+-\d+$/.test(k)) ??
        (c.keys.length === 1 ? c.keys[0] : estimateSay.text('modulesCount', { count: c.keys.length }));
      return `${deviceLabel(c.device)} ${range} (${bytes(c.bytes)})`;
    })
    .join(' · ');
}
