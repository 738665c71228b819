/** The language server over real JSON-RPC: diagnostics with codes, completion, hover, code actions, lenses, settings, and bad requests. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, CompletionItem, Diagnostic, Hover } from 'vscode-languageserver';
import { REPO_ROOT } from '../../helpers/fixtures';
import { startClient } from './client';

const EX = join(REPO_ROOT, 'test/fixtures/analysis');
const DM007 = readFileSync(join(EX, 'dm007_device_out_of_range.py'), 'utf8');

function project(): { dir: string; uri: string } {
  const dir = mkdtempSync(join(tmpdir(), 'dms-lsp-'));
  cpSync(join(EX, 'models'), join(dir, 'models'), { recursive: true });
  writeFileSync(join(dir, 'train.py'), DM007);
  return { dir, uri: pathToFileURL(join(dir, 'train.py')).href };
}

const open = (uri: string, text = DM007) => ({ textDocument: { uri, languageId: 'python', version: 1, text } });

test('diagnostics carry the DM code, its page and related locations; settings from initializationOptions apply', async () => {
  const { uri } = project();
  const c = await startClient({ gpus: ['2x24GiB'] });
  try {
    const published = c.nextDiagnostics(uri);
    c.rpc.sendNotification('textDocument/didOpen', open(uri));
    const { diagnostics } = await published;
    assert.deepEqual(
      diagnostics.map((d: Diagnostic) => d.code),
      ['DM007'],
    );
    const d = diagnostics[0]!;
    assert.equal(d.source, 'Device Map Studio');
    assert.match(d.codeDescription!.href, /docs\/diagnostics\/DM007\.md$/);
    const line = DM007.split('\n').findIndex((l) => l.includes('"lm_head": 7'));
    assert.equal(d.range.start.line, line);
  } finally {
    c.close();
  }
});

test('the config file next to the document decides when the client sets nothing; an explicit client setting wins', async () => {
  const { dir, uri } = project();
  writeFileSync(join(dir, 'device-map-studio.toml'), 'gpus = ["2x24GiB"]\n');
  const c = await startClient({});
  try {
    const first = c.nextDiagnostics(uri);
    c.rpc.sendNotification('textDocument/didOpen', open(uri));
    assert.deepEqual(
      (await first).diagnostics.map((d: Diagnostic) => d.code),
      ['DM007'],
    );
  } finally {
    c.close();
  }
  const c2 = await startClient({}, null, { gpus: ['8x24GiB'] });
  try {
    const first = c2.nextDiagnostics(uri);
    c2.rpc.sendNotification('textDocument/didOpen', open(uri));
    // workspace/configuration answers 8 GPUs: index 7 is fine.
    let diags = (await first).diagnostics;
    if (diags.length > 0) diags = (await c2.nextDiagnostics(uri)).diagnostics;
    assert.deepEqual(
      diags.map((d: Diagnostic) => d.code),
      [],
    );
  } finally {
    c2.close();
  }
});

test('completion, hover, the ignore quick fix and CodeLens text answer', async () => {
  const { uri } = project();
  const c = await startClient({ gpus: ['2x24GiB'] });
  try {
    const published = c.nextDiagnostics(uri);
    c.rpc.sendNotification('textDocument/didOpen', open(uri));
    const { diagnostics } = await published;
    const lines = DM007.split('\n');
    const keyLine = lines.findIndex((l) => l.includes('"model.layers.2": 1'));
    const items = (await c.rpc.sendRequest('textDocument/completion', {
      textDocument: { uri },
      position: { line: keyLine, character: lines[keyLine]!.indexOf('1,') },
    })) as CompletionItem[];
    assert.ok(items.length > 0 && items.some((i) => /cuda|^\d$|cpu/.test(i.label)), JSON.stringify(items.map((i) => i.label)));
    const hover = (await c.rpc.sendRequest('textDocument/hover', {
      textDocument: { uri },
      position: { line: keyLine, character: lines[keyLine]!.indexOf('model.layers.2') + 3 },
    })) as Hover | null;
    assert.ok(hover && typeof hover.contents === 'object' && 'value' in hover.contents && hover.contents.value.length > 0);
    const d = diagnostics[0]!;
    const actions = (await c.rpc.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: d.range,
      context: { diagnostics },
    })) as CodeAction[];
    const ignore = actions.find((a) => a.title === 'Ignore DM007 on this line');
    assert.ok(ignore, JSON.stringify(actions.map((a) => a.title)));
    const edits = ignore.edit!.changes![uri]!;
    assert.equal(edits.length, 1);
    assert.equal(edits[0]!.newText, '  # device-map: ignore[DM007]');
    assert.deepEqual(
      ignore.diagnostics?.map((x) => x.code),
      ['DM007'],
    );
    const lenses = (await c.rpc.sendRequest('textDocument/codeLens', { textDocument: { uri } })) as Array<{ command: { title: string } }>;
    assert.ok(lenses.length > 0 && lenses.every((l) => l.command.title.length > 0));
  } finally {
    c.close();
  }
});

test("an action that only opens the editor's GPU setup (no edit) is not offered; the edits still are", async () => {
  const { dir } = project();
  const uri = pathToFileURL(join(dir, 'alternating.py')).href;
  const text = readFileSync(join(EX, 'dm009_alternating.py'), 'utf8');
  writeFileSync(join(dir, 'alternating.py'), text);
  const c = await startClient({});
  try {
    const published = c.nextDiagnostics(uri);
    c.rpc.sendNotification('textDocument/didOpen', open(uri, text));
    const { diagnostics } = await published;
    const d = diagnostics.find((x: Diagnostic) => x.code === 'DM009');
    assert.ok(d, JSON.stringify(diagnostics.map((x: Diagnostic) => x.code)));
    const actions = (await c.rpc.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: d.range,
      context: { diagnostics },
    })) as CodeAction[];
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes('Ignore DM009 on this line'), JSON.stringify(titles));
    assert.ok(!titles.includes('Set up the GPUs to get a rebalance'), JSON.stringify(titles));
    assert.ok(
      actions.every((a) => a.edit !== undefined),
      JSON.stringify(titles),
    );
  } finally {
    c.close();
  }
});

test('unknown documents, out-of-range positions and cancelled requests get LSP errors; the server keeps answering', async () => {
  const { uri } = project();
  const c = await startClient({});
  try {
    await assert.rejects(
      c.rpc.sendRequest('textDocument/hover', { textDocument: { uri: 'file:///nope.py' }, position: { line: 0, character: 0 } }),
      (e: { code: number; message: string }) => e.code === -32602 && /unknown document/.test(e.message),
    );
    const published = c.nextDiagnostics(uri);
    c.rpc.sendNotification('textDocument/didOpen', open(uri));
    await published;
    await assert.rejects(
      c.rpc.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 9999, character: 0 } }),
      (e: { code: number }) => e.code === -32602,
    );
    await assert.rejects(
      c.rpc.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: -1, character: 'x' } }),
      (e: { code: number }) => e.code === -32602,
    );
    await assert.rejects(
      c.rpc.sendRequest('textDocument/codeAction', {
        textDocument: { uri },
        range: { start: { line: 5, character: 0 }, end: { line: 1, character: 0 } },
        context: { diagnostics: [] },
      }),
      (e: { code: number }) => e.code === -32602,
    );
    // A cancelled request: the token is cancelled before the server answers.
    const { CancellationTokenSource } = await import('vscode-jsonrpc');
    const source = new CancellationTokenSource();
    const pending = c.rpc.sendRequest(
      'textDocument/completion',
      { textDocument: { uri }, position: { line: 0, character: 0 } },
      source.token,
    );
    source.cancel();
    await assert.rejects(pending, (e: { code: number }) => e.code === -32800);
    // Still alive: a normal request answers.
    const hover = await c.rpc.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } });
    assert.equal(hover, null);
  } finally {
    c.close();
  }
});
