/**
 * The panel in Chinese: the host's zh-cn words (l10n/bundle.l10n.zh-cn.json over the panel's
 * table) reach every button, label, legend, column and tooltip, and no English word of the
 * panel's own is left in the page (texts and ARIA/title attributes).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { setMessageLocale, type Device } from '../../src/core/index';
import { PANEL_TEXT } from '../../src/protocol/panelText';
import { REPO_ROOT } from '../helpers/fixtures';
import { fixtureTree, setupOf, snapshotOf } from './fixtureSnapshots';
import { launch, openPanel } from './harness';

const zhBundle = JSON.parse(readFileSync(join(REPO_ROOT, 'l10n/bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;
/** What src/extension/panel/panelText.ts sends under a Chinese VS Code. */
const ZH = Object.fromEntries(Object.entries(PANEL_TEXT).map(([k, en]) => [k, zhBundle[en] ?? en]));

let browser: Browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

describe('the panel in zh-cn', () => {
  it('shows the host words and no English of its own', async () => {
    const tree = fixtureTree('llama-2-7b');
    const map = new Map<string, Device>([
      ['model.embed_tokens', 0],
      ['model.layers', 0],
      ['model.layers.1.self_attn.q_proj', 1],
      ['model.norm', 1],
      ['model.rotary_emb', 1],
      ['lm_head', 1],
    ]);
    // The core's words (findings, formulas, model labels) as the host builds them under a Chinese VS Code.
    setMessageLocale('zh-cn');
    const snapshot = snapshotOf(tree, map, setupOf(2, 8));
    setMessageLocale('en');
    const p = await openPanel(browser, { text: ZH });
    await p.send({ type: 'snapshot', snapshot, followCursor: false });
    await p.page.waitForSelector('g.cell');

    assert.equal(await p.page.textContent('#tb-preview'), '预览');
    assert.match((await p.page.textContent('.legend'))!, /嵌入层.*KV 缓存.*超出容量/);
    assert.match((await p.page.textContent('g.column.over text.col-title'))!, /超出容量/);
    assert.match((await p.page.textContent('text.changes'))!, /^前向路径：\d+ 次设备切换$/);
    assert.match((await p.page.getAttribute('g.cell[data-name="model.layers.1"]', 'aria-label'))!, /切分到 cuda:0 和 cuda:1/);
    assert.match((await p.page.textContent('.status-head'))!, /映射/);

    // Every English text of the table with a space in it (single words like "auto" may be a value
    // shown on purpose), cut at its placeholders, looked for in the page's text, labels and titles;
    // a piece the Chinese text keeps ("planned", a strategy's name) does not count.
    const pieces = Object.entries(PANEL_TEXT).flatMap(([k, en]) =>
      en
        .split(/\{\d+\}/)
        .map((piece) => piece.trim())
        .filter((piece) => / [a-z]/i.test(piece) && piece.length > 6 && !ZH[k]!.includes(piece)),
    );
    const shown = await p.page.evaluate(() => {
      const parts = [document.body.innerText];
      for (const el of document.querySelectorAll('*'))
        for (const a of ['aria-label', 'title']) if (el.getAttribute(a)) parts.push(el.getAttribute(a)!);
      return parts.join('\n');
    });
    const left = pieces.filter((piece) => shown.includes(piece));
    assert.deepEqual(left, []);
  });
});
