/**
 * Splits a sequence of units into contiguous runs, one per device in order,
 * exactly. Objective, lexicographically:
 *   1. offload: the fewest units on cpu/disk (penalty per unit), so they are
 *      used only when whole units no longer fit on the cards;
 *   2. moves: the fewest units taken away from the device they are on now;
 *   3. peak: the lowest highest card fill, (load + base) ÷ total;
 *   4. evenness: the lowest sum of squared card fills among the plans above.
 * 1–3 come out of one dynamic programme over (device, units placed so far):
 * sums and a max are both monotone, so the best prefix is part of a best
 * plan. 4 is a second pass with every card's run held to the optimal peak.
 * Pins and tied ranges are hard constraints; capacities are never exceeded;
 * devices may stay empty. O(devices × units²), a few milliseconds for 80 blocks on 9 devices.
 */
export interface PartitionInput {
  /** Bytes each unit needs on its device. */
  readonly loads: readonly number[];
  /** Bytes available for units per device, in path order (GPUs ascending, then cpu, disk). */
  readonly capacity: readonly number[];
  /** Per unit: the device index it must go to, or -1. */
  readonly pinned: readonly number[];
  /** Per unit: the device index it is on now, or -1 (unknown / not placed). */
  readonly current: readonly number[];
  /** Per device: offload cost per unit placed there (0 for cards, > 0 keeps cpu/disk a last resort). */
  readonly penalty?: readonly number[];
  /** Per device: the denominator of its fill (the card's total bytes); omitted or 0: not a card, not in the peak. */
  readonly total?: readonly number[];
  /** Per device: bytes a card holds besides the units once it holds any (context...), counted in its fill. */
  readonly base?: readonly number[];
  /** Unit index ranges [first, last] that must share one device (tied weights held by two units). */
  readonly together?: ReadonlyArray<readonly [number, number]>;
}

interface Cost {
  pen: number;
  moves: number;
  /** Phase 1: the peak fill so far; phase 2: the sum of squared fills so far. */
  fill: number;
}

function better(a: Cost, b: Cost): boolean {
  if (a.pen !== b.pen) return a.pen < b.pen;
  if (a.moves !== b.moves) return a.moves < b.moves;
  return a.fill < b.fill;
}

/** A device's fill when it takes `load` bytes of units: 0 for an empty card and for cpu/disk. */
function fillOf(input: PartitionInput, d: number, load: number): number {
  const total = input.total?.[d] ?? 0;
  if (total <= 0 || load <= 0) return 0;
  return (load + (input.base?.[d] ?? 0)) / total;
}

/**
 * One pass of the programme. `peakCap` (phase 2) bars runs whose fill is above
 * it, and the fill term becomes a sum of squares instead of a max.
 */
function solve(input: PartitionInput, prefix: readonly number[], peakCap?: number): { from: number[][]; end: Cost } | undefined {
  const { loads, capacity, pinned, current } = input;
  const n = loads.length;
  const k = capacity.length;
  // canCut[p]: a device boundary may fall between units p-1 and p (not inside a tied range).
  const canCut = new Array<boolean>(n + 1).fill(true);
  for (const [a, b] of input.together ?? []) for (let p = Math.min(a, b) + 1; p <= Math.max(a, b); p++) canCut[p] = false;
  const best: (Cost | undefined)[][] = Array.from({ length: k }, () => new Array<Cost | undefined>(n + 1).fill(undefined));
  const from: number[][] = Array.from({ length: k }, () => new Array<number>(n + 1).fill(-1));
  for (let d = 0; d < k; d++) {
    const cap = capacity[d]!;
    const pen = input.penalty?.[d] ?? 0;
    for (let i = 0; i <= n; i++) {
      if (!canCut[i]) continue;
      // Device d takes units [j, i), j walking back from i.
      let moved = 0;
      for (let j = i; j >= 0; j--) {
        if (j < i) {
          if (pinned[j]! >= 0 && pinned[j] !== d) break;
          if (current[j]! >= 0 && current[j] !== d) moved++;
        }
        if (!canCut[j]) continue;
        const load = prefix[i]! - prefix[j]!;
        if (load > cap) break;
        const before = d === 0 ? (j === 0 ? { pen: 0, moves: 0, fill: 0 } : undefined) : best[d - 1]![j];
        if (!before) continue;
        const fill = fillOf(input, d, load);
        if (peakCap !== undefined && fill > peakCap) continue;
        const cost: Cost = {
          pen: before.pen + pen * (i - j),
          moves: before.moves + moved,
          fill: peakCap === undefined ? Math.max(before.fill, fill) : before.fill + fill * fill,
        };
        const now = best[d]![i];
        if (!now || better(cost, now)) {
          best[d]![i] = cost;
          from[d]![i] = j;
        }
      }
    }
  }
  const end = best[k - 1]![n];
  return end ? { from, end } : undefined;
}

/** Device index per unit, or undefined when no contiguous assignment fits. */
export function partition(input: PartitionInput): number[] | undefined {
  const n = input.loads.length;
  const k = input.capacity.length;
  if (k === 0) return n === 0 ? [] : undefined;
  const prefix = [0];
  for (const l of input.loads) prefix.push(prefix[prefix.length - 1]! + l);
  const first = solve(input, prefix);
  if (!first) return undefined;
  // Same offload and moves, peak held to the optimum, then the most even of those.
  const second = solve(input, prefix, first.end.fill) ?? first;
  const out = new Array<number>(n).fill(-1);
  let i = n;
  for (let d = k - 1; d >= 0; d--) {
    const j = second.from[d]![i]!;
    for (let u = j; u < i; u++) out[u] = d;
    i = j;
  }
  return out;
}
