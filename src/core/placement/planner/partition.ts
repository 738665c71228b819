/**
 * Splits a sequence of units into contiguous runs, one per device in order,
 * by dynamic programming. Cost, lexicographically: units moved away from the
 * device they are on now, then an imbalance term (sum of squared fill
 * ratios), so that with no current map the result is the most even split and
 * with one it changes as little as possible. Pins are hard constraints;
 * capacities are never exceeded. Devices may stay empty.
 */
export interface PartitionInput {
  /** Bytes each unit needs on its device. */
  readonly loads: readonly number[];
  /** Bytes available per device, in path order (GPUs ascending, then cpu, disk). */
  readonly capacity: readonly number[];
  /** Per unit: the device index it must go to, or -1. */
  readonly pinned: readonly number[];
  /** Per unit: the device index it is on now, or -1 (unknown / not placed). */
  readonly current: readonly number[];
  /** Per device: an extra cost per unit placed there (to keep cpu/disk a last resort). */
  readonly penalty?: readonly number[];
}

const MOVE = 1e6;

/** Device index per unit, or undefined when no contiguous assignment fits. */
export function partition(input: PartitionInput): number[] | undefined {
  const { loads, capacity, pinned, current } = input;
  const n = loads.length;
  const k = capacity.length;
  const prefix = [0];
  for (const l of loads) prefix.push(prefix[prefix.length - 1]! + l);
  // best[d][i]: cost of placing units [0, i) on devices [0, d]; from[d][i]: where device d's run starts.
  const best: number[][] = Array.from({ length: k }, () => new Array<number>(n + 1).fill(Infinity));
  const from: number[][] = Array.from({ length: k }, () => new Array<number>(n + 1).fill(-1));
  for (let d = 0; d < k; d++) {
    const cap = capacity[d]!;
    const pen = input.penalty?.[d] ?? 0;
    for (let i = 0; i <= n; i++) {
      // Device d takes units [j, i).
      let moved = 0;
      let ok = true;
      for (let j = i; j >= 0; j--) {
        if (j < i) {
          const u = j;
          if (pinned[u]! >= 0 && pinned[u] !== d) ok = false;
          if (!ok) break;
          if (current[u]! >= 0 && current[u] !== d) moved++;
        }
        const load = prefix[i]! - prefix[j]!;
        if (load > cap) break;
        const before = d === 0 ? (j === 0 ? 0 : Infinity) : best[d - 1]![j]!;
        if (before === Infinity) continue;
        const fill = cap > 0 ? load / cap : load > 0 ? Infinity : 0;
        const cost = before + moved * MOVE + fill * fill + pen * (i - j);
        if (cost < best[d]![i]!) {
          best[d]![i] = cost;
          from[d]![i] = j;
        }
      }
    }
  }
  if (best[k - 1]![n] === Infinity) return undefined;
  const out = new Array<number>(n).fill(-1);
  let i = n;
  for (let d = k - 1; d >= 0; d--) {
    const j = from[d]![i]!;
    for (let u = j; u < i; u++) out[u] = d;
    i = j;
  }
  return out;
}
