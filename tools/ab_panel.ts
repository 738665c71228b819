/**
 * Before/after of the panel's first render, interleaved page by page in one headless Chromium, so
 * that the load of a shared machine falls on both sides alike: the same snapshot and clock as
 * `panel_render_80x8_ms` (bench/panelFirstRender.ts), a fresh page per run, A and B alternating.
 *
 *   (cd /tmp/before && node esbuild.mjs webview)   # a worktree at the commit to compare with
 *   node esbuild.mjs webview
 *   flock /tmp/dms-heavy.lock npx tsx tools/ab_panel.ts --a /tmp/before/dist/webview.js --b dist/webview.js --runs 30
 */
import { resolve } from 'node:path';
import { launch, openPanel } from '../test/webview/harness';
import { PANEL_SNAPSHOT_80x8, timedFirstRender } from '../bench/panelFirstRender';

const arg = (name: string, fallback?: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  const v = i > 0 ? process.argv[i + 1] : fallback;
  if (v === undefined) throw new Error(`--${name} is required`);
  return v;
};
const sides = { A: resolve(arg('a')), B: resolve(arg('b')) };
const RUNS = Number(arg('runs', '30'));

const quantile = (xs: number[], q: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))]!;

async function main(): Promise<void> {
  const browser = await launch();
  const times: Record<keyof typeof sides, number[]> = { A: [], B: [] };
  try {
    for (let i = 0; i < RUNS; i++)
      for (const side of (i % 2 ? ['B', 'A'] : ['A', 'B']) as Array<keyof typeof sides>) {
        const p = await openPanel(browser, { width: 1400, height: 900, bundle: sides[side] });
        times[side].push(await timedFirstRender(p.page, PANEL_SNAPSHOT_80x8));
        await p.page.close();
      }
  } finally {
    await browser.close();
  }
  for (const side of ['A', 'B'] as const)
    console.log(
      `${side} ${sides[side]}: median ${quantile(times[side], 0.5).toFixed(1)} ms, p90 ${quantile(times[side], 0.9).toFixed(1)} ms, min ${Math.min(...times[side]).toFixed(1)} ms over ${RUNS} fresh pages`,
    );
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
