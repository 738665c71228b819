import { launch, openPanel } from '../test/webview/harness';
import { PANEL_SNAPSHOT_80x8, timedFirstRender } from '../bench/panelFirstRender';
(async () => {
  const browser = await launch();
  const agg: Record<string, number[]> = {};
  for (let r = 0; r < 8; r++) {
    const p = await openPanel(browser, { width: 1400, height: 900 });
    const cdp = await p.page.context().newCDPSession(p.page);
    const events: any[] = [];
    cdp.on('Tracing.dataCollected', (e: any) => void events.push(...e.value));
    const done = new Promise<void>((r) => cdp.once('Tracing.tracingComplete', () => r()));
    await cdp.send('Tracing.start', { transferMode: 'ReportEvents', traceConfig: { includedCategories: ['devtools.timeline', 'v8', 'disabled-by-default-v8.compile', 'v8.execute'] } });
    const ms = await timedFirstRender(p.page, PANEL_SNAPSHOT_80x8);
    await cdp.send('Tracing.end'); await done;
    const fc = events.filter((e) => e.name === 'FunctionCall' && e.ph === 'X').sort((a, b) => b.dur - a.dur)[0];
    const sums: Record<string, number> = { total: ms, fc: fc.dur / 1000 };
    for (const e of events) if (e.pid === fc.pid && e.tid === fc.tid && e.ph === 'X' && e.ts >= fc.ts && e.ts < fc.ts + fc.dur && /Compile|Parse|Optimize|Interrupt|GC|Scavenge/.test(e.name)) sums[e.name] = (sums[e.name] ?? 0) + e.dur / 1000;
    for (const [k, v] of Object.entries(sums)) (agg[k] ??= []).push(v);
    await p.page.close();
  }
  const med = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!.toFixed(2);
  for (const [k, v] of Object.entries(agg)) console.log(k.padEnd(40), med(v), v.length);
  await browser.close();
})();
