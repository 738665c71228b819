/** The memory budgets a map is placed against (one owner for the strategies, the rebalance fix and computed maps). */
import type { Device } from '../base/devices';
import { getMaxMemory } from '../placement/maxMemory';
import type { MachineSetup } from '../settings';
import type { FoundDeviceMap } from '../text/types';

/** Budgets a strategy is expanded against: the user's `max_memory`, else each card minus its CUDA context, plus CPU RAM. */
export function budgetsFor(map: Pick<FoundDeviceMap, 'maxMemory'>, setup: MachineSetup): Map<Device, number | string> | undefined {
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
