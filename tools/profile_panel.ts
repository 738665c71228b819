/**
 * Where the panel's first render spends its time, on the bench's input (Llama-2-70B, 84 blocks on
 * 8 cards, a fresh page each run), through the Chromium DevTools protocol:
 *
 *   flock /tmp/dms-heavy.lock npx tsx tools/profile_panel.ts [--runs 8]
 *
 * Prints (1) the renderer main thread's trace events of the rendered frame by kind (script, style,
 * layout, pre-paint, paint, layerize, commit), summed over the runs and divided by the run count,
 * and (2) the JavaScript self time by function from the V8 sampling profiler (non-minified bundle,
 * so the names are the source's). The render is started the way bench/panel.bench.ts times it.
 */
import type { CDPSession } from 'playwright-core';
import { launch, openPanel } from '../test/webview/harness';
import { PANEL_SNAPSHOT_80x8, timedFirstRender } from '../bench/panelFirstRender';

const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 8;

interface TraceEvent {
  name: string;
  ph: string;
  dur?: number;
  tid: number;
  pid: number;
  cat: string;
  args?: { data?: { frame?: string } };
}
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

/** Trace events that are the renderer's own work on the frame; everything else is summed as "other". */
const KINDS = new Map([
  ['FunctionCall', 'script'],
  ['EventDispatch', 'script'],
  ['EvaluateScript', 'script'],
  ['v8.run', 'script'],
  ['UpdateLayoutTree', 'style'],
  ['ScheduleStyleRecalculation', 'style'],
  ['Layout', 'layout'],
  ['PrePaint', 'pre-paint'],
  ['Paint', 'paint'],
  ['PaintImage', 'paint'],
  ['Layerize', 'layerize'],
  ['Commit', 'commit'],
  ['UpdateLayer', 'layerize'],
  ['HitTest', 'hit-test'],
]);

async function traced(cdp: CDPSession, body: () => Promise<number>): Promise<{ ms: number; events: TraceEvent[] }> {
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (e) => void events.push(...(e.value as unknown as TraceEvent[])));
  const done = new Promise<void>((r) => cdp.once('Tracing.tracingComplete', () => r()));
  await cdp.send('Tracing.start', {
    transferMode: 'ReportEvents',
    traceConfig: { includedCategories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'blink'] },
  });
  const ms = await body();
  await cdp.send('Tracing.end');
  await done;
  return { ms, events };
}

async function main(): Promise<void> {
  const browser = await launch();
  const byKind = new Map<string, number>();
  const selfByFn = new Map<string, number>();
  const totalByFn = new Map<string, number>();
  const timed: number[] = [];
  let profiledMs = 0;
  try {
    for (let i = 0; i < RUNS; i++) {
      // Pass 1: the rendering pipeline from the trace.
      {
        const p = await openPanel(browser, { width: 1400, height: 900 });
        const cdp = await p.page.context().newCDPSession(p.page);
        const { ms, events } = await traced(cdp, () => timedFirstRender(p.page, PANEL_SNAPSHOT_80x8));
        timed.push(ms);
        // The renderer's main thread: the one running the panel's script.
        const main = events.find((e) => e.name === 'FunctionCall' || e.name === 'EventDispatch');
        for (const e of events) {
          if (!main || e.pid !== main.pid || e.tid !== main.tid || e.ph !== 'X' || e.dur === undefined) continue;
          const kind = KINDS.get(e.name);
          if (kind) byKind.set(kind, (byKind.get(kind) ?? 0) + e.dur / 1000);
        }
        await p.page.close();
      }
      // Pass 2: JavaScript by function from the sampling profiler.
      {
        const p = await openPanel(browser, { width: 1400, height: 900 });
        const cdp = await p.page.context().newCDPSession(p.page);
        await cdp.send('Profiler.enable');
        await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
        await cdp.send('Profiler.start');
        await timedFirstRender(p.page, PANEL_SNAPSHOT_80x8);
        const { profile } = (await cdp.send('Profiler.stop')) as {
          profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
        };
        const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
        const parent = new Map<number, number>();
        for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
        const label = (n: ProfileNode): string =>
          `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').pop() ?? ''}:${n.callFrame.lineNumber + 1}`;
        profile.samples.forEach((id, k) => {
          const n = nodes.get(id)!;
          const dt = (profile.timeDeltas[k + 1] ?? 0) / 1000;
          if (n.callFrame.functionName === '(idle)' || n.callFrame.functionName === '(program)') return;
          selfByFn.set(label(n), (selfByFn.get(label(n)) ?? 0) + dt);
          profiledMs += dt;
          // Inclusive: once per distinct function on the sample's stack.
          const seen = new Set<string>();
          for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) seen.add(label(nodes.get(at)!));
          for (const f of seen) totalByFn.set(f, (totalByFn.get(f) ?? 0) + dt);
        });
        await p.page.close();
      }
    }
  } finally {
    await browser.close();
  }
  timed.sort((a, b) => a - b);
  console.log(`timed first render (as the bench times it), median of ${RUNS}: ${timed[Math.floor(RUNS / 2)]!.toFixed(1)} ms`);
  console.log('\nmain-thread trace events, ms per run (nested events overlap: script contains forced style/layout):');
  for (const [k, v] of [...byKind].sort((a, b) => b[1] - a[1])) console.log(`  ${k.padEnd(10)} ${(v / RUNS).toFixed(2)}`);
  console.log(`\nJavaScript self time by function (sampled, ${(profiledMs / RUNS).toFixed(1)} ms per run while profiling), top 25:`);
  for (const [k, v] of [...selfByFn].sort((a, b) => b[1] - a[1]).slice(0, 25))
    console.log(`  ${(v / RUNS).toFixed(2).padStart(6)} ms  ${((100 * v) / profiledMs).toFixed(1).padStart(5)}%  ${k}`);
  console.log("\nJavaScript total time (self + callees) of the panel's own functions, top 30:");
  for (const [k, v] of [...totalByFn]
    .filter(([k]) => k.includes('webview.js'))
    .sort((a, b) => b[1] - a[1])
    .slice(0, 60))
    console.log(`  ${(v / RUNS).toFixed(2).padStart(6)} ms  ${((100 * v) / profiledMs).toFixed(1).padStart(5)}%  ${k}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
