/**
 * A map computed by accelerate's `infer_auto_device_map(model, max_memory=...,
 * no_split_module_classes=...)` and handed to `dispatch_model` or a loader: the engine runs the
 * same placement (placement/inferAutoDeviceMap.ts, accelerate 1.15) against the resolved model,
 * honouring `no_split_module_classes` as written. Left out, accelerate splits blocks freely, and
 * the computed entries then carry the split to the rules like written ones (DM003 at the call).
 */
import type { Device } from '../base/devices';
import type { ModelTree } from '../models/tree';
import { inferAutoDeviceMap } from '../placement/inferAutoDeviceMap';
import { expandStrategy } from '../placement/strategy';
import type { MachineSetup } from '../settings';
import type { DeviceMapEntry, FoundDeviceMap } from '../text/types';
import { budgetsFor } from './budgets';

function entryAt(key: string, device: Device, map: FoundDeviceMap): DeviceMapEntry {
  const span = map.inferred!.span;
  const raw = typeof device === 'number' ? String(device) : `"${device}"`;
  return {
    key,
    keySpan: span,
    value: { raw, span, style: typeof device === 'number' ? 'int' : 'string', device, literal: device },
    entrySpan: span,
    literal: false,
    origin: 'comprehension',
  };
}

/** The map with the entries `infer_auto_device_map` computes for it; the map itself when they cannot be known. */
export function withInferredEntries(map: FoundDeviceMap, tree: ModelTree | undefined, setup: MachineSetup): FoundDeviceMap {
  const inferred = map.inferred;
  if (!inferred || !tree) return map;
  const budgets = budgetsFor({ maxMemory: inferred.maxMemory }, setup);
  if (!budgets) return map;
  const noSplit = inferred.noSplit === 'model' ? tree.noSplitModules : inferred.noSplit;
  try {
    const dtype = inferred.dtype ?? map.dtype;
    const { deviceMap } = inferred.strategy
      ? expandStrategy(tree, inferred.strategy, budgets, { noSplit, ...(dtype ? { dtype } : {}), userSetMaxMemory: !!inferred.maxMemory })
      : inferAutoDeviceMap(tree, budgets, noSplit, {
          ...(dtype ? { dtype } : {}),
          ...(map.quantization ? { quantization: map.quantization } : {}),
        });
    const entries = [...deviceMap].map(([k, d]) => entryAt(k, d, map));
    return { ...map, kind: 'dict', entries, partial: false };
  } catch {
    return map; // a bad max_memory: DM014 says so where it is written
  }
}
