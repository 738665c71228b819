/** The full picture: every memory component stacked, findings on cells, in dark and light; the README images come from here. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import type { Device } from '../../src/core/index';
import { fixtureTree, setupOf, snapshotOf } from './fixtureSnapshots';
import { launch, openPanel } from './harness';

let browser: Browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

describe('layout panel with a LoRA training estimate', () => {
  it('stacks weights, activations, LoRA+optimizer and context per card', async () => {
    const tree = fixtureTree('llama-2-13b');
    const setup = setupOf(4, 16);
    // A hand-written map with two classic mistakes: a split attention and an alternating layer.
    const map = new Map<Device, Device>() as unknown as Map<string, Device>;
    map.set('model.embed_tokens', 0);
    map.set('model.layers', 0);
    for (let i = 10; i < 20; i++) map.set(`model.layers.${i}`, 1);
    map.set('model.layers.15', 0);
    for (let i = 20; i < 30; i++) map.set(`model.layers.${i}`, 2);
    map.set('model.layers.24.self_attn.o_proj', 3);
    for (let i = 30; i < 40; i++) map.set(`model.layers.${i}`, 3);
    for (const k of ['model.norm', 'model.rotary_emb', 'lm_head']) map.set(k, 3);
    const snapshot = snapshotOf(tree, map, setup, {
      training: true,
      modelName: 'meta-llama/Llama-2-13b-hf',
      mode: { kind: 'train-lora', batch: 1, seq: 512, rank: 8, targets: ['q_proj', 'v_proj'], gradientCheckpointing: false },
    });
    for (const theme of ['dark', 'light'] as const) {
      const p = await openPanel(browser, { theme, width: 1280, height: 560 });
      await p.send({ type: 'snapshot', snapshot, followCursor: false });
      const kinds = await p.page.$$eval('g.column[data-device="g0"] rect.seg', (els) =>
        els.map((e) => e.getAttribute('class')!.split(' ')[1]),
      );
      // A training step keeps no KV cache: that segment is absent, the other four are stacked above the weights.
      assert.deepEqual(kinds, ['seg-weights-embedding', 'seg-weights-block', 'seg-activations', 'seg-training', 'seg-context']);
      assert.deepEqual(await p.page.$$eval('g.cell.split', (els) => els.map((e) => e.getAttribute('data-name'))), ['model.layers.24']);
      assert.match((await p.page.getAttribute('g.cell[data-name="model.layers.15"]', 'aria-label'))!, /DM009/);
      // Hover a bar segment: its tooltip names the component and its share of the card.
      await p.page.hover('g.column[data-device="g0"] rect.seg-context');
      assert.match((await p.page.textContent('#panel-tooltip'))!, /cuda:0: CUDA context \/ reserve.*of 16\.00 GiB.*CUDA context \d+ B/);
      await p.page.mouse.move(5, 5);
      await p.page.hover('g.cell[data-name="model.layers.24"]');
      await p.screenshot(`showcase-${theme}`);
      await p.page.close();
    }
  });

  it('says why when there is nothing to draw, and shows notices', async () => {
    const p = await openPanel(browser);
    await p.send({ type: 'empty', message: 'Resolving meta-llama/Llama-2-7b-hf…' });
    assert.equal(await p.page.textContent('.status'), 'Resolving meta-llama/Llama-2-7b-hf…');
    assert.equal(await p.page.$$eval('g.cell', (e) => e.length), 0);
    await p.send({ type: 'notice', message: 'The document changed since the panel was drawn; the edit was dropped.' });
    assert.match((await p.page.textContent('.status .notice'))!, /edit was dropped/);
    await p.page.close();
  });
});
