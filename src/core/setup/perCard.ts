/** Each card's figures for a setup: the one memory estimate (`mapEstimate`) of each process's map. */
import { mapEstimate } from '../analysis/estimateChoice';
import type { EstimateMode } from '../memory/estimateTypes';
import type { Quantization } from '../memory/quantization';
import { bytes } from '../analysis/format';
import type { RankMap, ResolvedSetupRequest, SetupCard } from './types';
import { trains } from './request';
import { setupSay } from './messages';

export function perCardOf(
  r: ResolvedSetupRequest,
  ranks: readonly RankMap[],
  mode: EstimateMode,
  quantization: Quantization | undefined,
): SetupCard[] {
  const out: SetupCard[] = [];
  for (const rank of ranks) {
    const est = mapEstimate(r.model.tree, rank.deviceMap, mode, r.machine, r.dtype, quantization);
    for (const device of rank.cards) {
      const e = est.devices.get(device);
      if (!e) continue;
      const card = r.cards[device]!;
      // The training reserve stays free on each process's first card (DM012, the planner's policy).
      const reserve = trains(r) && device === rank.cards[0] ? r.machine.trainingReserve : 0;
      out.push({
        device,
        rank: rank.rank,
        name: card.name,
        capacity: card.memory,
        estimate: e,
        reserve,
        fits: e.total + reserve <= card.memory,
      });
    }
  }
  return out.sort((a, b) => a.device - b.device);
}

/** `cuda:0 11.20 GiB / 23.64 GiB` per card, joined for one line. */
export function perCardLine(cards: readonly SetupCard[]): string {
  return cards
    .map((c) =>
      setupSay.text('perCard', {
        device: c.device,
        total: bytes(c.estimate.total),
        capacity: bytes(c.capacity),
        over: c.fits ? '' : setupSay.text('perCardOver', {}),
      }),
    )
    .join(setupSay.text('perCardSeparator', {}));
}
