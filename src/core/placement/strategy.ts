/**
 * Strategy strings and their expansion into a concrete device map.
 * Mirrors transformers 5.17 `integrations.accelerate._get_device_map` and the
 * string checks of `check_and_set_device_map`.
 */
import type { Quantization } from '../memory/quantization';
import type { DType } from '../base/dtypes';
import type { ModelTree } from '../models/tree';
import { getBalancedMemory } from './balancedMemory';
import { inferAutoDeviceMap } from './inferAutoDeviceMap';
import { getMaxMemory } from './maxMemory';
import type { DeviceMap } from './cleanDeviceMap';
import type { Device, MaxMemory } from '../base/devices';

export const STRATEGIES = ['auto', 'balanced', 'balanced_low_0', 'sequential'] as const;
export type Strategy = (typeof STRATEGIES)[number];

export function isStrategy(s: string): s is Strategy {
  return (STRATEGIES as readonly string[]).includes(s);
}

export function badStrategyMessage(s: string): string {
  return (
    'When passing device_map as a string, the value needs to be a device name (e.g. cpu, cuda:0) or ' +
    `'auto', 'balanced', 'balanced_low_0', 'sequential' but found ${s}.`
  );
}

export interface ExpandOptions {
  readonly dtype?: DType;
  readonly quantization?: Quantization;
  /** False when `from_pretrained` got no `max_memory` (the budgets then stand for free memory). */
  readonly userSetMaxMemory?: boolean;
  /**
   * The block classes kept whole. transformers passes the model's `_no_split_modules` (the default);
   * accelerate's `load_checkpoint_and_dispatch` passes its `no_split_module_classes` argument, `[]` when left out.
   */
  readonly noSplit?: readonly string[];
}

export interface Expansion {
  readonly deviceMap: DeviceMap;
  /** The budgets `infer_auto_device_map` placed against. */
  readonly budgets: MaxMemory;
}

export function expandStrategy(
  tree: ModelTree,
  strategy: Strategy,
  maxMemory: ReadonlyMap<Device, number | string>,
  opts: ExpandOptions = {},
): Expansion {
  const noSplit = opts.noSplit ?? tree.noSplitModules;
  const sizeOpts = { ...(opts.dtype ? { dtype: opts.dtype } : {}), ...(opts.quantization ? { quantization: opts.quantization } : {}) };
  // The user's dict with its strings converted, as accelerate leaves it after its in-place pass.
  const user = getMaxMemory(maxMemory);
  let budgets =
    strategy === 'sequential'
      ? getMaxMemory(maxMemory)
      : getBalancedMemory(tree, maxMemory, noSplit, {
          ...sizeOpts,
          lowZero: strategy === 'balanced_low_0',
          userSetMaxMemory: opts.userSetMaxMemory ?? true,
        });
  // bitsandbytes keeps 10% of every budget for its own buffers.
  if (opts.quantization) budgets = new Map([...budgets].map(([k, v]) => [k, v * 0.9]));
  if (opts.userSetMaxMemory !== false) {
    for (const [k, v] of budgets) if (user.has(k)) budgets.set(k, Math.min(v, user.get(k)!));
  }
  const { deviceMap } = inferAutoDeviceMap(tree, budgets, noSplit, sizeOpts);
  return { deviceMap, budgets };
}
