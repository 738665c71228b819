/**
 * Where the weights go, per process: our planner (the one policy `plan --strategy
 * studio`, the rebalance fix and the panel use) or transformers' strategy engine
 * against `max_memory` budgets the policy gives (each card less what the step needs
 * besides weights, card 0 less the training reserve). Maps are planned on a
 * process's own cards (local indices 0..k-1) and then written in global indices.
 *
 * Hybrid runs give process r the cards r, r+P, r+2P… (P processes), as ms-swift 4 does
 * for MP + DDP (`swift/model/patcher.py`: `device_ids = list(range(local_rank, n_gpu,
 * local_world_size))`), and as its `--device_map` dict shift expects (`model_args.py`
 * `_init_device_map`: every int device `+= local_rank`): process 0's map, shifted by the
 * rank, is then each process's own.
 */
import type { Device } from '../base/devices';
import type { EstimateMode } from '../memory/estimateTypes';
import type { Quantization } from '../memory/quantization';
import { expandStrategy } from '../placement/strategy';
import { plannerOverhead, planWithPolicy, type PlanRequest } from '../analysis/plannerPolicy';
import type { GpuSpec, MachineSetup } from '../settings';
import type { ModelTree } from '../models/tree';
import type { RankMap, ResolvedSetupRequest, SetupStrategy } from './types';
import { trains } from './request';

/** The cards of each process: all of them with one process; one each (data parallel); every P-th card from its rank (hybrid). */
export function cardsPerRank(r: Pick<ResolvedSetupRequest, 'processes' | 'layout' | 'cards'>): number[][] | undefined {
  const n = r.cards.length;
  const p = r.processes;
  if (p <= 1) return [r.cards.map((_, i) => i)];
  if (p > n) return undefined;
  const k = r.layout === 'hybrid' ? Math.floor(n / p) : 1;
  if (r.layout === 'hybrid' && (n % p !== 0 || k < 1)) return undefined;
  return Array.from({ length: p }, (_, rank) => Array.from({ length: k }, (_, i) => rank + i * p));
}

interface Placed {
  readonly deviceMap: ReadonlyMap<string, Device>;
  readonly maxMemory?: ReadonlyMap<Device, number>;
  readonly offloaded: readonly string[];
}

/** bytes -> whole MiB, as written in `max_memory` ("20480MiB"), so the file and the plan use the same budget. */
export function wholeMiB(bytes: number): number {
  return Math.max(0, Math.floor(bytes / 2 ** 20)) * 2 ** 20;
}

/** One process's placement on its own cards (local indices 0..k-1). */
function placeLocal(
  tree: ModelTree,
  strategy: SetupStrategy,
  setup: MachineSetup,
  sizes: PlanRequest['sizes'],
  mode: EstimateMode | undefined,
  training: boolean,
  cpu: number | undefined,
): Placed {
  const req: PlanRequest = { tree, setup, sizes, trains: training, ...(mode ? { mode } : {}), ...(cpu !== undefined ? { cpu } : {}) };
  if (strategy === 'studio') {
    const plan = planWithPolicy(req);
    return { deviceMap: plan.deviceMap, offloaded: plan.offloaded };
  }
  // The same room the planner keeps, written as max_memory for transformers' strategy.
  const overhead = plannerOverhead(req);
  const reserve = training ? setup.trainingReserve : 0;
  const budgets = new Map<Device, number>(setup.gpus.map((g, i) => [i, wholeMiB(g.memory - overhead - (i === 0 ? reserve : 0))]));
  if (cpu !== undefined) budgets.set('cpu', wholeMiB(cpu));
  const { deviceMap } = expandStrategy(tree, strategy, budgets, { ...sizes, userSetMaxMemory: true });
  const offloaded = [...deviceMap].filter(([, d]) => typeof d !== 'number').map(([k]) => k);
  return { deviceMap, maxMemory: budgets, offloaded };
}

/** A local device (index into the process's cards) as the global one. */
const globalOf = (d: Device, cards: readonly number[]): Device => (typeof d === 'number' ? cards[d]! : d);

/** Every process's map in global indices; undefined when the processes cannot share the cards that way. */
export function placeRanks(
  r: ResolvedSetupRequest,
  mode: EstimateMode | undefined,
  quantization: Quantization | undefined,
): { ranks: RankMap[]; offloaded: string[] } | undefined {
  const groups = cardsPerRank(r);
  if (!groups) return undefined;
  const sizes = { dtype: r.dtype, ...(quantization ? { quantization } : {}) };
  const ranks: RankMap[] = [];
  const offloaded = new Set<string>();
  for (const [rank, cards] of groups.entries()) {
    if (r.processes > 1 && r.layout === 'data-parallel') {
      // A whole copy per process on its own card: device_map={"": local_rank}.
      ranks.push({ rank, cards, deviceMap: new Map([['', cards[0]!]]) });
      continue;
    }
    const gpus: GpuSpec[] = cards.map((c) => r.cards[c]!);
    const local = placeLocal(r.model.tree, r.strategy, { ...r.machine, gpus }, sizes, mode, trains(r), r.cpuOffload);
    for (const k of local.offloaded) offloaded.add(k);
    ranks.push({
      rank,
      cards,
      deviceMap: new Map([...local.deviceMap].map(([k, d]) => [k, globalOf(d, cards)])),
      ...(local.maxMemory ? { maxMemory: new Map([...local.maxMemory].map(([d, b]) => [globalOf(d, cards), b])) } : {}),
    });
  }
  return { ranks, offloaded: [...offloaded] };
}
