/**
 * A request's maps and per-card figures, without files or alternatives: what
 * `planSetup`, `previewSetup` and every alternative share.
 */
import { assignTensors } from '../models/assign';
import type { EstimateMode } from '../memory/estimateTypes';
import type { Quantization } from '../memory/quantization';
import { describeMode } from '../analysis/estimateChoice';
import { bytes, listNames } from '../analysis/format';
import { compactKeys } from '../placement/deviceBytes';
import { mapEstimate } from '../analysis/estimateChoice';
import { cardsPerRank, placeRanks } from './placement';
import { perCardOf } from './perCard';
import { modeOf, quantizationOf, resolveRequest } from './request';
import type { RankMap, ResolvedSetupRequest, SetupCard, SetupLimits, SetupRequest } from './types';

/** RAM standing in for "as much as it takes" when the limits ask where the rest would go. */
const UNBOUNDED_RAM = 2 ** 50;

export interface Evaluation {
  readonly request: ResolvedSetupRequest;
  readonly mode?: EstimateMode;
  readonly quantization?: Quantization;
  readonly ranks: readonly RankMap[];
  readonly perCard: readonly SetupCard[];
  readonly offloaded: readonly string[];
  readonly fits: boolean;
  readonly limits?: SetupLimits;
}

const TASK_WORDS = { inference: 'inference', lora: 'LoRA', qlora: 'QLoRA (4-bit)', full: 'full fine-tuning' } as const;

function cardsWords(r: ResolvedSetupRequest): string {
  const names = [...new Set(r.cards.map((c) => c.name))];
  return names.length === 1 ? `${r.cards.length} × ${names[0]} (${bytes(r.cards[0]!.memory)})` : `${r.cards.length} cards`;
}

export function evaluate(req: SetupRequest): Evaluation {
  const r = resolveRequest(req);
  const mode = modeOf(r);
  const quantization = quantizationOf(r);
  const q = quantization ? { quantization } : {};
  const who = `${r.model.id} (${r.model.tree.className})`;
  if (r.cards.length === 0)
    return {
      request: r,
      ...q,
      ranks: [],
      perCard: [],
      offloaded: [],
      fits: false,
      limits: { reason: 'layout', message: 'No cards to place the model on.', cards: [] },
    };
  if (!cardsPerRank(r)) {
    const message =
      r.layout === 'hybrid'
        ? `${r.processes} processes cannot share ${r.cards.length} cards equally for model parallel inside each process (hybrid needs the card count to be a multiple of the processes).`
        : `${r.processes} data-parallel processes need ${r.processes} cards; there are ${r.cards.length}.`;
    return { request: r, ...q, ranks: [], perCard: [], offloaded: [], fits: false, limits: { reason: 'layout', message, cards: [] } };
  }
  const placed = placeRanks(r, mode, quantization)!;
  const ranks = placed.ranks;
  if (!mode) {
    const message =
      `The memory estimate has no full fine-tuning step (it counts weights, KV cache, activations and LoRA/QLoRA training state), ` +
      `so whether ${who} fits ${cardsWords(r)} for ${TASK_WORDS.full} cannot be said; the map below places weights only.`;
    return {
      request: r,
      ...q,
      ranks,
      perCard: [],
      offloaded: placed.offloaded,
      fits: false,
      limits: { reason: 'not-estimated', message, cards: [] },
    };
  }
  const placedAll = ranks.every((k) => k.deviceMap.size > 0 && assignTensors(r.model.tree, k.deviceMap).uncoveredParams.length === 0);
  const offloadOk = r.task === 'inference' && r.cpuOffload !== undefined;
  if (placedAll) {
    const perCard = perCardOf(r, ranks, mode, quantization);
    const offloaded = placed.offloaded;
    const fits = perCard.every((c) => c.fits) && (offloaded.length === 0 || offloadOk);
    if (fits) return { request: r, mode, ...q, ranks, perCard, offloaded, fits };
    return { request: r, mode, ...q, ranks, perCard, offloaded, fits, limits: limitsOf(r, mode, perCard, offloaded, ranks, who) };
  }
  // No placement holds everything on the cards: place with the CPU taking the rest, for the numbers.
  const probe = placeRanks({ ...r, cpuOffload: UNBOUNDED_RAM }, mode, quantization);
  const probeRanks = probe?.ranks ?? [];
  const perCard = probe ? perCardOf(r, probeRanks, mode, quantization) : [];
  const limits = limitsOf(r, mode, perCard, probe?.offloaded ?? [], probeRanks, who);
  return { request: r, mode, ...q, ranks, perCard, offloaded: probe?.offloaded ?? [], fits: false, limits };
}

function limitsOf(
  r: ResolvedSetupRequest,
  mode: EstimateMode,
  perCard: readonly SetupCard[],
  offloaded: readonly string[],
  ranks: readonly RankMap[],
  who: string,
): SetupLimits {
  const cards = perCard.map((c) => ({ device: c.device, needed: c.estimate.total + c.reserve, available: c.capacity }));
  const parts = perCard.map(
    (c) =>
      `cuda:${c.device} needs ${bytes(c.estimate.total + c.reserve)}${c.reserve ? ` (${bytes(c.reserve)} of it the training reserve)` : ''} of ${bytes(c.capacity)}`,
  );
  let rest = '';
  if (offloaded.length > 0) {
    // The weights left off the cards, as the same estimate counts them on the CPU.
    const off = ranks[0] ? mapEstimate(r.model.tree, ranks[0].deviceMap, mode, r.machine, r.dtype, quantizationOf(r)) : undefined;
    const cpuWeights = (off?.devices.get('cpu')?.weights ?? 0) + (off?.devices.get('disk')?.weights ?? 0);
    const why =
      r.task === 'inference'
        ? 'allow CPU offload to run it that way (slowly)'
        : r.task === 'qlora'
          ? 'bitsandbytes 4-bit weights cannot be offloaded for training'
          : 'training cannot offload to the CPU';
    rest = `; ${bytes(cpuWeights)} of weights (${listNames(compactKeys(offloaded), 4)}) do not fit on the cards and would go to the CPU (${why})`;
  }
  const message = `${who} does not fit ${cardsWords(r)} for ${TASK_WORDS[r.task]}, ${describeMode(mode)}: ${parts.join(', ')}${rest}.`;
  return { reason: offloaded.length > 0 ? 'offload' : 'over-capacity', message, cards };
}
