import { launch, openPanel } from '../test/webview/harness';
import { PANEL_SNAPSHOT_80x8, timedFirstRender } from '../bench/panelFirstRender';
const variants: Record<string, string> = {
  base: '',
  warm: 'WARM',
  warmAllGlyphs: 'WARM2',
  noText: 'svg text { display: none }',
};
const WARM = (all: boolean) => {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('aria-hidden', 'true');
  svg.style.cssText = 'position:absolute;width:0;height:0;overflow:hidden';
  const txt = all ? '0123456789.,/%: abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ' : 'x';
  for (const [cls, wrap] of [['lane', ''], ['col-title', ''], ['col-subtitle', ''], ['cell-label', ''], ['changes', ''], ['summary', 'total-text'], ['summary', 'over-text'], ['summary', '']]) {
    const t = document.createElementNS(ns, 'text');
    t.setAttribute('class', cls!);
    if (wrap || cls === 'summary') { const ts = document.createElementNS(ns, 'tspan'); if (wrap) ts.setAttribute('class', wrap); ts.textContent = txt; t.appendChild(ts); } else t.textContent = txt;
    svg.appendChild(t);
  }
  document.querySelector('.canvas')!.appendChild(svg);
  (svg.lastChild as SVGTextElement).getBBox();
  svg.remove();
};
const KIND: Record<string, string> = { UpdateLayoutTree: 'style', Layout: 'layout', Paint: 'paint', PrePaint: 'prepaint', FunctionCall: 'script', Commit: 'commit' };
(async () => {
  const browser = await launch();
  const res: Record<string, Record<string, number[]>> = {};
  for (let r = 0; r < 10; r++)
    for (const [k, css] of Object.entries(variants)) {
      const p = await openPanel(browser, { width: 1400, height: 900 });
      if (css === 'WARM' || css === 'WARM2') { await p.page.evaluate(WARM, css === 'WARM2'); await p.page.waitForTimeout(30); } else if (css) await p.page.addStyleTag({ content: css });
      else await p.page.waitForTimeout(30);
      const cdp = await p.page.context().newCDPSession(p.page);
      const events: any[] = [];
      cdp.on('Tracing.dataCollected', (e: any) => void events.push(...e.value));
      const done = new Promise<void>((r) => cdp.once('Tracing.tracingComplete', () => r()));
      await cdp.send('Tracing.start', { transferMode: 'ReportEvents', traceConfig: { includedCategories: ['devtools.timeline'] } });
      const ms = await timedFirstRender(p.page, PANEL_SNAPSHOT_80x8);
      await cdp.send('Tracing.end'); await done;
      const main = events.find((e) => e.name === 'FunctionCall');
      const sums: Record<string, number> = { total: ms };
      for (const e of events) if (main && e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && KIND[e.name]) sums[KIND[e.name]!] = (sums[KIND[e.name]!] ?? 0) + e.dur / 1000;
      for (const [kk, v] of Object.entries(sums)) ((res[k] ??= {})[kk] ??= []).push(v);
      await p.page.close();
    }
  const med = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!.toFixed(1);
  for (const [k, m] of Object.entries(res)) console.log(k.padEnd(12), Object.entries(m).map(([kk, v]) => `${kk} ${med(v)}`).join('  '));
  await browser.close();
})();
