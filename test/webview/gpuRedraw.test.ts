/**
 * The host redraws the panel whenever anything changes (a document edit, a resolved
 * model, the save of an earlier GPU edit), so snapshots arrive while the user edits
 * the GPU setup. CI once saw "rtx4090" saved where "20GiB" was typed: the save's own
 * redraw landed between typing and Enter and put the old value back into the input.
 * These tests deliver the redraws at exactly those moments, in a real Chromium.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { DEFAULT_SETUP, GIB, GPU_PRESETS, parseGpuSetting, type GpuSpec } from '../../src/core/index';
import type { PanelSnapshot } from '../../src/protocol/snapshot';
import { fixtureTree, snapshotOf, strategyMap } from './fixtureSnapshots';
import { launch, openPanel, type PanelPage } from './harness';

const initial = parseGpuSetting(['rtx4090', 'rtx4090', 'rtx4090']).gpus;
const preset = (id: string) => {
  const p = GPU_PRESETS.find((x) => x.id === id)!;
  return { name: p.name, memory: p.memory };
};

let browser: Browser;
let p: PanelPage;
let snapshotFor: (gpus: readonly GpuSpec[]) => PanelSnapshot;

const setGpusPosted = async () => (await p.posted()).flatMap((m) => (m.type === 'setGpus' ? [m.gpus] : []));
const redraw = (gpus: readonly GpuSpec[]) => p.send({ type: 'snapshot', snapshot: snapshotFor(gpus), followCursor: false });

before(async () => {
  browser = await launch();
  const tree = fixtureTree('llama-2-7b');
  snapshotFor = (gpus) => {
    const setup = { ...DEFAULT_SETUP, gpus: [...gpus] };
    return snapshotOf(tree, strategyMap(tree, { ...DEFAULT_SETUP, gpus: initial }), setup, { version: 3 });
  };
});
after(async () => {
  await browser?.close();
});
beforeEach(async () => {
  await p?.page.close();
  p = await openPanel(browser, { width: 1100 });
  await redraw(initial);
  await p.page.click('#tb-gpu-per-card');
});

describe('GPU setup while the host redraws', () => {
  it("a redraw between typing a card's memory and Enter keeps the typed value, and Enter saves it", async () => {
    await p.page.selectOption('#tb-gpu-1-preset', 'a100-80');
    const mixed = [initial[0]!, preset('a100-80'), initial[2]!];
    assert.deepEqual(await setGpusPosted(), [mixed]);
    await p.page.fill('#tb-gpu-2-mem', '20');
    await redraw(mixed); // the host's redraw after saving the a100-80 edit lands now
    assert.equal(await p.page.inputValue('#tb-gpu-2-mem'), '20', 'the redraw left the typed text alone');
    await p.page.press('#tb-gpu-2-mem', 'Enter');
    assert.deepEqual((await setGpusPosted()).at(-1), [initial[0], preset('a100-80'), { name: 'GPU', memory: 20 * GIB }]);
    // Once committed, redraws write the input again.
    await redraw([initial[0]!, preset('a100-80'), { name: 'GPU', memory: 20 * GIB }]);
    assert.equal(await p.page.inputValue('#tb-gpu-2-mem'), '20');
    await redraw(initial);
    // The RTX 4090 preset is the card's real capacity (23.64 GiB), shown as the input shows sizes.
    assert.equal(await p.page.inputValue('#tb-gpu-2-mem'), String(+(initial[2]!.memory / GIB).toFixed(2)));
  });

  it('a redraw computed before the host saved an edit does not undo it, and the next edit builds on it', async () => {
    await p.page.selectOption('#tb-gpu-1-preset', 'a100-80');
    await redraw(initial); // computed from the settings as they were before the save
    assert.equal(await p.page.inputValue('#tb-gpu-1-preset'), 'a100-80');
    await p.page.fill('#tb-gpu-2-mem', '20');
    await p.page.press('#tb-gpu-2-mem', 'Enter');
    assert.deepEqual((await setGpusPosted()).at(-1), [initial[0], preset('a100-80'), { name: 'GPU', memory: 20 * GIB }]);
    await redraw([initial[0]!, preset('a100-80'), initial[2]!]); // the first save's redraw, before the second save
    assert.equal(await p.page.inputValue('#tb-gpu-2-mem'), '20');
    assert.equal((await setGpusPosted()).length, 2, 'stale redraws post nothing');
  });

  it('a setup changed elsewhere (settings.json edited by hand) is shown, even mid-edit', async () => {
    await p.page.selectOption('#tb-gpu-1-preset', 'a100-80');
    await redraw([preset('h100-80'), preset('h100-80')]);
    assert.equal(await p.page.locator('#tb-gpu-cards [role=listitem]').count(), 2);
    assert.equal(await p.page.inputValue('#tb-gpu-1-preset'), 'h100-80');
    // And the pre-edit setup is no longer treated as stale once the host has moved on.
    await redraw(initial);
    assert.equal(await p.page.locator('#tb-gpu-cards [role=listitem]').count(), 3);
  });
});
