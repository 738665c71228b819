/** The language server on ms-swift scripts and YAML configs: diagnostics at the key inside the quotes, completion and hover there. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CompletionItem, CompletionList, Diagnostic, Hover } from 'vscode-languageserver';
import { REPO_ROOT } from '../../helpers/fixtures';
import { startClient } from './client';

const EX = join(REPO_ROOT, 'test/fixtures/analysis');

function file(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'dms-lsp-places-'));
  cpSync(join(EX, 'models'), join(dir, 'models'), { recursive: true });
  writeFileSync(join(dir, name), text);
  return pathToFileURL(join(dir, name)).href;
}

/** 0-based line and character of `needle` (plus `shift` characters). */
function pos(text: string, needle: string, shift = 0) {
  const at = text.indexOf(needle) + shift;
  const before = text.slice(0, at).split('\n');
  return { line: before.length - 1, character: before[before.length - 1]!.length };
}

test('an ms-swift script: DM003 on the key inside the quotes; completion and hover there', async () => {
  const sh = readFileSync(join(EX, 'dm003_swift_split_block.sh'), 'utf8');
  const uri = file('train.sh', sh);
  const c = await startClient({ gpus: ['2x24GiB'] });
  try {
    const published = c.nextDiagnostics(uri);
    c.rpc.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'shellscript', version: 1, text: sh } });
    const diags = (await published).diagnostics.filter((d: Diagnostic) => d.code === 'DM003');
    assert.equal(diags.length, 1);
    assert.deepEqual(diags[0]!.range.start, pos(sh, '"model.layers.1.self_attn"'));
    const hover = (await c.rpc.sendRequest('textDocument/hover', {
      textDocument: { uri },
      position: pos(sh, '"model.layers.0"', 3),
    })) as Hover;
    assert.match(JSON.stringify(hover.contents), /LlamaDecoderLayer/);
    const items = (await c.rpc.sendRequest('textDocument/completion', {
      textDocument: { uri },
      position: pos(sh, '"model.layers.2"', 1),
    })) as CompletionItem[] | CompletionList;
    const list = Array.isArray(items) ? items : items.items;
    assert.ok(
      list.some((i) => i.label === 'model.layers.1'),
      list.map((i) => i.label).join(', '),
    );
  } finally {
    c.close();
  }
});

test("an axolotl YAML: the strategy typo at its value, with transformers' text", async () => {
  const yml = readFileSync(join(EX, 'dm008_axolotl_strategy_typo.yaml'), 'utf8');
  const uri = file('qlora.yml', yml);
  const c = await startClient({ gpus: ['2x24GiB'] });
  try {
    const published = c.nextDiagnostics(uri);
    c.rpc.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: yml } });
    const d = (await published).diagnostics.find((x: Diagnostic) => x.code === 'DM008')!;
    assert.deepEqual(d.range.start, pos(yml, 'balance\n'));
    assert.match(typeof d.message === 'string' ? d.message : d.message.value, /When passing device_map as a string/);
  } finally {
    c.close();
  }
});
