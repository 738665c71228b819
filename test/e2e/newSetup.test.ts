// "Device Map Studio: New Setup…" in a real VS Code, driven with the keyboard only: catalogue
// Llama-2-7B, two RTX 4090 presets, LoRA, our planner, one process, a Python script in the
// workspace. The file written is the one `device-map init` writes for the same answers, it opens beside the layout panel, and no DM finding is raised on it.
// Escape in the middle writes nothing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../helpers/cli';
import { ROOT } from './helpers/paths';
import { VsCodeSession } from './helpers/vscode';

const MODEL = 'meta-llama/Llama-2-7b-hf';
let vscode: VsCodeSession;

/**
 * Waits for step `n`'s question showing `expect` (a row or the prompt: a step may ask twice under
 * one title), enabled, then types `filter` (if any) and presses the keys.
 */
async function step(n: number, expect: string, filter: string | undefined, ...keys: string[]): Promise<void> {
  const widget = vscode.page.locator('.quick-input-widget');
  await widget.locator('.quick-input-title', { hasText: `New Setup (${n}/6)` }).waitFor();
  await widget.filter({ hasText: expect }).waitFor();
  // The question is up and enabled (the last one stays busy until this one replaces it).
  await widget.locator('.quick-input-box input:not([disabled])').waitFor();
  if (filter !== undefined) await vscode.page.keyboard.type(filter);
  for (const k of keys) await vscode.page.keyboard.press(k);
}

/**
 * Runs New Setup from the palette. Nothing has activated the extension in this workspace (no
 * Python or JSON file is open), and the palette lists contributed commands only once the
 * extension registry is read: ask again until the row is there.
 */
async function newSetup(): Promise<void> {
  const widget = vscode.page.locator('.quick-input-widget');
  for (let attempt = 0; attempt < 12; attempt++) {
    await vscode.page.keyboard.press('F1');
    await widget.waitFor();
    await widget.locator('input').fill('>Device Map Studio: New Setup');
    const row = widget.locator('.monaco-list-row', { hasText: 'Device Map Studio: New Setup…' }).first();
    try {
      await row.waitFor({ timeout: 5000 });
      await row.click();
      return;
    } catch {
      await vscode.page.keyboard.press('Escape');
    }
  }
  throw new Error('the palette never listed Device Map Studio: New Setup…');
}

