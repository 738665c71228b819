/**
 * The concrete device map a found map stands for: a dict as written, a single
 * device as `{"": d}`, a strategy expanded exactly as transformers 5.17 would
 * (against the map's `max_memory`, else the configured cards' capacities).
 */
import type { Device } from '../base/devices';
import { getMaxMemory } from '../placement/maxMemory';
import { expandStrategy, isStrategy, type Strategy } from '../placement/strategy';
import type { ModelTree } from '../models/tree';
import type { MachineSetup } from '../settings';
import type { FoundDeviceMap } from '../text/types';
import { sizeOptionsOf, visibleSetup, type RuleContext } from './context';

/** Budgets a strategy is expanded against: the user's `max_memory`, else each card minus its CUDA context, plus CPU RAM. */
export function budgetsFor(map: FoundDeviceMap, setup: MachineSetup): Map<Device, number | string> | undefined {
  if (map.maxMemory && !map.maxMemory.partial && map.maxMemory.entries.length > 0) {
    const mm = new Map<Device, number | string>(map.maxMemory.entries.map((e) => [e.key, e.value]));
    try {
      getMaxMemory(mm);
      return mm;
    } catch {
      return undefined; // DM014 explains why
    }
  }
  if (setup.gpus.length === 0) return undefined;
  const mm = new Map<Device, number | string>(setup.gpus.map((g, i) => [i, Math.max(0, g.memory - setup.contextBytes)]));
  mm.set('cpu', setup.cpuMemory && setup.cpuMemory > 0 ? setup.cpuMemory : 2 ** 40);
  return mm;
}

export function expandFor(tree: ModelTree, strategy: Strategy, map: FoundDeviceMap, setup: MachineSetup): Map<string, Device> | undefined {
  const budgets = budgetsFor(map, setup);
  if (!budgets) return undefined;
  try {
    const userSet = !!map.maxMemory;
    return expandStrategy(tree, strategy, budgets, {
      ...sizeOptionsOf(map),
      userSetMaxMemory: userSet,
    }).deviceMap;
  } catch {
    return undefined;
  }
}

/** The device map this found map means, or undefined when it cannot be known (no model, no cards for a strategy, invalid value). */
export function concreteMap(ctx: RuleContext): Map<string, Device> | undefined {
  const { map, tree } = ctx;
  if (map.kind === 'dict') return new Map(ctx.devices);
  const v = map.value;
  if (!v) return undefined;
  if (typeof v.literal === 'string' && isStrategy(v.literal))
    return tree ? expandFor(tree, v.literal, map, visibleSetup(map, ctx.env.setup)) : undefined;
  if (v.device !== undefined && !v.invalid) return new Map([['', v.device]]);
  return undefined;
}
