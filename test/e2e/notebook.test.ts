// Notebooks in a real VS Code (code-server, its built-in notebook editor, no Jupyter extension):
// a notebook that spreads the model id, the map and the load over cells (with magics between)
// gets DM001 and DM003 in the map's cell, in the Problems panel with cell lines; hover and the
// CodeLens work inside cells; a quick fix edits the cell and one undo restores it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { VsCodeSession } from './helpers/vscode';

const vscode = new VsCodeSession({ name: 'notebook' });
const FILE = 'diagnostics/notebook_DM001_DM003.ipynb';
const BASE = 'notebook_DM001_DM003.ipynb';

async function check(name: string, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (err) {
    await vscode.screenshot(`FAILED-${name}`).catch(() => undefined);
    throw err;
  }
}

/** The cells' sources as saved on disk. */
function savedSources(): string[] {
  const nb = JSON.parse(readFileSync(join(vscode.workspace, FILE), 'utf8')) as { cells: Array<{ source: string | string[] }> };
  return nb.cells.map((c) => (Array.isArray(c.source) ? c.source.join('') : c.source));
}

function cellLine(text: string) {
  return vscode.page.locator('.notebook-editor .cell-editor-container .view-line', { hasText: text }).first();
}

async function save(): Promise<void> {
  await vscode.page.keyboard.press('Control+S');
  await vscode.tab(BASE, ':not(.dirty)').waitFor();
}

/** Scrolls the notebook (its cells are virtualised: only those in view exist) until a cell line shows `text`. */
async function scrollTo(text: string, direction: 1 | -1 = 1): Promise<void> {
  const line = cellLine(text);
  // The wheel goes to the active editor group (other notebooks' editors stay in the DOM, hidden).
  const box = await vscode.page.locator('.editor-group-container.active .editor-container').first().boundingBox();
  for (let i = 0; i < 30 && !(await line.isVisible()); i++) {
    if (box) await vscode.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await vscode.page.mouse.wheel(0, 250 * direction);
    await new Promise((r) => setTimeout(r, 150));
  }
  await line.waitFor();
}

/** Clicks a cell line once its position has stopped changing (the notebook scrolls smoothly). */
async function clickSettled(line: ReturnType<typeof cellLine>): Promise<void> {
  let last = '';
  for (let i = 0; i < 40; i++) {
    const box = JSON.stringify(await line.boundingBox());
    if (box === last && box !== 'null') break;
    last = box;
    await new Promise((r) => setTimeout(r, 100));
  }
  await line.click({ position: { x: 60, y: 5 } });
}

