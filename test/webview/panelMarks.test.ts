/**
 * Issue 10: the panel says what it draws. In headless Chromium: the forward-path
 * label counts every lane switch the drawn line makes (Falcon-7B with its tied
 * head on card 0 goes back to cuda:0), both halves of a split block are drawn,
 * and every mark on the picture has a legend entry in the same colour.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import type { HFConfig } from '../../src/core/models/config';
import { modelFromConfig } from '../../src/core/models/registry';
import type { Device } from '../../src/core/base/devices';
import { GENERATED } from '../helpers/fixtures';
import { setupOf, snapshotOf } from './fixtureSnapshots';
import { launch, openPanel } from './harness';

const tree = (name: string) => modelFromConfig(JSON.parse(readFileSync(join(GENERATED, name, 'config.json'), 'utf8')) as HFConfig);

let browser: Browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** Lane switches of the drawn route: the y coordinate changes between consecutive points. */
function laneSwitches(d: string): number {
  const ys = d
    .replace(/^M/, '')
    .split('L')
    .map((p) => Number(p.split(',')[1]));
  let n = 0;
  for (let i = 1; i < ys.length; i++) if (ys[i] !== ys[i - 1]) n++;
  return n;
}

describe('the panel says what it draws', () => {
  it('Falcon-7B with lm_head tied to the embeddings on card 0: the line returns to cuda:0 and the label counts both changes', async () => {
    const falcon = tree('falcon-7b');
    assert.equal(falcon.tiedWeights['lm_head.weight'], 'transformer.word_embeddings.weight');
    const map = new Map<string, Device>([
      ['transformer.word_embeddings', 0],
      ...Array.from({ length: 32 }, (_, i): [string, Device] => [`transformer.h.${i}`, i < 16 ? 0 : 1]),
      ['transformer.ln_f', 1],
      ['transformer.rotary_emb', 1],
      ['lm_head', 0],
    ]);
    const setup = setupOf(2, 24);
    const snapshot = snapshotOf(falcon, map, setup, { modelName: 'tiiuae/falcon-7b' });
    const p = await openPanel(browser);
    await p.send({ type: 'snapshot', snapshot, followCursor: false });
    const route = await p.page.$eval('path.route', (e) => e.getAttribute('d') ?? '');
    assert.equal(laneSwitches(route), 2, 'the line goes to cuda:1 and back to cuda:0');
    assert.equal(await p.page.$eval('text.changes', (e) => e.textContent), 'forward path: 2 device changes');
    // Each switch is marked on the block it enters.
    const ticks = await p.page.$$eval('g.cell', (els) =>
      els.filter((e) => Number(e.querySelector('rect.change-mark')?.getAttribute('width')) > 0).map((e) => e.getAttribute('data-name')),
    );
    assert.deepEqual(ticks, ['transformer.h.16', 'lm_head']);
    await p.screenshot('falcon-tied-head-path');
    await p.page.close();
  });

  it('a split block is marked on both cards', async () => {
    const llama = tree('llama-3.1-8b');
    const map = new Map<string, Device>([
      ['', 0],
      ['model.layers.5.self_attn', 1],
      ['model.layers.20', 1],
      ['model.layers.21', 1],
    ]);
    const setup = setupOf(2, 24);
    const snapshot = snapshotOf(llama, map, setup);
    const p = await openPanel(browser);
    await p.send({ type: 'snapshot', snapshot, followCursor: false });
    const split = await p.page.$$eval('g.cell.split', (els) => els.map((e) => e.getAttribute('data-name')));
    assert.deepEqual(split, ['model.layers.5']);
    const parts = await p.page.$$eval('g.split-part', (els) =>
      els.map((e) => ({ name: e.getAttribute('data-name'), device: e.getAttribute('data-device'), label: e.getAttribute('aria-label') })),
    );
    assert.deepEqual(
      parts.map((x) => [x.name, x.device]),
      [['model.layers.5', 'g1']],
    );
    assert.match(parts[0]!.label!, /split over cuda:0 and cuda:1: .* on cuda:1/);
    // The part sits inside the cuda:1 column, the cell inside cuda:0's.
    const box = async (sel: string) => (await p.page.locator(sel).first().boundingBox())!;
    const within = (a: { x: number; width: number }, b: { x: number; width: number }) => a.x >= b.x && a.x + a.width <= b.x + b.width;
    const inside = {
      part: within(await box('g.split-part'), await box('g.column[data-device="g1"] rect.col-bg')),
      cell: within(await box('g.cell.split'), await box('g.column[data-device="g0"] rect.col-bg')),
    };
    assert.deepEqual(inside, { part: true, cell: true });
    // The real DM003 marks the split block (the panel has no rules of its own).
    assert.ok(snapshot.blocks.find((b) => b.name === 'model.layers.5')!.warnings.some((w) => w.code === 'DM003'));
    await p.screenshot('split-block-both-cards');
    await p.page.close();
  });

  it('every mark on the picture has a legend entry drawn in the same colour', async () => {
    const llama = tree('llama-3.1-8b');
    // Over capacity on card 1, a split block, device changes: every kind of mark at once.
    const map = new Map<string, Device>([
      ['', 1],
      ['model.embed_tokens', 0],
      ['model.layers.3.self_attn', 0],
    ]);
    const setup = setupOf(2, 12);
    const snapshot = snapshotOf(llama, map, setup);
    const p = await openPanel(browser);
    await p.send({ type: 'snapshot', snapshot, followCursor: false });
    // Anonymous callbacks only: the test runner's transform names functions (`__name`), which the page lacks.
    const style = (sel: string, prop: 'fill' | 'stroke' | 'backgroundColor' | 'borderTopColor') =>
      p.page.$$eval(
        sel,
        (els, k) => {
          const e = els.find(
            (x) => x.tagName === 'circle' || x.tagName === 'SPAN' || !x.hasAttribute('width') || Number(x.getAttribute('width')) > 0,
          );
          return e ? (getComputedStyle(e) as unknown as Record<string, string>)[k] : undefined;
        },
        prop,
      );
    const swatch = (key: string) => `[data-legend="${key}"] .swatch`;
    const colours = {
      change: [await style('g.cell rect.change-mark', 'fill'), await style(swatch('mark-change'), 'backgroundColor')],
      split: [await style('g.cell.split rect.split-band', 'fill'), await style(swatch('mark-split'), 'backgroundColor')],
      error: [await style('g.cell.sev-error circle.badge', 'fill'), await style(swatch('mark-error'), 'backgroundColor')],
      over: [await style('g.column.over rect.overflow', 'stroke'), await style(swatch('mark-over'), 'borderTopColor')],
      capacity: [await style('rect.capacity', 'stroke'), await style(swatch('mark-capacity'), 'borderTopColor')],
    };
    for (const [mark, [drawn, legend]] of Object.entries(colours)) {
      assert.ok(drawn, `${mark} is drawn in this picture`);
      assert.equal(legend, drawn, `${mark}: the legend entry has the drawn colour`);
    }
    await p.screenshot('legend-marks');
    await p.page.close();
  });
});
