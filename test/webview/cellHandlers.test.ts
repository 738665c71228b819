/**
 * The cells' handlers are delegated to their layer and the tooltip's words are built on hover
 * (not for every cell before the first paint): the tooltip still shows, with the words the block
 * and its card give, on hover and on keyboard focus, hides when the pointer or the focus leaves,
 * and cells that a later snapshot brings in answer the pointer like the first ones.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import type { PanelSnapshot } from '../../src/protocol/snapshot';
import { PANEL_TEXT } from '../../src/protocol/panelText';
import { blockTooltip } from '../../src/webview/layout/text';
import { deviceKey } from '../../src/webview/layout/format';
import { useText } from '../../src/webview/text';
import { fixtureTree, setupOf, snapshotOf, strategyMap } from './fixtureSnapshots';
import { launch, openPanel, type PanelPage } from './harness';

let browser: Browser;
let p: PanelPage;
let first: PanelSnapshot;
let second: PanelSnapshot;

before(async () => {
  browser = await launch();
  useText(PANEL_TEXT);
  const setup = setupOf(4, 24);
  const tree = fixtureTree('llama-2-7b');
  first = snapshotOf(tree, strategyMap(tree, setup), setup, { version: 3 });
  const other = fixtureTree('llama-3.2-1b');
  second = snapshotOf(other, strategyMap(other, setupOf(2, 8)), setupOf(2, 8), { version: 4 });
});
after(async () => {
  await browser?.close();
});
beforeEach(async () => {
  await p?.page.close();
  p = await openPanel(browser);
  await p.send({ type: 'snapshot', snapshot: first, followCursor: false });
});

/** The lines the tooltip must show for a block: its words with the card it sits on, as the eager build made them. */
function expectedTip(s: PanelSnapshot, name: string): string[] {
  const b = s.blocks.find((x) => x.name === name)!;
  const main = b.devices[0]?.device;
  return blockTooltip(
    b,
    s.columns.find((c) => main !== undefined && deviceKey(c.device) === deviceKey(main)),
  );
}

const tipLines = (): Promise<string[] | null> =>
  p.page.$eval('#panel-tooltip', (el) => ((el as HTMLElement).hidden ? null : Array.from(el.children).map((c) => c.textContent ?? '')));

describe('cell handlers on the layer, tooltips built on demand', () => {
  it('hovering a cell shows its tooltip; another cell shows its own; leaving hides it', async () => {
    assert.equal(await tipLines(), null);
    await p.page.hover('g.cell[data-name="model.layers.3"]');
    const tip = await tipLines();
    assert.deepEqual(tip, expectedTip(first, 'model.layers.3'));
    assert.match(tip![1]!, /parameters, .+ \([\d,]+ bytes\)/);
    assert.ok(
      tip!.some((l) => /of cuda:\d/.test(l)),
      `the share of the card is there: ${tip!.join(' | ')}`,
    );

    await p.page.hover('g.cell[data-name="model.embed_tokens"]');
    assert.deepEqual(await tipLines(), expectedTip(first, 'model.embed_tokens'));

    // Moving inside the cell (box to label and back) keeps it.
    const box = (await p.page.locator('g.cell[data-name="model.embed_tokens"] rect.cell-box').boundingBox())!;
    await p.page.mouse.move(box.x + 2, box.y + 2);
    await p.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2 + 2);
    assert.deepEqual(await tipLines(), expectedTip(first, 'model.embed_tokens'));

    await p.page.mouse.move(2, 2);
    assert.equal(await tipLines(), null);
  });

  it('keyboard focus on a cell shows its tooltip, leaving the cell hides it', async () => {
    await p.page.focus('g.cell[tabindex="0"]');
    const focused = await p.page.$eval('g.cell[tabindex="0"]', (e) => e.getAttribute('data-name')!);
    assert.deepEqual(await tipLines(), expectedTip(first, focused));
    await p.page.keyboard.press('ArrowRight');
    const next = await p.page.evaluate(() => document.activeElement?.getAttribute('data-name'));
    assert.notEqual(next, focused);
    assert.deepEqual(await tipLines(), expectedTip(first, next!));
    await p.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    assert.equal(await tipLines(), null);
  });

  it('cells a later snapshot brings in answer hover, click and drag', async () => {
    // A smaller model takes layers 16-31 away; drawing the first map again brings them back as new elements.
    await p.send({ type: 'snapshot', snapshot: second, followCursor: false });
    const name = 'model.layers.20';
    assert.equal(await p.page.locator(`g.cell[data-name="${name}"]`).count(), 0);
    await p.send({ type: 'snapshot', snapshot: first, followCursor: false });
    await p.page.hover(`g.cell[data-name="${name}"]`);
    assert.deepEqual(await tipLines(), expectedTip(first, name));

    await p.page.click(`g.cell[data-name="${name}"]`);
    assert.deepEqual(await p.page.$$eval('g.cell.selected', (els) => els.map((e) => e.getAttribute('data-name'))), [name]);

    // Drag it onto another card: one move intent, for this snapshot's document version.
    const from = first.blocks.find((b) => b.name === name)!.devices[0]!.device;
    const to = from === 0 ? 1 : 0;
    const cell = (await p.page.locator(`g.cell[data-name="${name}"]`).boundingBox())!;
    const col = (await p.page.locator(`g.column[data-device="g${to}"] rect.col-bg`).boundingBox())!;
    await p.page.mouse.move(cell.x + cell.width / 2, cell.y + cell.height / 2);
    await p.page.mouse.down();
    await p.page.mouse.move(col.x + col.width / 2, col.y + col.height - 10, { steps: 8 });
    await p.page.mouse.up();
    const moves = (await p.posted()).filter((m) => m.type === 'moveModules');
    assert.deepEqual(moves, [{ type: 'moveModules', documentVersion: 3, mapIndex: 0, modules: [name], device: to }]);
  });
});
