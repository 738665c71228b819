/** Minimal benchmark helper: warm up, time N runs, print the median (and p90). */
export function bench(name: string, fn: () => unknown, runs = 50, warmup = 5): number {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)]!;
  const p90 = times[Math.floor(times.length * 0.9)]!;
  console.log(`${name}: median ${median.toFixed(3)} ms over ${runs} runs (p90 ${p90.toFixed(3)} ms)`);
  return median;
}
