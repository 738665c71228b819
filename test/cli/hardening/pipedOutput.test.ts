/**
 * Issue 18, "Output lost": the built CLI writes a multi-megabyte answer into a
 * real pipe and every byte arrives, with the exit code the command returned.
 * (Before the fix `process.exit` right after writing cut it at 64 KiB.)
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../../helpers/fixtures';

before(() => {
  const b = spawnSync(process.execPath, ['esbuild.mjs', 'cli'], { cwd: REPO_ROOT, encoding: 'utf8' });
  assert.equal(b.status, 0, b.stderr);
});

/** A device map of gpt2 with `n` out-of-range layer keys: one DM002 finding each, a big JSON answer. */
function bigMap(n: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'dms-pipe-'));
  const entries = Array.from({ length: n }, (_, i) => `  "transformer.h.${100 + i}": "cpu"`);
  const file = join(dir, 'big_device_map.json');
  writeFileSync(file, `{\n${entries.join(',\n')}\n}\n`);
  return file;
}

/** Runs the CLI with stdout connected to a pipe read in chunks (as `| jq` would), returns bytes and exit code. */
function throughPipe(argv: string[]): Promise<{ code: number | null; out: Buffer; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'bin/device-map.js'), ...argv], { stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let err = '';
    // Read slowly at first, so the pipe fills while the CLI is trying to exit.
    child.stdout.pause();
    setTimeout(() => child.stdout.resume(), 300);
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out: Buffer.concat(chunks), err }));
  });
}

test('check --json piped: a multi-MB answer arrives whole and parses, exit code kept', async () => {
  const file = bigMap(4000);
  const r = await throughPipe(['check', file, '--model', 'gpt2', '--json']);
  assert.ok(r.out.length > 1_000_000, `only ${r.out.length} bytes arrived (stderr: ${r.err})`);
  const report = JSON.parse(r.out.toString('utf8')) as { files: Array<{ diagnostics: Array<{ code: string; severity: string }> }> };
  const diags = report.files[0]!.diagnostics;
  assert.equal(diags.filter((d) => d.code === 'DM002').length, 4000);
  assert.equal(r.code, diags.some((d) => d.severity === 'error') ? 1 : 0);
});

test('usage errors still exit 2 with their one line on stderr', async () => {
  const r = await throughPipe(['check']);
  assert.equal(r.code, 2);
  assert.match(r.err, /no files given/);
});
