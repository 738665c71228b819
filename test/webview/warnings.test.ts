/** Over-capacity cards and split blocks are drawn unmistakably, and every theme kind renders. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import type { Device } from '../../src/core/index';
import { fixtureTree, setupOf, snapshotOf, strategyMap } from './fixtureSnapshots';
import { launch, openPanel } from './harness';

let browser: Browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

describe('warnings drawn on cells and cards', () => {
  it('marks an over-capacity card and a block split across cards', async () => {
    const tree = fixtureTree('llama-2-7b');
    const setup = setupOf(2, 8); // 13.5 GB of bf16 weights on two 8 GiB cards
    const map = new Map<string, Device>([
      ['model.embed_tokens', 0],
      ['model.layers', 0],
      ['model.layers.1.self_attn.q_proj', 1],
      ['model.norm', 1],
      ['model.rotary_emb', 1],
      ['lm_head', 1],
    ]);
    const snapshot = snapshotOf(tree, map, setup);
    const p = await openPanel(browser);
    await p.send({ type: 'snapshot', snapshot, followCursor: false });

    const over = await p.page.$$eval('g.column.over', (els) => els.map((e) => e.getAttribute('data-device')));
    assert.deepEqual(over, ['g0']);
    assert.match((await p.page.textContent('g.column.over text.col-title'))!, /over capacity/);
    assert.match((await p.page.textContent('g.column.over tspan.over-text'))!, /^OVER \d+\.\d\d GiB$/);
    const overflowHeight = Number(await p.page.getAttribute('g.column.over rect.overflow', 'height'));
    assert.ok(overflowHeight > 10, `the part above capacity is outlined (${overflowHeight}px)`);
    assert.match((await p.page.textContent('.status'))!, /DM011: cuda:0 needs/);

    const split = await p.page.$$eval('g.cell.split', (els) => els.map((e) => e.getAttribute('data-name')));
    assert.deepEqual(split, ['model.layers.1']);
    assert.equal(await p.page.getAttribute('g.cell[data-name="model.layers.1"]', 'class').then((c) => c!.includes('sev-error')), true);
    assert.match((await p.page.getAttribute('g.cell[data-name="model.layers.1"]', 'aria-label'))!, /split over cuda:0 and cuda:1.*DM003/);
    const bandWidth = Number(await p.page.getAttribute('g.cell[data-name="model.layers.1"] rect.split-band', 'width'));
    assert.ok(bandWidth > 0 && bandWidth < 30, `split band shows the share on the other card (${bandWidth})`);

    // Hovering the split block shows the finding in the tooltip.
    await p.page.hover('g.cell[data-name="model.layers.1"]');
    const tip = await p.page.textContent('#panel-tooltip');
    assert.match(
      tip!,
      /DM003 error: layer 1 \(model\.layers\.1\) is split over cuda:0, cuda:1, so the first forward pass fails\. A LlamaDecoderLayer must stay on one device/,
    );
    await p.screenshot('warnings-dark');
    await p.page.close();
  });

  it('flags CPU blocks while training and alternating placement', async () => {
    const tree = fixtureTree('llama-3.2-1b');
    const setup = setupOf(2, 24);
    const map = new Map<string, Device>([
      ['model.embed_tokens', 0],
      ['model.layers', 0],
      ['model.layers.3', 1],
      ['model.layers.4', 0],
      ['model.layers.15', 'cpu'],
      ['model.norm', 0],
      ['model.rotary_emb', 0],
      ['lm_head', 0],
    ]);
    const snapshot = snapshotOf(tree, map, setup, { training: true });
    const p = await openPanel(browser);
    await p.send({ type: 'snapshot', snapshot, followCursor: false });
    const cols = await p.page.$$eval('g.column', (els) => els.map((e) => e.getAttribute('data-device')));
    assert.deepEqual(cols, ['g0', 'g1', 's-cpu']);
    const label = (n: string) => p.page.getAttribute(`g.cell[data-name="${n}"]`, 'aria-label');
    assert.match((await label('model.layers.15'))!, /on cpu.*DM010/);
    assert.match((await label('model.layers.4'))!, /DM009/);
    assert.doesNotMatch((await label('model.layers.2'))!, /problem/);
    const marks = await p.page.$$eval('g.cell', (els) =>
      els.filter((e) => Number(e.querySelector('rect.change-mark')!.getAttribute('width')) > 0).map((e) => e.getAttribute('data-name')),
    );
    assert.deepEqual(marks, ['model.layers.3', 'model.layers.4', 'model.layers.15', 'model.norm']);
    await p.page.close();
  });

  it('reads in light, dark and high-contrast themes (theme switch restyles without a redraw)', async () => {
    const tree = fixtureTree('mistral-7b');
    const setup = setupOf(2, 8);
    const snapshot = snapshotOf(tree, strategyMap(tree, setupOf(2, 24)), setup);
    const p = await openPanel(browser, { theme: 'light' });
    await p.send({ type: 'snapshot', snapshot, followCursor: false });
    const fill = () => p.page.$eval('g.cell.g-block rect.cell-box', (e) => getComputedStyle(e).fill);
    const bg = () => p.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const seen: Record<string, [string, string]> = {};
    for (const theme of ['light', 'dark', 'high-contrast'] as const) {
      await p.setTheme(theme);
      await p.page.focus('g.cell[data-name="model.layers.2"]');
      seen[theme] = [await bg(), await fill()];
      await p.screenshot(`theme-${theme}`);
    }
    assert.equal(seen.light![0], 'rgb(255, 255, 255)');
    assert.equal(seen.dark![0], 'rgb(31, 31, 31)');
    assert.equal(seen['high-contrast']![0], 'rgb(0, 0, 0)');
    assert.notEqual(seen.light![1], seen.dark![1], 'chart colours follow the theme');
    // High contrast: the focused block's outline uses the contrast border colour.
    const stroke = await p.page.$eval('g.cell[data-name="model.layers.2"] rect.cell-box', (e) => getComputedStyle(e).stroke);
    assert.equal(stroke, 'rgb(243, 133, 24)');
    await p.page.close();
  });
});
