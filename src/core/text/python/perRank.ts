/**
 * Maps that read the rank, evaluated once per process (issue 12): each map of the
 * ordinary pass gets the devices it names and the cards its `max_memory` budgets in
 * every rank, when those differ between ranks. A pass's map is matched to the ordinary
 * one by the call that receives it (or, for a map that reaches no call, where it is written).
 */
import { MAX_RANK_PASSES } from '../../base/limits';
import type { Device } from '../../base/devices';
import { convertFileSizeToInt } from '../../placement/sizeString';
import type { FoundDeviceMap, RankView } from '../types';

function site(m: FoundDeviceMap): number {
  return m.callSpan?.start ?? m.span.start;
}

function budgetAboveZero(v: number | string): boolean {
  try {
    return convertFileSizeToInt(v) > 0;
  } catch {
    return true;
  }
}

/** What one process sees of a map. */
export function rankView(rank: number, m: FoundDeviceMap): RankView {
  const devices: Device[] = [];
  const add = (d: Device | undefined) => {
    if (d !== undefined && !devices.includes(d)) devices.push(d);
  };
  let partial = m.partial || m.kind === 'unknown';
  if (m.kind === 'dict') {
    for (const e of m.entries) {
      if (e.value.device === undefined || e.value.invalid) partial = true;
      add(e.value.invalid ? undefined : e.value.device);
    }
  } else if (m.kind !== 'strategy' && m.value) {
    if (m.value.device === undefined || m.value.invalid) partial = true;
    add(m.value.invalid ? undefined : m.value.device);
  }
  const mm = m.maxMemory;
  if (mm?.partial) partial = true;
  const budgeted = mm ? mm.entries.filter((e) => budgetAboveZero(e.value)).map((e) => e.key) : undefined;
  return { rank, kind: m.kind, devices, ...(budgeted ? { budgeted } : {}), partial };
}

function sameView(a: RankView, b: RankView): boolean {
  return JSON.stringify({ ...a, rank: 0 }) === JSON.stringify({ ...b, rank: 0 });
}

/** `maps` (the ordinary pass) with `ranks` on those whose view differs between processes. */
export function withRanks(maps: readonly FoundDeviceMap[], evaluateFor: (rank: number) => readonly FoundDeviceMap[]): FoundDeviceMap[] {
  const passes: Array<ReadonlyMap<number, FoundDeviceMap>> = [];
  for (let r = 0; r < MAX_RANK_PASSES; r++) passes.push(new Map(evaluateFor(r).map((m) => [site(m), m])));
  return maps.map((m) => {
    const views: RankView[] = [];
    for (let r = 0; r < passes.length; r++) {
      const mine = passes[r]!.get(site(m));
      if (!mine) return m;
      views.push(rankView(r, mine));
    }
    return views.some((v) => !sameView(v, views[0]!)) ? { ...m, ranks: views } : m;
  });
}
