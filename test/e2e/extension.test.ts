// The extension in a real VS Code (code-server 4.100.3 = VS Code 1.100.3), on the examples/
// workspace: activation, diagnostics in the Problems panel, completion, hover, quick fix + undo,
// the layout panel. One server for the whole file; screenshots go to test-results/.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { VsCodeSession } from './helpers/vscode';

const vscode = new VsCodeSession({ name: 'extension' });

/** On failure, leave a screenshot next to the others. */
async function check(name: string, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (err) {
    await vscode.screenshot(`FAILED-${name}`).catch(() => undefined);
    throw err;
  }
}

describe('Device Map Studio in VS Code', { timeout: 240_000 }, () => {
  before(async () => {
    await vscode.start();
  });
  after(async () => {
    await vscode.stop();
  });

  test('activates when a Python file opens (not before)', () =>
    check('activate', async () => {
      assert.doesNotMatch(vscode.extHostLog(), /activating.*device-map-studio|device-map-studio\.device-map-studio.*activationEvent/i,
        'nothing of ours may run before a Python/JSON document is open');
      await vscode.openFile('qlora_llama2_13b_2x24gb.py', 'BitsAndBytesConfig');
      let log = '';
      for (let i = 0; i < 300 && !/device-map-studio\.device-map-studio/.test(log); i++) {
        await new Promise((r) => setTimeout(r, 100));
        log = vscode.extHostLog();
      }
      const line = log.split('\n').find((l) => /ExtensionService#_doActivateExtension device-map-studio\.device-map-studio/.test(l));
      assert.ok(line, `no activation of device-map-studio in the extension-host log:\n${log.slice(-2000)}`);
      assert.match(line!, /onLanguage:python/);
      assert.doesNotMatch(log, /Activating extension 'device-map-studio\.device-map-studio' failed/);
    }));

  test('diagnostics appear in the Problems panel with their DM codes', () =>
    check('diagnostics', async () => {
      const editor = await vscode.openFile('diagnostics/DM008_unknown_strategy.py', 'device_map="balance"');
      await editor.locator('.squiggly-error').first().waitFor();
      const rows = await vscode.problemRows('DM008');
      const row = rows.find((r) => r.includes('DM008'));
      assert.ok(row, rows.join('\n'));
      assert.match(row!, /balance/);
      assert.match(row!, /Device Map Studio/);
      // A check that needs the model's module tree (resolved offline from the catalogue / local config).
      await vscode.openFile('diagnostics/DM001_missing_module.py', 'device_map = {');
      const dm001 = (await vscode.problemRows('DM001')).find((r) => r.includes('DM001'));
      assert.match(dm001 ?? '', /lm_head/);
      await vscode.screenshot('diagnostics');
    }));

  test('the status bar shows the busiest card of the map', () =>
    check('status-bar', async () => {
      await vscode.openFile('qlora_llama2_13b_2x24gb.py', 'BitsAndBytesConfig');
      const item = vscode.page.locator('.statusbar-item', { hasText: /cuda:\d+ [\d.]+\/[\d.]+ GiB/ });
      await item.waitFor();
      const text = await item.innerText();
      // 13B in 4-bit over two cards: each card holds a few GiB, far below 24.
      const [, used, cap] = /([\d.]+)\/([\d.]+) GiB/.exec(text)!;
      assert.ok(Number(used) > 2 && Number(used) < 12, text);
      assert.equal(Number(cap), 24);
    }));
});
