/** Drags, shift-selected ranges, the keyboard path and the context menu all end in the right `moveModules` intent. */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import type { PanelSnapshot } from '../../src/protocol/snapshot';
import { GPU_PRESETS } from '../../src/core/settings';
import { fixtureTree, setupOf, snapshotOf, strategyMap } from './fixtureSnapshots';
import { launch, openPanel, type PanelPage } from './harness';

let browser: Browser;
let snapshot: PanelSnapshot;
let p: PanelPage;

before(async () => {
  browser = await launch();
  const tree = fixtureTree('llama-2-7b');
  const setup = setupOf(4, 24);
  snapshot = snapshotOf(tree, strategyMap(tree, setup), setup, { version: 7 });
});
after(async () => {
  await browser?.close();
});
beforeEach(async () => {
  await p?.page.close();
  p = await openPanel(browser);
  await p.send({ type: 'snapshot', snapshot, followCursor: false });
});

async function center(selector: string): Promise<{ x: number; y: number }> {
  const box = await p.page.locator(selector).first().boundingBox();
  assert.ok(box, `no box for ${selector}`);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

async function dragTo(from: string, toColumn: string): Promise<void> {
  const a = await center(from);
  const col = await p.page.locator(`g.column[data-device="${toColumn}"] rect.col-bg`).boundingBox();
  assert.ok(col);
  await p.page.mouse.move(a.x, a.y);
  await p.page.mouse.down();
  const b = { x: col.x + col.width / 2, y: col.y + col.height - 10 };
  await p.page.mouse.move(b.x, b.y, { steps: 8 });
  await p.page.mouse.up();
}

const moves = async () => (await p.posted()).filter((m) => m.type === 'moveModules');
const deviceOf = (name: string) => snapshot.blocks.find((b) => b.name === name)!.devices[0]!.device;

describe('editing the map from the panel', () => {
  it('sends ready on load', async () => {
    assert.deepEqual((await p.posted())[0], { type: 'ready' });
  });

  it('dragging one block onto another card sends moveModules with the document version', async () => {
    assert.notEqual(deviceOf('model.layers.3'), 2);
    await dragTo('g.cell[data-name="model.layers.3"]', 'g2');
    assert.deepEqual(await moves(), [{ type: 'moveModules', documentVersion: 7, mapIndex: 0, modules: ['model.layers.3'], device: 2 }]);
  });

  it('a shift-selected contiguous range travels together', async () => {
    await p.page.click('g.cell[data-name="model.layers.2"]');
    await p.page.click('g.cell[data-name="model.layers.5"]', { modifiers: ['Shift'] });
    const pressed = await p.page.$$eval('g.cell.selected', (els) => els.map((e) => e.getAttribute('data-name')));
    assert.deepEqual(pressed, ['model.layers.2', 'model.layers.3', 'model.layers.4', 'model.layers.5']);
    await dragTo('g.cell[data-name="model.layers.4"]', 'g3');
    const [m] = await moves();
    assert.deepEqual(m, {
      type: 'moveModules',
      documentVersion: 7,
      mapIndex: 0,
      modules: ['model.layers.2', 'model.layers.3', 'model.layers.4', 'model.layers.5'],
      device: 3,
    });
  });

  it('dropping back on the same card sends nothing', async () => {
    await dragTo('g.cell[data-name="model.layers.3"]', `g${deviceOf('model.layers.3')}`);
    assert.deepEqual(await moves(), []);
  });

  it('keyboard: arrows walk the blocks, shift extends, Alt+Right moves to the next card', async () => {
    await p.page.focus('g.cell[data-name="model.layers.0"]');
    await p.page.keyboard.press('ArrowRight');
    assert.equal(await p.page.evaluate(() => document.activeElement?.getAttribute('data-name')), 'model.layers.1');
    await p.page.keyboard.press('Space');
    await p.page.keyboard.press('Shift+ArrowRight');
    await p.page.keyboard.press('Shift+ArrowRight');
    await p.page.keyboard.press('Alt+ArrowRight');
    const [m] = await moves();
    const from = deviceOf('model.layers.1') as number;
    assert.deepEqual(m, {
      type: 'moveModules',
      documentVersion: 7,
      mapIndex: 0,
      modules: ['model.layers.1', 'model.layers.2', 'model.layers.3'],
      device: from + 1,
    });
  });

  it('keyboard: a focused block outside the selection moves alone', async () => {
    await p.page.click('g.cell[data-name="model.layers.20"]');
    await p.page.focus('g.cell[data-name="model.layers.2"]');
    await p.page.keyboard.press('Alt+ArrowRight');
    const [m] = await moves();
    assert.deepEqual(m, {
      type: 'moveModules',
      documentVersion: 7,
      mapIndex: 0,
      modules: ['model.layers.2'],
      device: (deviceOf('model.layers.2') as number) + 1,
    });
  });

  it('a snapshot of another map clears the selection', async () => {
    await p.page.click('g.cell[data-name="model.layers.2"]');
    await p.send({ type: 'snapshot', snapshot: { ...snapshot, documentVersion: 8 }, followCursor: false });
    assert.equal(await p.page.$$eval('g.cell.selected', (e) => e.length), 1, 'same map: kept');
    await p.send({ type: 'snapshot', snapshot: { ...snapshot, uri: 'file:///work/other.json' }, followCursor: false });
    assert.equal(await p.page.$$eval('g.cell.selected', (e) => e.length), 0, 'other file: cleared');
  });

  it('keyboard: a digit moves the focused block to that GPU', async () => {
    await p.page.focus('g.cell[data-name="model.layers.30"]');
    await p.page.keyboard.press('0');
    assert.deepEqual(await moves(), [{ type: 'moveModules', documentVersion: 7, mapIndex: 0, modules: ['model.layers.30'], device: 0 }]);
  });

  it('context menu (keyboard) lists the devices and moves there', async () => {
    await p.page.focus('g.cell[data-name="model.layers.10"]');
    await p.page.keyboard.press('Shift+F10');
    const items = await p.page.$$eval('.menu button', (els) => els.map((e) => e.textContent));
    assert.deepEqual(
      items,
      [0, 1, 2, 3].map((i) => `Move model.layers.10 to cuda:${i}`),
    );
    await p.page.keyboard.press('ArrowDown');
    await p.page.keyboard.press('ArrowDown');
    await p.page.keyboard.press('ArrowDown');
    await p.page.keyboard.press('Enter');
    assert.deepEqual(await moves(), [{ type: 'moveModules', documentVersion: 7, mapIndex: 0, modules: ['model.layers.10'], device: 3 }]);
  });

  it('blocks are focusable with ARIA labels that give bytes, share of the card and device', async () => {
    const label = await p.page.getAttribute('g.cell[data-name="model.layers.5"]', 'aria-label');
    assert.match(label!, /^model\.layers\.5, 386\.\d+ MiB, \d\.\d% of the card, on cuda:\d$/);
    const tabbable = await p.page.$$eval('g.cell[tabindex="0"]', (els) => els.length);
    assert.equal(tabbable, 1, 'one roving tab stop');
  });

  it('the toolbar saves the GPU setup and sends workload options', async () => {
    await p.page.fill('#tb-gpu-count', '2');
    await p.page.dispatchEvent('#tb-gpu-count', 'change');
    await p.page.selectOption('#tb-gpu-preset', 'a100-80');
    await p.page.selectOption('#tb-mode', 'train-lora');
    const posted = await p.posted();
    const gpus = posted.filter((m) => m.type === 'setGpus');
    // Preset sizes are the bytes the card reports (core/settings.ts: torch's total_memory).
    const a100 = GPU_PRESETS.find((g) => g.id === 'a100-80')!;
    assert.deepEqual(gpus.at(-1), {
      type: 'setGpus',
      gpus: [
        { name: 'A100 80 GB', memory: a100.memory },
        { name: 'A100 80 GB', memory: a100.memory },
      ],
    });
    const opts = posted.filter((m) => m.type === 'setOptions').at(-1);
    assert.ok(opts && opts.type === 'setOptions');
    assert.equal(opts.options.mode, 'train-lora');
    // Full fine-tuning (issue 17): its own entry in the mode list, sent as the protocol's 'train-full'.
    assert.equal(await p.page.textContent('#tb-mode option[value="train-full"]'), 'train full');
    await p.page.selectOption('#tb-mode', 'train-full');
    const full = (await p.posted()).filter((m) => m.type === 'setOptions').at(-1);
    assert.ok(full && full.type === 'setOptions' && full.options.mode === 'train-full');
  });

  it('strategy preview shows a ghost layout; Apply sends applyMap, Cancel restores', async () => {
    const tree = fixtureTree('llama-2-7b');
    const setup = setupOf(4, 24);
    const ghost = snapshotOf(tree, strategyMap(tree, setup, 'balanced_low_0'), setup, { version: 7 });
    await p.page.selectOption('#tb-strategy', 'balanced_low_0');
    await p.page.click('#tb-preview');
    const req = (await p.posted()).find((m) => m.type === 'request');
    assert.ok(req && req.type === 'request');
    assert.deepEqual(req.request, { method: 'previewStrategy', strategy: 'balanced_low_0' });
    await p.send({ type: 'response', id: req.id, result: ghost });
    assert.equal(await p.page.$$eval('svg.ghost', (e) => e.length), 1);
    const moved = await p.page.$$eval('g.cell.moved', (els) => els.length);
    assert.ok(moved > 0, 'balanced_low_0 empties cuda:0, so blocks move');
    await p.screenshot('preview-ghost');
    // Drags are off while a ghost is shown.
    await dragTo('g.cell[data-name="model.layers.3"]', 'g2');
    assert.deepEqual(await moves(), []);
    await p.page.click('#preview-apply');
    assert.deepEqual((await p.posted()).at(-1), { type: 'applyMap', documentVersion: 7, mapIndex: 0, strategy: 'balanced_low_0' });
    assert.equal(await p.page.$$eval('svg.ghost', (e) => e.length), 0);
  });

  it('a block the document moved travels to its new card (and jumps when motion is reduced)', async () => {
    const tree = fixtureTree('llama-2-7b');
    const setup = setupOf(4, 24);
    const map = strategyMap(tree, setup);
    const target = deviceOf('model.layers.3') === 3 ? 2 : 3;
    map.set('model.layers.3', target);
    const moved = snapshotOf(tree, map, setup, { version: 8 });
    const transformOf = async (pp: PanelPage) =>
      (await pp.page.getAttribute('g.cell[data-name="model.layers.3"]', 'transform'))?.replace(/\s/g, '');
    const before = await transformOf(p);
    await p.send({ type: 'snapshot', snapshot: moved, followCursor: false });
    const during = await transformOf(p);
    await p.page.waitForTimeout(400);
    const end = await transformOf(p);
    assert.notEqual(end, before);
    assert.notEqual(during, end, 'mid-flight right after the redraw');
    assert.match((await p.page.getAttribute('g.cell[data-name="model.layers.3"]', 'aria-label'))!, new RegExp(`on cuda:${target}`));
    // Reduced motion: the cell is at its new place at once.
    const q = await openPanel(browser, { reducedMotion: true });
    await q.send({ type: 'snapshot', snapshot, followCursor: false });
    await q.send({ type: 'snapshot', snapshot: moved, followCursor: false });
    assert.equal(await transformOf(q), end);
    await q.page.close();
  });

  it('state survives a reload: the saved snapshot is drawn before the host answers', async () => {
    const state = await p.page.evaluate(() => (window as unknown as { __state: unknown }).__state);
    const again = await openPanel(browser, { savedState: state });
    assert.equal(await again.page.$$eval('g.cell', (e) => e.length), snapshot.blocks.length);
    await again.page.close();
  });
});
