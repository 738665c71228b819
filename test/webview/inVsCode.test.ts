// The layout panel in a real VS Code (code-server, the e2e helpers), beyond the drag test of
// test/e2e: a JSON config moved with the keyboard, a strategy previewed as a ghost and applied
// in one undoable edit, the GPU setup saved from the toolbar, and the panel following the cursor.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { VsCodeSession } from '../e2e/helpers/vscode';

const vscode = new VsCodeSession({ name: 'panel' });

async function check(name: string, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (err) {
    await vscode.screenshot(`FAILED-${name}`).catch(() => undefined);
    throw err;
  }
}

const JSON_FILE = 'train_config.json';
const cellOn = (name: string, device: string) => vscode.webview().locator(`g.cell[data-name="${name}"][aria-label*="on ${device}"]`);

describe('layout panel in VS Code', { timeout: 300_000 }, () => {
  before(async () => {
    await vscode.start();
  });
  after(async () => {
    await vscode.stop();
  });

  test('opens on a JSON config with the training estimate, and a keyboard move edits the JSON (one undo step)', () =>
    check('json-keyboard', async () => {
      const original = readFileSync(join(vscode.workspace, JSON_FILE), 'utf8');
      await vscode.openFile(JSON_FILE, 'device_map');
      await vscode.command('Device Map Studio: Open Layout');
      const view = vscode.webview();
      await view.locator('.status-head', { hasText: 'Llama-2-7b' }).waitFor();
      // The file trains (peft LoRA config): the panel starts on the LoRA step estimate.
      assert.equal(await view.locator('#tb-mode').inputValue(), 'train-lora');
      assert.ok((await view.locator('g.column[data-device="g0"] rect.seg-training').count()) === 1);
      await cellOn('model.layers.3', 'cuda:0').waitFor();
      await view.locator('g.cell[data-name="model.layers.3"]').focus();
      await vscode.page.keyboard.press('Alt+ArrowRight');
      await cellOn('model.layers.3', 'cuda:1').waitFor();
      await vscode.screenshot('panel-json-keyboard');
      const changed = await vscode.editorText(JSON_FILE);
      const diff = changed.split('\n').filter((l, i) => l !== original.split('\n')[i]);
      assert.deepEqual(diff, ['    "model.layers.3": 1,']);
      await vscode.page.keyboard.press('Control+Z');
      await cellOn('model.layers.3', 'cuda:0').waitFor();
      assert.equal(await vscode.editorText(JSON_FILE), original);
    }));

  test('a strategy preview is drawn as a ghost; Apply rewrites the map in one undoable edit', () =>
    check('preview-apply', async () => {
      const original = readFileSync(join(vscode.workspace, JSON_FILE), 'utf8');
      const view = vscode.webview();
      await view.locator('#tb-strategy').selectOption('sequential');
      await view.locator('#tb-preview').click();
      await view.locator('svg.ghost').waitFor();
      await view.locator('g.cell.moved').first().waitFor();
      await vscode.screenshot('panel-preview');
      await view.locator('#preview-apply').click();
      await view
        .locator('svg.ghost')
        .waitFor({ state: 'detached' })
        .catch(() => undefined);
      // 7B in bf16 fits one 24 GB card: sequential puts everything on cuda:0.
      await cellOn('model.layers.31', 'cuda:0').waitFor();
      const changed = await vscode.editorText(JSON_FILE);
      assert.notEqual(changed, original);
      assert.doesNotThrow(() => JSON.parse(changed));
      assert.match(changed, /"model_name_or_path": "meta-llama\/Llama-2-7b-hf"/, 'the rest of the file is untouched');
      await vscode.page.keyboard.press('Control+Z');
      await cellOn('model.layers.31', 'cuda:1').waitFor();
      assert.equal(await vscode.editorText(JSON_FILE), original);
    }));

  test('the GPU setup from the toolbar is saved to deviceMapStudio.gpus and redraws the cards', () =>
    check('gpus', async () => {
      const view = vscode.webview();
      assert.equal(await view.locator('g.column[data-device^="g"]').count(), 8);
      await view.locator('#tb-gpu-count').fill('3');
      await view.locator('#tb-gpu-count').press('Enter');
      await view.locator('#tb-gpu-count').dispatchEvent('change');
      await view.locator('g.column[data-device="g3"]').waitFor({ state: 'detached' });
      assert.equal(await view.locator('g.column[data-device^="g"]').count(), 3);
      const settings = readFileSync(join(vscode.workspace, '.vscode', 'settings.json'), 'utf8');
      assert.match(settings, /"deviceMapStudio\.gpus": \[\s*"rtx4090",\s*"rtx4090",\s*"rtx4090"\s*\]/);
      assert.match(settings, /\/\/ The machine these examples target/, 'comments in settings.json survive');
    }));

  test('one card of the setup edited on its own: the whole mixed list is saved, untouched cards as written', () =>
    check('gpus-mixed', async () => {
      const view = vscode.webview();
      const settingsFile = join(vscode.workspace, '.vscode', 'settings.json');
      const savedAs = async (pattern: RegExp): Promise<string> => {
        for (let waited = 0; waited < 15_000; waited += 250) {
          const text = readFileSync(settingsFile, 'utf8');
          if (pattern.test(text)) return text;
          await new Promise((r) => setTimeout(r, 250));
        }
        assert.fail(`settings.json never matched ${pattern}:\n${readFileSync(settingsFile, 'utf8')}`);
      };
      await view.locator('#tb-gpu-per-card').click();
      await view.locator('#tb-gpu-1-preset').selectOption('a100-80');
      await savedAs(/"deviceMapStudio\.gpus": \[\s*"rtx4090",\s*"a100-80",\s*"rtx4090"\s*\]/);
      // The host's redraw shows the mixed machine card by card; a second edit builds on it.
      await view.locator('#tb-gpu-2-mem').fill('20');
      await view.locator('#tb-gpu-2-mem').press('Enter');
      await view.locator('#tb-gpu-2-mem').dispatchEvent('change');
      const settings = await savedAs(/"deviceMapStudio\.gpus": \[\s*"rtx4090",\s*"a100-80",\s*"20GiB"\s*\]/);
      assert.match(settings, /\/\/ The machine these examples target/, 'comments in settings.json survive');
      await view.locator('#tb-gpu-cards [role=listitem]').nth(2).waitFor();
      assert.equal(await view.locator('#tb-gpu-1-preset').inputValue(), 'a100-80');
      await vscode.screenshot('panel-gpus-mixed');
    }));

  test('follows the map under the cursor when asked', () =>
    check('follow', async () => {
      const view = vscode.webview();
      await view.locator('#tb-follow').check();
      const file = 'qwen_7b_manual_map.py';
      // Open the file in the first editor group, so the panel beside it stays visible.
      await vscode.page.locator('.tabs-container .tab', { hasText: JSON_FILE }).first().click();
      await vscode.openFile(file, 'device_map');
      await vscode.goTo(vscode.locate(file, 'device_map=device_map'));
      await vscode.page.locator('.tabs-container .tab', { hasText: `Layout: ${file}` }).waitFor();
      await view.locator('.status-head', { hasText: 'Qwen' }).waitFor();
      await vscode.screenshot('panel-follow');
    }));
});
