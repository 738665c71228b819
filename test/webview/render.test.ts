/** The panel draws real fixture models on 2, 4 and 8 cards, and a ~1,000-entry fine-grained map. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { fineGrainedMap, fixtureTree, mixtralTree, setupOf, snapshotOf, strategyMap } from './fixtureSnapshots';
import { launch, openPanel } from './harness';

let browser: Browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

describe('layout panel rendering in Chromium', () => {
  for (const [model, cards, gib] of [
    ['llama-2-7b', 2, 24],
    ['llama-2-13b', 4, 24],
    ['qwen2.5-7b', 8, 16],
  ] as const) {
    it(`draws ${model} balanced over ${cards} cards`, async () => {
      const tree = fixtureTree(model);
      const setup = setupOf(cards, gib);
      const snapshot = snapshotOf(tree, strategyMap(tree, setup), setup, { modelName: model });
      const p = await openPanel(browser);
      await p.send({ type: 'snapshot', snapshot, followCursor: false });
      const columns = await p.page.$$eval('g.column', (els) => els.map((e) => e.getAttribute('data-device')));
      assert.deepEqual(
        columns,
        Array.from({ length: cards }, (_, i) => `g${i}`),
      );
      // Every block is a cell, in forward order, and each sits in the column of its device.
      const cells = await p.page.$$eval('g.cell', (els) =>
        els.map((e) => ({ name: e.getAttribute('data-name'), label: e.getAttribute('aria-label') })),
      );
      assert.deepEqual(
        cells.map((c) => c.name),
        snapshot.blocks.map((b) => b.name),
      );
      for (const [i, b] of snapshot.blocks.entries()) assert.match(cells[i]!.label!, new RegExp(`on cuda:${b.devices[0]!.device}`));
      // The bar of each card carries its weight bytes: the summary prints the same total.
      const totals = await p.page.$$eval('g.column text.summary tspan.total-text', (els) => els.map((e) => e.textContent));
      assert.equal(totals.length, cards);
      // "5.62/24 GiB 23%": the used bytes of the card over its capacity.
      const expected = snapshot.columns.map((c) => `${(c.memory.total / 2 ** 30).toFixed(2)}/${gib} GiB`);
      assert.deepEqual(
        totals.map((t) => t!.split(' ').slice(0, 2).join(' ')),
        expected,
      );
      const used = snapshot.columns.filter((c) => c.memory.total > 0).length;
      assert.ok(used >= 2, 'a balanced map uses several cards');
      await p.screenshot(`${model}-${cards}cards`);
      await p.page.close();
    });
  }

  it('draws a fine-grained map of ~1,000 entries with one cell per block', async () => {
    const tree = mixtralTree();
    const setup = setupOf(4, 24);
    const map = fineGrainedMap(tree, 4);
    assert.ok(map.size >= 900 && map.size <= 1200, `map has ${map.size} entries`);
    const snapshot = snapshotOf(tree, map, setup);
    const p = await openPanel(browser);
    const t0 = Date.now();
    await p.send({ type: 'snapshot', snapshot, followCursor: false });
    const ms = Date.now() - t0;
    const n = await p.page.$$eval('g.cell', (els) => els.length);
    assert.equal(n, snapshot.blocks.length);
    assert.equal(
      await p.page.$$eval('g.cell.split', (els) => els.length),
      0,
      'a fine-grained map that keeps each layer together splits nothing',
    );
    assert.ok(ms < 2000, `render took ${ms} ms`);
    await p.screenshot('mixtral-1000-entries');
    await p.page.close();
  });
});
