// The web extension (the manifest's `browser` entry, dist/web/extension.js) in VS Code's
// web-worker extension host, as vscode.dev runs it: `remote.extensionKind` forces the web host,
// so nothing of the Node build can help. Diagnostics come with models from the built-in catalogue.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { VsCodeSession } from './helpers/vscode';

/** Issue 18's 253-byte comprehension: seconds of engine work, which must not run on the web host's thread. */
const HOSTILE =
  'from transformers import AutoModelForCausalLM\n' +
  'device_map = {f"x.{i}.{j}": 0 for i in range(20000) for j in range(20000)}\n' +
  'm = AutoModelForCausalLM.from_pretrained("gpt2", device_map=device_map)\n';

const vscode = new VsCodeSession({
  name: 'web',
  settings: { 'remote.extensionKind': { 'device-map-studio.device-map-studio': ['web'] } },
  prepare: (ws) => writeFileSync(join(ws, 'hostile_web.py'), HOSTILE),
});

describe('web extension host', { timeout: 180_000 }, () => {
  before(() => vscode.start());
  after(() => vscode.stop());

  test('runs in the browser worker, not the Node extension host, and reports diagnostics', async () => {
    const editor = await vscode.openFile('diagnostics/DM008_unknown_strategy.py', 'device_map="balance"');
    await editor.locator('.squiggly-error').first().waitFor();
    assert.ok((await vscode.problemRows('DM008')).some((r) => r.includes('DM008')));
    // A check that needs the module tree: Llama-2-7B from the built-in catalogue (no files read).
    const dm001 = await vscode.openFile('diagnostics/DM001_missing_module.py', 'device_map = {');
    await dm001.locator('.squiggly-error').first().waitFor();
    assert.ok((await vscode.problemRows('DM001')).some((r) => r.includes('lm_head')));
    // The Node extension host never activated us (it may still list the extension among those
    // it knows of, depending on when it read the extensionKind setting: only activation counts).
    assert.doesNotMatch(vscode.extHostLog(), /_doActivateExtension device-map-studio\.device-map-studio/);
    assert.match(vscode.extHostLog(), /_doActivateExtension vscode\./, 'the log being read is the live Node host log');
    await vscode.screenshot('web-host');
  });

  test('analyses run in a Web Worker of their own, not on the web extension host', async () => {
    const editor = await vscode.openFile('hostile_web.py', 'device_map = {f');
    await editor.locator('.squiggly-warning, .squiggly-error').first().waitFor({ timeout: 120_000 });
    assert.ok((await vscode.problemRows('DM002')).some((r) => r.includes('x.0.0')));
    // The extension's log (Device Map Studio: Show Log) says where its analyses ran: the Web Worker
    // answered them (src/extension/finder/workerLog.ts), the extension host did not fall back.
    await vscode.command('Device Map Studio: Show Log');
    const output = vscode.page.locator('.part.panel .view-lines');
    await output.filter({ hasText: 'analyses run on a Web Worker, off the extension host' }).first().waitFor();
    assert.doesNotMatch((await output.first().innerText()).replace(/\s+/g, ' '), /analysis worker stopped/);
  });
});
