// ms-swift scripts and YAML training configs in a real VS Code (code-server), on a copy of examples/:
// the extension wakes for a shell script, the verdict appears at the key inside the quotes, hover
// answers there, and an axolotl config's strategy typo is flagged at its value.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { VsCodeSession } from './helpers/vscode';

// Llama-3.2-1B (16 layers, from examples/models): layer 0's mlp on card 1, the rest of layer 0 on card 0.
const layers = Array.from({ length: 15 }, (_, i) => `"model.layers.${i + 1}": 1`).join(', ');
const SWIFT = [
  '#!/bin/bash',
  'CUDA_VISIBLE_DEVICES=0,1 \\',
  'swift sft \\',
  '    --model meta-llama/Llama-3.2-1B \\',
  '    --torch_dtype bfloat16 \\',
  `    --device_map '{"model.embed_tokens": 0, "model.rotary_emb": 0, "model.layers.0.self_attn": 0,`,
  `                   "model.layers.0.input_layernorm": 0, "model.layers.0.post_attention_layernorm": 0,`,
  `                   "model.layers.0.mlp": 1, ${layers}, "model.norm": 1, "lm_head": 0}' \\`,
  '    --output_dir output',
  '',
].join('\n');
const AXOLOTL =
  'base_model: meta-llama/Llama-3.2-1B\nadapter: qlora\nload_in_4bit: true\nbf16: auto\ndevice_map: balance\nmicro_batch_size: 2\n';

const vscode = new VsCodeSession({
  name: 'places',
  prepare: (ws) => {
    writeFileSync(join(ws, 'swift_split_generated.sh'), SWIFT);
    writeFileSync(join(ws, 'axolotl_typo_generated.yml'), AXOLOTL);
  },
});

async function check(name: string, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (err) {
    await vscode.screenshot(`FAILED-${name}`).catch(() => undefined);
    throw err;
  }
}

describe('ms-swift scripts and YAML configs in VS Code', { timeout: 240_000 }, () => {
  before(async () => {
    await vscode.start();
  });
  after(async () => {
    await vscode.stop();
  });

  test('a shell script wakes the extension; the split layer is flagged inside the quotes and hover answers there', () =>
    check('swift', async () => {
      const file = 'swift_split_generated.sh';
      const editor = await vscode.openFile(file, 'swift sft');
      await editor.locator('.squiggly-error').first().waitFor();
      const rows = await vscode.problemRows('DM003');
      const row = rows.find((r) => r.includes('DM003'));
      assert.ok(row, rows.join('\n'));
      assert.match(row!, /layer 0 \(model\.layers\.0\) is split/);
      const where = vscode.locate(file, '"model.layers.0.self_attn"');
      assert.ok(row!.includes(`[Ln ${where.line}, Col ${where.column}]`), row);
      assert.match(
        vscode.extHostLog(),
        /device-map-studio\.device-map-studio.*onLanguage:shellscript|onLanguage:shellscript.*device-map-studio/,
      );
      await vscode.goTo(vscode.locate(file, '"model.layers.3"', 3));
      await vscode.command('Show or Focus Hover');
      const hover = vscode.page.locator('.monaco-hover:not(.hidden)').first();
      await hover.waitFor();
      assert.match((await hover.innerText()).replace(/\s+/g, ' '), /LlamaDecoderLayer/);
      await vscode.page.keyboard.press('Escape');
      await vscode.screenshot('swift-script');
    }));

  test("an axolotl config's strategy typo is flagged at its value with transformers' text", () =>
    check('axolotl', async () => {
      const file = 'axolotl_typo_generated.yml';
      const editor = await vscode.openFile(file, 'device_map: balance');
      await editor.locator('.squiggly-error').first().waitFor();
      const rows = await vscode.problemRows('DM008');
      const row = rows.find((r) => r.includes('DM008'));
      assert.ok(row, rows.join('\n'));
      assert.match(row!, /Did you mean "balanced"/);
      const where = vscode.locate(file, 'balance\n');
      assert.ok(row!.includes(`[Ln ${where.line}, Col ${where.column}]`), row);
      await vscode.screenshot('axolotl-config');
    }));
});
