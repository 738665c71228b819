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
import { setupSay, taskWords } from './messages';

/** The most cards the limits place the model on to say how far off it is (two nodes of 8). */
export const MAX_PROBE_CARDS = 16;

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

function cardsWords(r: ResolvedSetupRequest): string {
  const names = [...new Set(r.cards.map((c) => c.name))];
  return names.length === 1
    ? setupSay.text('cardsSame', { count: r.cards.length, name: names[0]!, memory: bytes(r.cards[0]!.memory) })
    : setupSay.text('cardsMixed', { count: r.cards.length });
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
      limits: { reason: 'layout', message: setupSay.text('noCards', {}), cards: [] },
    };
  if (!cardsPerRank(r)) {
    const message =
      r.layout === 'hybrid'
        ? setupSay.text('hybridUneven', { processes: r.processes, cards: r.cards.length })
        : setupSay.text('dataParallelCards', { processes: r.processes, cards: r.cards.length });
    return { request: r, ...q, ranks: [], perCard: [], offloaded: [], fits: false, limits: { reason: 'layout', message, cards: [] } };
  }
  const placed = placeRanks(r, mode, quantization)!;
  const ranks = placed.ranks;
  const placedAll = ranks.every((k) => k.deviceMap.size > 0 && assignTensors(r.model.tree, k.deviceMap).uncoveredParams.length === 0);
  const offloadOk = r.task === 'inference' && r.cpuOffload !== undefined;
  if (placedAll) {
    const perCard = perCardOf(r, ranks, mode, quantization);
    const offloaded = placed.offloaded;
    const fits = perCard.every((c) => c.fits) && (offloaded.length === 0 || offloadOk);
    if (fits) return { request: r, mode, ...q, ranks, perCard, offloaded, fits };
    return { request: r, mode, ...q, ranks, perCard, offloaded, fits, limits: limitsOf(r, mode, perCard, offloaded, ranks, who) };
  }
  return { request: r, mode, ...q, ranks, perCard: [], offloaded: [], fits: false, limits: unplaceable(r, mode, quantization, who) };
}

/**
 * No placement holds the model on these cards. Place it on these cards plus as few more of the
 * last kind as it takes (the planner or strategy, the same estimate): the figures of the real
 * cards and the weights left for the others say how far off it is.
 */
function unplaceable(r: ResolvedSetupRequest, mode: EstimateMode, quantization: Quantization | undefined, who: string): SetupLimits {
  const n = r.cards.length;
  const last = r.cards[n - 1]!;
  for (let extra = 1; n + extra <= MAX_PROBE_CARDS; extra++) {
    const cards = [...r.cards, ...Array.from({ length: extra }, () => ({ ...last }))];
    const wider = { ...r, cards, machine: { ...r.machine, gpus: cards }, processes: 1 };
    const placed = placeRanks(wider, mode, quantization);
    const rank = placed?.ranks[0];
    if (!rank || rank.deviceMap.size === 0 || placed!.offloaded.length > 0) continue;
    const perCard = perCardOf(wider, [rank], mode, quantization);
    if (!perCard.every((c) => c.fits)) continue;
    const own = perCard.filter((c) => c.device < n);
    const left = [...rank.deviceMap].filter(([, d]) => typeof d === 'number' && d >= n).map(([k]) => k);
    const leftWeights = perCard.filter((c) => c.device >= n).reduce((s, c) => s + c.estimate.weights, 0);
    const parts = own.map((c) =>
      setupSay.text('cardTakes', {
        device: c.device,
        total: bytes(c.estimate.total),
        reserve: reserveWords(c),
        capacity: bytes(c.capacity),
      }),
    );
    const message = setupSay.text('leftOver', {
      who,
      cards: cardsWords(r),
      task: taskWords(r.task),
      mode: describeMode(mode),
      parts: parts.join(setupSay.text('listSeparator', {})),
      weights: bytes(leftWeights),
      modules: listNames(compactKeys(left), 4),
      total: n + extra,
    });
    return {
      reason: 'over-capacity',
      message,
      cards: limitRows(own),
    };
  }
  // Past the probe: the whole model's step in one place, against everything the cards hold.
  const whole = mapEstimate(r.model.tree, new Map([['', 0]]), mode, r.machine, r.dtype, quantization).devices.get(0);
  const room = r.cards.reduce((s, c) => s + c.memory, 0);
  const message = setupSay.text('pastProbe', {
    who,
    cards: cardsWords(r),
    task: taskWords(r.task),
    mode: describeMode(mode),
    total: bytes(whole?.total ?? 0),
    weights: bytes(whole?.weights ?? 0),
    room: bytes(room),
    max: MAX_PROBE_CARDS,
  });
  return {
    reason: 'over-capacity',
    message,
    cards: r.cards.map((c, device) => ({ device, needed: whole?.total ?? 0, available: c.memory })),
  };
}

/** Each card's needed (its estimate plus the training reserve) against what it holds, as the limits list them. */
function limitRows(cards: readonly SetupCard[]): SetupLimits['cards'] {
  return cards.map((c) => ({ device: c.device, needed: c.estimate.total + c.reserve, available: c.capacity }));
}

/** ` (+ 5.00 GiB training reserve)` on a training process's first card. */
function reserveWords(c: SetupCard): string {
  return c.reserve ? setupSay.text('reserve', { reserve: bytes(c.reserve) }) : '';
}

function limitsOf(
  r: ResolvedSetupRequest,
  mode: EstimateMode,
  perCard: readonly SetupCard[],
  offloaded: readonly string[],
  ranks: readonly RankMap[],
  who: string,
): SetupLimits {
  const parts = perCard.map((c) =>
    setupSay.text('cardNeeds', { device: c.device, total: bytes(c.estimate.total), reserve: reserveWords(c), capacity: bytes(c.capacity) }),
  );
  let rest = '';
  if (offloaded.length > 0) {
    // The weights left off the cards, as the same estimate counts them on the CPU.
    const off = ranks[0] ? mapEstimate(r.model.tree, ranks[0].deviceMap, mode, r.machine, r.dtype, quantizationOf(r)) : undefined;
    const cpuWeights = (off?.devices.get('cpu')?.weights ?? 0) + (off?.devices.get('disk')?.weights ?? 0);
    const why =
      r.task === 'inference'
        ? setupSay.text('offloadInference', {})
        : r.task === 'qlora'
          ? setupSay.text('offloadQlora', {})
          : setupSay.text('offloadTraining', {});
    rest = setupSay.text('offloadRest', { weights: bytes(cpuWeights), modules: listNames(compactKeys(offloaded), 4), why });
  }
  const message = setupSay.text('doesNotFit', {
    who,
    cards: cardsWords(r),
    task: taskWords(r.task),
    mode: describeMode(mode),
    parts: parts.join(setupSay.text('listSeparator', {})),
    rest,
  });
  return { reason: offloaded.length > 0 ? 'offload' : 'over-capacity', message, cards: limitRows(perCard) };
}
