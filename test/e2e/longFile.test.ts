// A long training script (over the 100,000-character line past which the Node build finds maps
// on a worker thread) in a real VS Code: its map's diagnostic reaches the Problems panel, and
// again after an edit at the top of the file.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { VsCodeSession } from './helpers/vscode';

const steps = Array.from(
  { length: 900 },
  (_, i) =>
    `def step_${i}(batch, model, optimizer):\n    loss = model(**batch).loss / ${(i % 7) + 1}\n    loss.backward()\n    optimizer.step()\n    return {"loss": loss}\n`,
).join('\n');
const LONG = `import torch\nfrom transformers import AutoModelForCausalLM\n\n${steps}\nmodel = AutoModelForCausalLM.from_pretrained("meta-llama/Llama-2-7b-hf", device_map="balance")\n`;
const vscode = new VsCodeSession({ name: 'long-file', prepare: (ws) => writeFileSync(join(ws, 'long_training_script.py'), LONG) });

describe('a long file in VS Code', { timeout: 240_000 }, () => {
  before(async () => {
    assert.ok(LONG.length > 100_000, `${LONG.length} characters`);
    await vscode.start();
  });
  after(async () => {
    await vscode.stop();
  });

  test('its map is checked, and checked again after an edit', async () => {
    try {
      await vscode.openFile('long_training_script.py', 'import torch');
      const lineOf = (rows: string[]): number | undefined => {
        const row = rows.find((r) => r.includes('DM008'));
        const m = row ? (/Ln (\d+)/.exec(row) ?? /(\d+),\s*\d+\)?\s*$/.exec(row)) : null;
        return m ? Number(m[1]) : undefined;
      };
      const rows = await vscode.problemRows('DM008');
      assert.ok(
        rows.some((r) => r.includes('DM008') && r.includes('balance')),
        rows.join('\n'),
      );
      const first = lineOf(rows);
      assert.ok(first !== undefined && first > 4000, `the finding sits at the end of the file: ${rows.join('\n')}`);
      // Type at the top: the map moves down a line; its finding must follow it, not vanish.
      await vscode.goTo({ line: 1, column: 1 });
      await vscode.page.keyboard.type('# edited\n');
      let moved: number | undefined;
      for (let i = 0; i < 40 && moved !== first + 1; i++) {
        await vscode.page.waitForTimeout(250);
        moved = lineOf(await vscode.problemRows('DM008'));
      }
      assert.equal(moved, first + 1, 'the diagnostic followed its map down one line');
      assert.doesNotMatch(vscode.extHostLog(), /device-map-studio[\s\S]{0,200}(failed|Error:)/i);
    } catch (err) {
      await vscode.screenshot('FAILED-long-file').catch(() => undefined);
      throw err;
    }
  });
});
