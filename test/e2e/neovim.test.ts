/**
 * A real LSP client nobody here wrote: Debian's Neovim, headless, its built-in
 * vim.lsp running `device-map lsp --stdio` (the built bin) on a Python file
 * with a broken map. Diagnostics with DM codes appear; completion and hover answer.
 * Needs `nvim` (scripts/setup-e2e.sh installs Debian's neovim) and a built dist/cli.js.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/fixtures';

const EX = join(REPO_ROOT, 'test/fixtures/analysis');

test('Neovim shows DM codes from device-map lsp --stdio and gets completion and hover', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dms-nvim-'));
  cpSync(join(EX, 'models'), join(dir, 'models'), { recursive: true });
  const text = readFileSync(join(EX, 'dm007_device_out_of_range.py'), 'utf8');
  writeFileSync(join(dir, 'train.py'), text);
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes('"model.layers.2": 1'));
  const out = join(dir, 'result.json');
  const r = spawnSync('nvim', ['--headless', '--clean', '-c', `luafile ${join(REPO_ROOT, 'test/e2e/neovim/lsp_check.lua')}`], {
    env: {
      ...process.env,
      DMS_FILE: join(dir, 'train.py'),
      DMS_OUT: out,
      DMS_LINE: String(line),
      DMS_COL: String(lines[line]!.indexOf('1,')),
      DMS_NODE: process.execPath,
      DMS_BIN: join(REPO_ROOT, 'bin/device-map.js'),
      HF_HUB_OFFLINE: '1',
    },
    encoding: 'utf8',
    timeout: 90_000,
  });
  assert.equal(r.error, undefined, `nvim did not run: ${r.error?.message} (install Debian's neovim: scripts/setup-e2e.sh)`);
  const seen = JSON.parse(readFileSync(out, 'utf8')) as {
    diagnostics: Array<{ code: string; lnum: number; source: string }>;
    completion: string[];
    hover: string;
    errors: string[];
  };
  assert.deepEqual(seen.errors, []);
  assert.deepEqual(
    seen.diagnostics.map((d) => d.code),
    ['DM007'],
    JSON.stringify(seen),
  );
  assert.equal(
    seen.diagnostics[0]!.lnum,
    lines.findIndex((l) => l.includes('"lm_head": 7')),
  );
  assert.equal(seen.diagnostics[0]!.source, 'Device Map Studio');
  assert.ok(seen.completion.length > 0, 'completion answered with items');
  assert.match(seen.hover, /\S/, 'hover answered with text');
});
