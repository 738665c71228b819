/**
 * Minimal benchmark helper: warm up, time N runs, print the median (and p90).
 * Under `npm run bench` each timed case with a key is also appended to the
 * file named by BENCH_RESULTS (one JSON object a line), which scripts/bench.mjs
 * turns into the budget table and the `--json` line. BENCH_TINY=1 (the shape
 * test) cuts every case to a few runs.
 */
import { appendFileSync } from 'node:fs';

const TINY = process.env.BENCH_TINY === '1';

export interface BenchRecord {
  readonly key: string;
  readonly name: string;
  readonly median: number | null;
  readonly p90: number | null;
  readonly runs: number;
  /** Why there is no number (a case this build cannot run yet). */
  readonly reason?: string;
}

export function record(r: BenchRecord): void {
  const file = process.env.BENCH_RESULTS;
  if (file) appendFileSync(file, `${JSON.stringify(r)}\n`);
}

/** Prints one case from its run times (sorted in place) and records it under `key`. */
export function report(name: string, times: number[], key?: string): number {
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)]!;
  const p90 = times[Math.min(times.length - 1, Math.floor(times.length * 0.9))]!;
  console.log(`${name}: median ${median.toFixed(3)} ms over ${times.length} runs (p90 ${p90.toFixed(3)} ms)`);
  if (key) record({ key, name, median, p90, runs: times.length });
  return median;
}

/** How many runs a case gets: as asked, or 3 (1 warm-up) under BENCH_TINY. */
export function runsFor(runs: number, warmup: number): { runs: number; warmup: number } {
  return TINY ? { runs: Math.min(runs, 3), warmup: Math.min(warmup, 1) } : { runs, warmup };
}

export function bench(name: string, fn: () => unknown, runs = 50, warmup = 5, key?: string): number {
  const n = runsFor(runs, warmup);
  for (let i = 0; i < n.warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < n.runs; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  return report(name, times, key);
}