/** Waits until the Problems panel, filtered by `text`, lists (or no longer lists) a marker. */
async function waitForMarker(text: string, present: boolean): Promise<void> {
  const panel = vscode.page.locator('.markers-panel');
  for (let attempt = 0; attempt < 4 && !(await panel.isVisible()); attempt++) {
    await vscode.page.keyboard.press('Control+Shift+M');
    await panel.waitFor({ timeout: 2000 }).catch(() => undefined);
  }
  const filter = vscode.page.getByPlaceholder(/^Filter \(e\.g\./).first();
  await filter.fill(text);
  try {
    await vscode.page.waitForFunction(
      ([t, want]) =>
        [...document.querySelectorAll('.markers-panel .monaco-list-row')].some(
          (r) => r.querySelector('.marker-icon') && r.textContent?.includes(t as string),
        ) === want,
      [text, present] as const,
      { timeout: 15_000 },
    );
  } finally {
    await filter.fill('');
  }
}

describe('Device Map Studio in a Jupyter notebook', { timeout: 240_000 }, () => {
  before(async () => {
    await vscode.start();
  });
  after(async () => {
    await vscode.stop();
  });

  test('a notebook activates the extension and its findings sit in the map cell', () =>
    check('diagnostics', async () => {
      await vscode.quickInput('Control+P', FILE, BASE);
      await cellLine('"model.layers.1.mlp"').waitFor();
      let log = '';
      for (let i = 0; i < 300 && !/_doActivateExtension device-map-studio\.device-map-studio/.test(log); i++) {
        await new Promise((r) => setTimeout(r, 100));
        log = vscode.extHostLog();
      }
      const line = log.split('\n').find((l) => /_doActivateExtension device-map-studio\.device-map-studio/.test(l));
      assert.match(line ?? '', /onNotebook:jupyter-notebook|onLanguage:python/, log.slice(-2000));
      await vscode.page.locator('.notebook-editor .cell-editor-container .squiggly-error').first().waitFor();
      const dm003 = (await vscode.problemRows('DM003')).filter((r) => r.includes('DM003'));
      // Line 4, column 5 of the map cell: where "model.layers.1.self_attn" is, not a line of the whole notebook.
      assert.ok(
        dm003.some((r) => /\[Ln 4, Col 5\]/.test(r)),
        dm003.join('\n'),
      );
      const dm001 = (await vscode.problemRows('DM001')).filter((r) => r.includes('DM001'));
      assert.ok(
        dm001.some((r) => /\[Ln 1, Col 14\]/.test(r)),
        dm001.join('\n'),
      );
      await vscode.problemRows('Device Map Studio');
      await vscode.screenshot('notebook-diagnostics');
    }));

  test('hover and the CodeLens answer inside cells', () =>
    check('hover', async () => {
      await cellLine('"model.embed_tokens"').click({ position: { x: 60, y: 5 } });
      await vscode.command('Show or Focus Hover');
      const hover = vscode.page.locator('.monaco-hover:not(.hidden)').first();
      await hover.waitFor();
      assert.match((await hover.innerText()).replace(/\s+/g, ' '), /model\.embed_tokens/);
      await vscode.page.keyboard.press('Escape');
      // The lens sits on the load, in the last cell: give the notebook the whole height to show it.
      await vscode.hideBottomPanel();
      await scrollTo('from_pretrained');
      await vscode.page.locator('.notebook-editor .codelens-decoration', { hasText: 'Open layout' }).first().waitFor();
    }));

  test('a quick fix edits the map cell in one step, and one undo restores it', () =>
    check('quickfix', async () => {
      const original = savedSources();
      await vscode.problemRows('DM003');
      // The Problems panel takes half the height: close it so the map cell's lines are not cut off,
      // and click only once the notebook has stopped scrolling (a click during the smooth scroll
      // lands on another line, whose quick fixes are DM001's).
      await vscode.hideBottomPanel();
      await scrollTo('"model.layers.1.self_attn"', -1);
      await clickSettled(cellLine('"model.layers.1.self_attn"'));
      await vscode.page.keyboard.press('Control+.');
      const row = vscode.page.locator('.action-widget .monaco-list-row', { hasText: 'model.layers.1' });
      await row.first().waitFor();
      await vscode.screenshot('notebook-quickfix-menu');
      const focused = vscode.page.locator('.action-widget .monaco-list-row.focused');
      for (let i = 0; i < 8 && !(await focused.innerText().catch(() => '')).includes('model.layers.1'); i++)
        await vscode.page.keyboard.press('ArrowDown');
      await vscode.page.keyboard.press('Enter');
      // The analysis follows the cell edit: DM003 leaves the Problems panel.
      await waitForMarker('DM003', false);
      await save();
      const fixed = savedSources();
      assert.notEqual(fixed[3], original[3], 'the map cell changed');
      assert.deepEqual(
        fixed.filter((_, i) => i !== 3),
        original.filter((_, i) => i !== 3),
        'no other cell changed',
      );
      assert.doesNotMatch(fixed[3]!, /"model\.layers\.1\.self_attn": 0/);
      await cellLine('"model.embed_tokens"').click({ position: { x: 60, y: 5 } });
      await vscode.page.keyboard.press('Control+Z');
      await waitForMarker('DM003', true);
      await save();
      assert.deepEqual(savedSources(), original);
      await waitForMarker('DM001', true);
    }));

  test('analysis follows moved cells: the load above the map cell no longer sees the map', () =>
    check('move-cell', async () => {
      await vscode.quickInput('Control+P', FILE, BASE);
      await scrollTo('from_pretrained');
      await cellLine('from_pretrained').click({ position: { x: 60, y: 5 } });
      await vscode.command('Notebook: Move Cell Up');
      await waitForMarker('DM003', false);
      await vscode.command('Notebook: Move Cell Down');
      await waitForMarker('DM003', true);
      await save();
    }));

  test('the layout panel opens from the CodeLens in a cell and draws the map built over several cells', () =>
    check('panel', async () => {
      // The earlier notebook's editor would stay in the page, inert, with lenses of its own.
      await vscode.command('View: Close All Editors');
      await vscode.quickInput('Control+P', 'qlora_llama2_13b_notebook.ipynb', 'qlora_llama2_13b_notebook.ipynb');
      await cellLine('%env CUDA_VISIBLE_DEVICES').waitFor();
      await vscode.hideBottomPanel();
      await scrollTo('quantization_config=bnb_config');
      // Only the shown notebook's lens: the first notebook's editor stays in the DOM, inert.
      const lens = vscode.page.locator('.notebook-editor .codelens-decoration a:visible', { hasText: 'Open layout' });
      await lens.first().waitFor();
      // The per-card lens of the load: both cards, with totals.
      await vscode.page
        .locator('.notebook-editor .codelens-decoration:visible', { hasText: /cuda:0 .*cuda:1/ })
        .first()
        .waitFor();
      await lens.first().click();
      await vscode.page.locator('.tabs-container .tab', { hasText: 'Layout: qlora_llama2_13b_notebook.ipynb' }).waitFor();
      const view = vscode.webview();
      // Layers 20-39 come from a device_map.update(...) in the cell after the literal.
      await view.locator('g.cell[data-name="model.layers.39"]').waitFor();
      const devices = await view.locator('g.column[data-device]').evaluateAll((els) => els.map((e) => e.getAttribute('data-device')));
      assert.ok(devices.length >= 2, devices.join(','));
      await vscode.screenshot('notebook-panel');
    }));
});
