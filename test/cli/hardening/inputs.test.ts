/**
 * Issue 18, CLI inputs: positions from one line index (CR-only, CRLF and LF
 * files agree; many findings stay linear), a size limit with exit 2, and
 * special files (a FIFO named like a source file) refused without being opened.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../../helpers/cli';
import { MAX_SOURCE_BYTES } from '../../../src/core/base/limits';

const dir = (): string => mkdtempSync(join(tmpdir(), 'dms-in-'));

const LINES = [
  'from transformers import AutoModelForCausalLM',
  'device_map = {',
  '    "transformer.wte": 0,',
  '    "transformer.nope": 0,',
  '}',
  'AutoModelForCausalLM.from_pretrained("gpt2", device_map=device_map)',
  '',
];

for (const [label, eol] of [
  ['LF', '\n'],
  ['CRLF', '\r\n'],
  ['CR', '\r'],
] as const) {
  test(`check: ${label} line endings give the same line and column`, async () => {
    const d = dir();
    writeFileSync(join(d, 'x.py'), LINES.join(eol));
    const r = await cli(['check', 'x.py', '--json'], d);
    const diags = (JSON.parse(r.stdout) as { files: Array<{ diagnostics: Array<{ code: string; line: number; column: number }> }> })
      .files[0]!.diagnostics;
    const dm002 = diags.find((x) => x.code === 'DM002');
    assert.ok(dm002, r.stdout);
    assert.deepEqual({ line: dm002.line, column: dm002.column }, { line: 4, column: 5 });
  });
}

test('check: a file over the size limit exits 2 naming the limit, without analysing it', async () => {
  const d = dir();
  writeFileSync(join(d, 'huge_device_map.json'), `{"a": "${'x'.repeat(MAX_SOURCE_BYTES)}"}`);
  const r = await cli(['check', 'huge_device_map.json'], d);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /file size limit exceeded/);
});

test('check: a FIFO named x.py is refused, never opened (opening would block forever)', async () => {
  const d = dir();
  execFileSync('mkfifo', [join(d, 'x.py')]);
  const r = await cli(['check', 'x.py'], d);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /not a regular file/);
});

test('--model: a FIFO named config.json is refused, never opened', async () => {
  const d = dir();
  execFileSync('mkfifo', [join(d, 'config.json')]);
  const r = await cli(['sizes', '--model', 'config.json'], d);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /not a regular file/);
});
