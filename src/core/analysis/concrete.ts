/**
 * The concrete device map a found map stands for: a dict as written, a single
 * device as `{"": d}`, a strategy expanded exactly as transformers 5.17 would
 * (against the map's `max_memory`, else the configured cards' capacities).
 */
import type { Device } from '../base/devices';
import { expandStrategy, isStrategy, type Strategy } from '../placement/strategy';
import type { ModelTree } from '../models/tree';
import type { MachineSetup } from '../settings';
import type { FoundDeviceMap } from '../text/types';
import { sizeOptionsOf, visibleSetup, type RuleContext } from './context';
import { budgetsFor } from './budgets';

export { budgetsFor } from './budgets';

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
