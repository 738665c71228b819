/**
 * The fixture setups the planner is held against: every model recorded under
 * test/fixtures/generated, each `balanced` placement transformers 5.17 made
 * there (the recorded device map), and the same budgets given to our planner.
 * Peak fill is the fullest card's weight bytes over its max_memory.
 */
import { basename, join } from 'node:path';
import { GENERATED, modelFixtureDirs, readJson, type Reference } from './fixtures';
import { modelFromConfig } from '../../src/core/models/registry';
import type { HFConfig } from '../../src/core/models/config';
import type { ModelTree } from '../../src/core/models/tree';
import { bytesPerDevice } from '../../src/core/placement/deviceBytes';
import type { Device } from '../../src/core/base/devices';
import { planDeviceMap } from '../../src/core/placement/planner/planner';

export interface SetupOutcome {
  /** Highest weight bytes ÷ max_memory over the cards. */
  readonly peak: number;
  /** Weight bytes on cpu/disk. */
  readonly offloaded: number;
}

export interface PlannerSetup {
  readonly name: string;
  readonly balanced: SetupOutcome;
  readonly ours: SetupOutcome;
}

export function outcome(tree: ModelTree, map: ReadonlyMap<string, Device>, dtype: 'bf16' | 'fp32', gpus: readonly number[]): SetupOutcome {
  let peak = 0;
  let offloaded = 0;
  for (const [d, bytes] of bytesPerDevice(tree, map, { dtype })) {
    if (typeof d === 'number') peak = Math.max(peak, bytes / gpus[d]!);
    else offloaded += bytes;
  }
  return { peak, offloaded };
}

export function plannerSetups(): PlannerSetup[] {
  const out: PlannerSetup[] = [];
  for (const dir of modelFixtureDirs(GENERATED)) {
    const ref = readJson<Reference>(join(dir, 'reference.json'));
    const tree = modelFromConfig(readJson<HFConfig>(join(dir, 'config.json')), { transformers: ref.transformers_major ?? 5 });
    for (const p of ref.placements.filter((q) => q.strategy === 'balanced')) {
      const gpus = Object.keys(p.max_memory)
        .filter((k) => /^\d+$/.test(k))
        .sort((a, b) => +a - +b)
        .map((k) => p.max_memory[k]!);
      const balancedMap = new Map<string, Device>(Object.entries(p.device_map));
      const plan = planDeviceMap(tree, {
        dtype: p.dtype,
        gpus,
        ...(p.max_memory.cpu !== undefined ? { cpu: p.max_memory.cpu } : {}),
        disk: p.max_memory.disk !== undefined,
      });
      if (!plan.fits) throw new Error(`${basename(dir)} ${p.scenario} ${p.dtype}: our planner found no plan`);
      out.push({
        name: `${basename(dir)} ${p.dtype} on ${p.scenario}`,
        balanced: outcome(tree, balancedMap, p.dtype, gpus),
        ours: outcome(tree, plan.deviceMap, p.dtype, gpus),
      });
    }
  }
  return out;
}
