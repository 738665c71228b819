// One configuration, three faces: a pyproject.toml [tool.device-map-studio] table changes the
// verdict the same way in real VS Code (code-server), the CLI and the language server; an
// explicitly set VS Code setting wins over the file, as a CLI flag and a client setting do.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './helpers/paths';
import { VsCodeSession } from './helpers/vscode';
import { cli } from '../helpers/cli';
import { startClient } from '../node/lsp/client';
import { readFileSync } from 'node:fs';

const EX = join(ROOT, 'test/fixtures/analysis');
const source = mkdtempSync(join(tmpdir(), 'dms-config-ws-'));
cpSync(join(EX, 'models/tiny-llama'), join(source, 'models/tiny-llama'), { recursive: true });
cpSync(join(EX, 'dm007_device_out_of_range.py'), join(source, 'train.py'));
const TWO = '[project]\nname = "demo"\n\n[tool.device-map-studio]\ngpus = ["2x24GiB"]\n';
const EIGHT = TWO.replace('2x24GiB', '8x24GiB');
writeFileSync(join(source, 'pyproject.toml'), TWO);

let vscode: VsCodeSession;

async function cliCodes(ws: string, flags: string[] = []): Promise<string[]> {
  const r = await cli(['check', 'train.py', '--json', ...flags], ws, { ...process.env, HF_HUB_OFFLINE: '1' });
  return (JSON.parse(r.stdout).files[0].diagnostics as Array<{ code: string }>).map((d) => d.code);
}

async function lspCodes(ws: string, init: unknown = {}): Promise<string[]> {
  const c = await startClient(init);
  try {
    const uri = pathToFileURL(join(ws, 'train.py')).href;
    const published = c.nextDiagnostics(uri);
    c.rpc.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'python', version: 1, text: readFileSync(join(ws, 'train.py'), 'utf8') },
    });
    return (await published).diagnostics.map((d) => String(d.code));
  } finally {
    c.close();
  }
}

describe('the config file in VS Code, the CLI and the language server', { timeout: 240_000 }, () => {
  before(async () => {
    vscode = new VsCodeSession({ name: 'config-file', workspace: source });
    await vscode.start();
  });
  after(async () => {
    await vscode.stop();
  });

  test('pyproject gpus = 2 cards: DM007 everywhere; 8 cards: gone everywhere; an explicit VS Code setting wins', async () => {
    const ws = vscode.workspace;
    const editor = await vscode.openFile('train.py', 'device_map = {');
    await editor.locator('.squiggly-error').first().waitFor();
    const rows = await vscode.problemRows('DM007');
    assert.equal(rows.filter((r) => r.includes('DM007')).length, 1, rows.join('\n'));
    assert.deepEqual(await cliCodes(ws), ['DM007']);
    assert.deepEqual(await lspCodes(ws), ['DM007']);

    // The file now says eight cards: VS Code re-reads it (file watcher), the squiggle goes.
    writeFileSync(join(ws, 'pyproject.toml'), EIGHT);
    await editor.locator('.squiggly-error').first().waitFor({ state: 'detached', timeout: 20_000 });
    assert.deepEqual(await cliCodes(ws), []);
    assert.deepEqual(await lspCodes(ws), []);

    // An explicit workspace setting wins over the file in VS Code, as --gpus and a client's settings do elsewhere.
    mkdirSync(join(ws, '.vscode'), { recursive: true });
    writeFileSync(join(ws, '.vscode/settings.json'), JSON.stringify({ 'deviceMapStudio.gpus': ['2x24GiB'] }));
    await editor.locator('.squiggly-error').first().waitFor({ timeout: 20_000 });
    assert.deepEqual(await cliCodes(ws, ['--gpus', '2x24GiB']), ['DM007']);
    assert.deepEqual(await lspCodes(ws, { gpus: ['2x24GiB'] }), ['DM007']);
    await vscode.screenshot('config-file');
  });
});
