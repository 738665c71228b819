/** `device-map check --transformers 4|5`: a single-device map with a gap is an error only under transformers 4. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../helpers/cli';
import { REPO_ROOT } from '../helpers/fixtures';

const TINY_CONFIG = join(REPO_ROOT, 'test/fixtures/analysis/models/tiny-llama/config.json');

interface Report {
  files: Array<{ diagnostics: Array<{ code: string; severity: string; message: string }> }>;
}

function singleDeviceWithGap(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dms-major-'));
  mkdirSync(join(dir, 'ckpt'));
  writeFileSync(join(dir, 'ckpt', 'config.json'), readFileSync(TINY_CONFIG));
  writeFileSync(
    join(dir, 'load.py'),
    'from transformers import AutoModelForCausalLM\nm = AutoModelForCausalLM.from_pretrained("./ckpt", device_map={"model": 0})\n',
  );
  return dir;
}

test('--transformers 4: a single-device map that leaves lm_head out exits 1 with the 4.x ValueError', async () => {
  const dir = singleDeviceWithGap();
  const r = await cli(['check', 'load.py', '--transformers', '4', '--json'], dir);
  assert.equal(r.code, 1, r.stdout + r.stderr);
  const [d, ...rest] = (JSON.parse(r.stdout) as Report).files[0]!.diagnostics;
  assert.equal(rest.length, 0, r.stdout);
  assert.equal(d!.code, 'DM001');
  assert.equal(d!.severity, 'error');
  assert.match(d!.message, /ValueError: lm_head\.weight doesn't have any device set\./);
});

test('without the flag (transformers 5): the same file exits 0 with the DM018 warning', async () => {
  const dir = singleDeviceWithGap();
  const r = await cli(['check', 'load.py', '--json'], dir);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const diags = (JSON.parse(r.stdout) as Report).files[0]!.diagnostics;
  assert.deepEqual(
    diags.map((d) => [d.code, d.severity]),
    [['DM018', 'warning']],
  );
  const five = await cli(['check', 'load.py', '--transformers', '5'], dir);
  assert.equal(five.code, 0, five.stdout + five.stderr);
  assert.match(five.stdout, /warning DM018/);
});
