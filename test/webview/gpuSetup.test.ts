/**
 * A mixed GPU setup in a real Chromium: the toolbar lists each card, an edit of
 * one card posts the whole mixed list, nothing is posted without an edit, and
 * the per-card controls are keyboard reachable and labelled.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { parseGpuSetting } from '../../src/core/gpuSpecs';
import { DEFAULT_SETUP, GIB, GPU_PRESETS } from '../../src/core/settings';
import type { PanelSnapshot } from '../../src/protocol/snapshot';
import { fixtureTree, snapshotOf, strategyMap } from './fixtureSnapshots';
import { launch, openPanel, RESULTS, type PanelPage } from './harness';

const MIXED_SETTING = [{ name: 'A6000', memoryGiB: 48 }, '24GiB', 'a100-80'];
const mixedGpus = parseGpuSetting(MIXED_SETTING).gpus;

let browser: Browser;
let snapshot: PanelSnapshot;
let p: PanelPage;

/** The toolbar alone, as a test artifact to look at (the full page is mostly the layout). */
async function toolbarShot(name: string): Promise<void> {
  mkdirSync(RESULTS, { recursive: true });
  await p.page.locator('.toolbar').screenshot({ path: join(RESULTS, `${name}.png`) });
}

const setGpusPosted = async () => (await p.posted()).filter((m) => m.type === 'setGpus');

before(async () => {
  browser = await launch();
  const tree = fixtureTree('llama-2-7b');
  const setup = { ...DEFAULT_SETUP, gpus: mixedGpus };
  snapshot = snapshotOf(tree, strategyMap(tree, setup), setup, { version: 3 });
});
after(async () => {
  await browser?.close();
});
beforeEach(async () => {
  await p?.page.close();
  p = await openPanel(browser, { width: 1100 });
  await p.send({ type: 'snapshot', snapshot, followCursor: false });
});

describe('GPU setup with mixed cards', () => {
  it('shows one entry per card instead of the compact "N × GiB each" controls, and posts nothing by itself', async () => {
    assert.equal(await p.page.isVisible('#tb-gpu-count'), false);
    assert.equal(await p.page.locator('#tb-gpu-cards [role=listitem]').count(), 3);
    assert.equal(await p.page.inputValue('#tb-gpu-0-mem'), '48');
    assert.equal(await p.page.inputValue('#tb-gpu-1-mem'), '24');
    assert.equal(await p.page.inputValue('#tb-gpu-2-preset'), 'a100-80');
    assert.equal(await p.page.locator('#tb-gpu-0-preset option:checked').textContent(), 'A6000');
    // A fresh snapshot (e.g. after a workload change) must not rewrite the machine.
    await p.send({ type: 'snapshot', snapshot, followCursor: false });
    await p.page.selectOption('#tb-mode', 'generate');
    assert.deepEqual(await setGpusPosted(), []);
  });

  it('editing one card posts the whole mixed list with only that card changed', async () => {
    await p.page.fill('#tb-gpu-1-mem', '22');
    await p.page.press('#tb-gpu-1-mem', 'Enter');
    await p.page.locator('#tb-gpu-1-mem').blur();
    const posted = await setGpusPosted();
    assert.equal(posted.length, 1);
    assert.deepEqual(posted[0], { type: 'setGpus', gpus: [mixedGpus[0], { name: 'GPU', memory: 22 * GIB }, mixedGpus[2]] });
    await toolbarShot('gpu-mixed-dark');
    await p.setTheme('light');
    await toolbarShot('gpu-mixed-light');
    await p.setTheme('high-contrast');
    await toolbarShot('gpu-mixed-hc');
    // A panel beside the editor is narrow: the cards wrap and nothing is cut off.
    await p.page.setViewportSize({ width: 520, height: 700 });
    await toolbarShot('gpu-mixed-narrow');
    const cut = await p.page.$$eval('.toolbar .tool-group > *, .gpu-card > *', (els) =>
      els
        .filter((e) => e.getBoundingClientRect().width > 0 && e.getBoundingClientRect().right > document.documentElement.clientWidth)
        .map((e) => e.id || e.textContent),
    );
    assert.deepEqual(cut, [], 'no toolbar control runs past the panel edge');
  });

  it('a preset on one card, then a new card and a removed card, each post the full list', async () => {
    await p.page.selectOption('#tb-gpu-0-preset', 'l40s');
    await p.page.click('#tb-gpu-add');
    await p.page.click('#tb-gpu-1-remove');
    const lists = (await setGpusPosted()).map((m) => (m.type === 'setGpus' ? m.gpus.map((g) => g.name) : []));
    assert.deepEqual(lists, [
      ['L40S 48 GB', 'GPU', 'A100 80 GB'],
      ['L40S 48 GB', 'GPU', 'A100 80 GB', 'A100 80 GB'],
      ['L40S 48 GB', 'A100 80 GB', 'A100 80 GB'],
    ]);
    assert.equal(await p.page.locator('#tb-gpu-cards [role=listitem]').count(), 3);
    // Focus stays in the list after a remove, on the card that took the removed one's place.
    assert.equal(await p.page.evaluate(() => document.activeElement?.id), 'tb-gpu-1-remove');
  });

  it('per-card controls are labelled and reachable with the keyboard', async () => {
    assert.equal(await p.page.getAttribute('#tb-gpu-2-mem', 'aria-label'), 'GPU 2 memory in GiB');
    assert.equal(await p.page.getAttribute('#tb-gpu-0-remove', 'aria-label'), 'Remove GPU 0');
    assert.match((await p.page.getAttribute('#tb-gpu-cards [role=listitem] >> nth=0', 'aria-label'))!, /^GPU 0: A6000, 48 GiB$/);
    await p.page.focus('#tb-gpu-0-preset');
    await p.page.keyboard.press('Tab');
    assert.equal(await p.page.evaluate(() => document.activeElement?.id), 'tb-gpu-0-mem');
    await p.page.keyboard.press('Tab');
    assert.equal(await p.page.evaluate(() => document.activeElement?.id), 'tb-gpu-0-remove');
    // The compact view cannot describe different cards, so its toggle is not offered.
    assert.equal(await p.page.isVisible('#tb-gpu-per-card'), false);
  });

  it('identical cards keep the compact controls; "Per card" opens the list and one edit makes the setup mixed', async () => {
    const same = { ...snapshot, gpus: [mixedGpus[2]!, mixedGpus[2]!] };
    await p.page.close();
    p = await openPanel(browser, { width: 1100 });
    await p.send({ type: 'snapshot', snapshot: same, followCursor: false });
    assert.equal(await p.page.isVisible('#tb-gpu-count'), true);
    assert.equal(await p.page.isVisible('#tb-gpu-cards'), false);
    await toolbarShot('gpu-uniform-dark');
    await p.page.click('#tb-gpu-per-card');
    assert.equal(await p.page.getAttribute('#tb-gpu-per-card', 'aria-pressed'), 'true');
    await p.page.selectOption('#tb-gpu-1-preset', 'rtx4090');
    const last = (await setGpusPosted()).at(-1);
    assert.deepEqual(last, {
      type: 'setGpus',
      gpus: ['a100-80', 'rtx4090'].map((id) => GPU_PRESETS.find((g) => g.id === id)!).map(({ name, memory }) => ({ name, memory })),
    });
    await p.setTheme('light');
    await toolbarShot('gpu-per-card-light');
  });
});