describe('New Setup (keyboard, code-server)', { timeout: 300_000 }, () => {
  before(async () => {
    vscode = new VsCodeSession({
      name: 'new-setup',
      workspace: join(ROOT, 'test/fixtures/new-setup'),
      // An empty Hugging Face cache: the model list is the catalogue's.
      env: { HF_HOME: join(ROOT, '.cache/e2e/new-setup/hf') },
      prepare: () => mkdirSync(join(ROOT, '.cache/e2e/new-setup/hf/hub'), { recursive: true }),
    });
    await vscode.start();
  });
  after(async () => {
    await vscode?.stop();
  });

  test('Escape at the third step ends the flow and writes nothing', async () => {
    const before = readdirSync(vscode.workspace).sort();
    await newSetup();
    await step(1, 'Built-in catalogue', 'Llama-2-7b-hf', 'Enter');
    await step(2, 'Presets', 'RTX 4090', 'Enter');
    await step(2, 'How many RTX 4090 24 GB cards?', undefined, 'Enter'); // two, the value the box offers
    await step(3, 'Full fine-tuning', undefined, 'Escape');
    await vscode.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    assert.deepEqual(readdirSync(vscode.workspace).sort(), before);
  });

  test('catalogue Llama-2-7B, 2 × RTX 4090, LoRA, planner, one process, Python: the planned file, opened beside the layout panel, clean', async () => {
    await newSetup();
    await step(1, 'Built-in catalogue', 'Llama-2-7b-hf', 'Enter');
    await step(2, 'Presets', 'RTX 4090', 'Enter');
    await step(2, 'How many RTX 4090 24 GB cards?', undefined, 'Enter');
    await step(3, 'Full fine-tuning', undefined, 'ArrowDown', 'Enter'); // Inference, LoRA, ...
    // The placement: each choice with the core's per-card line.
    const planner = vscode.page.locator('.quick-input-widget .monaco-list-row', { hasText: "Device Map Studio's planner" });
    await planner.waitFor();
    assert.match(await planner.innerText(), /cuda:0 [\d.]+ GiB \/ 23\.64 GiB · cuda:1 [\d.]+ GiB \/ 23\.64 GiB/);
    await vscode.page.mouse.move(5, 400); // no tooltip over the title
    await vscode.screenshot('placement');
    await step(4, 'device_map="sequential"', undefined, 'Enter');
    await step(5, 'One process', undefined, 'Enter');
    await step(6, 'JSON map file', undefined, 'Enter'); // Python script, the first
    await step(6, 'The workspace folder', undefined, 'Enter');

    const file = join(vscode.workspace, 'train.py');
    const deadline = Date.now() + 20_000;
    while (!existsSync(file) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    // What `device-map init` writes for the same answers, offline (the catalogue's Llama-2-7B).
    const out = mkdtempSync(join(tmpdir(), 'dms-init-'));
    const args = [
      'init',
      '--model',
      MODEL,
      '--gpus',
      '2xrtx4090',
      '--task',
      'lora',
      '--strategy',
      'studio',
      '--processes',
      '1',
      '--format',
      'python',
      '--out',
      out,
    ];
    const env = { ...process.env, HF_HUB_OFFLINE: '1', HF_HOME: join(out, 'no-hf') };
    const r = await cli(args, out, env);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(
      readdirSync(out).filter((f) => f !== 'no-hf'),
      ['train.py'],
    );
    assert.equal(readFileSync(file, 'utf8'), readFileSync(join(out, 'train.py'), 'utf8'));
    rmSync(out, { recursive: true, force: true });

    // Open in an editor, with the layout panel beside it drawing the two cards.
    await vscode.tab('train.py').waitFor();
    await vscode.page.locator('.tabs-container .tab', { hasText: 'Layout' }).waitFor();
    const view = vscode.webview();
    await view.locator('g.column[data-device]').first().waitFor();
    const devices = await view.locator('g.column[data-device]').evaluateAll((els) => els.map((e) => e.getAttribute('data-device')));
    assert.ok(devices.length >= 2, devices.join(','));
    await vscode.screenshot('written');

    // The checks ran on it (the status bar shows its peak card) and the Problems panel holds no DM finding.
    await vscode.tab('train.py').click();
    await vscode.page.locator('.statusbar-item', { hasText: /cuda:\d \d+\/24 GiB/ }).waitFor();
    const panel = vscode.page.locator('.markers-panel');
    for (let i = 0; i < 4 && !(await panel.isVisible()); i++) {
      await vscode.page.keyboard.press('Control+Shift+M');
      await panel.waitFor({ timeout: 2000 }).catch(() => undefined);
    }
    await panel.locator('.monaco-list, .message-box-container').first().waitFor();
    const rows = await panel.locator('.monaco-list-row:has(.marker-icon)').allInnerTexts();
    assert.deepEqual(
      rows.filter((r) => /DM0\d\d/.test(r)),
      [],
    );
  });

  test('the same answers again: a modal asks before train.py is overwritten; Escape keeps it', async () => {
    const file = join(vscode.workspace, 'train.py');
    const before = readFileSync(file, 'utf8');
    await vscode.page.keyboard.press('Control+J'); // give the quick input the keyboard back from the Problems panel
    await newSetup();
    await step(1, 'Built-in catalogue', 'Llama-2-7b-hf', 'Enter');
    await step(2, 'Presets', 'RTX 4090', 'Enter');
    await step(2, 'How many RTX 4090 24 GB cards?', undefined, 'Enter');
    await step(3, 'Full fine-tuning', undefined, 'ArrowDown', 'Enter');
    await step(4, 'device_map="sequential"', undefined, 'Enter');
    await step(5, 'One process', undefined, 'Enter');
    await step(6, 'JSON map file', undefined, 'Enter');
    await step(6, 'The workspace folder', undefined, 'Enter');
    const dialog = vscode.page.locator('.monaco-dialog-box');
    await dialog.waitFor();
    assert.match(await dialog.innerText(), /New Setup: train\.py already exists in .*\. Overwrite\?/);
    await vscode.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    assert.equal(readFileSync(file, 'utf8'), before);
  });
});
