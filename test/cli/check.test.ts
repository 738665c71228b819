/** `device-map check`: the editor's verdicts on the command line, JSON shape, exit codes, relative model paths. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../helpers/cli';
import { REPO_ROOT } from '../helpers/fixtures';

const EX = join(REPO_ROOT, 'test/fixtures/analysis');

interface Report {
  files: Array<{
    path: string;
    diagnostics: Array<{
      code: string;
      codeDescription?: { href: string };
      severity: string;
      line: number;
      column: number;
      message: string;
    }>;
  }>;
}

test('an error finding exits 1 and the JSON names code, severity, 1-based line and column', async () => {
  const r = await cli(['check', 'dm001_missing_lm_head.py', '--gpus', '2x24GiB', '--json'], EX);
  assert.equal(r.code, 1, r.stderr);
  const report = JSON.parse(r.stdout) as Report;
  assert.equal(report.files.length, 1);
  const [d] = report.files[0]!.diagnostics;
  assert.equal(d!.code, 'DM001');
  assert.equal(d!.severity, 'error');
  // The dict opens on the line after "# expect" + imports; find it in the file to check line/column exactly.
  const lines = readFileSync(join(EX, 'dm001_missing_lm_head.py'), 'utf8').split('\n');
  const line = lines.findIndex((l) => l.startsWith('device_map = {')) + 1;
  assert.equal(d!.line, line);
  assert.equal(d!.column, 'device_map = '.length + 1);
  assert.match(d!.message, /lm_head\.weight/);
  // LSP's codeDescription: the code's own generated page, under package.json's repository URL.
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { repository: { url: string } };
  assert.deepEqual(d!.codeDescription, { href: `${pkg.repository.url}/blob/main/docs/diagnostics/DM001.md` });
});

test('warnings only exit 0; clean files exit 0 with no diagnostics', async () => {
  const warn = await cli(['check', 'dm009_alternating.py', '--json'], EX);
  assert.equal(warn.code, 0, warn.stderr);
  assert.deepEqual(
    (JSON.parse(warn.stdout) as Report).files[0]!.diagnostics.map((d) => d.code),
    ['DM009'],
  );
  const clean = await cli(['check', 'dm017_ok_one_style.py', 'dm001_ok_rotary_missing.py', '--gpus', '2x24GiB', '--json'], EX);
  assert.equal(clean.code, 0);
  assert.deepEqual(
    (JSON.parse(clean.stdout) as Report).files.map((f) => f.diagnostics.length),
    [0, 0],
  );
});

test('--gpus turns on the index and capacity checks', async () => {
  const without = await cli(['check', 'dm007_device_out_of_range.py', '--json'], EX);
  assert.equal(without.code, 0);
  const withGpus = await cli(['check', 'dm007_device_out_of_range.py', '--gpus', '2x24GiB', '--json'], EX);
  assert.equal(withGpus.code, 1);
  assert.deepEqual(
    (JSON.parse(withGpus.stdout) as Report).files[0]!.diagnostics.map((d) => d.code),
    ['DM007'],
  );
  const over = await cli(['check', 'dm011_over_capacity.py', '--gpus', '2x16GiB'], EX);
  assert.equal(over.code, 1);
  assert.match(over.stdout, /dm011_over_capacity\.py:\d+:\d+: error DM011 cuda:0 needs about/);
});

test('relative model paths resolve against the file folder, not the working directory', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dms-check-'));
  mkdirSync(join(dir, 'sub', 'ckpt'), { recursive: true });
  writeFileSync(join(dir, 'sub', 'ckpt', 'config.json'), readFileSync(join(EX, 'models/tiny-llama/config.json')));
  writeFileSync(
    join(dir, 'sub', 'train.py'),
    'from transformers import AutoModelForCausalLM\nm = AutoModelForCausalLM.from_pretrained("./ckpt", device_map={"model": 0, "lm_head": 1, "model.layers.9": 1})\n',
  );
  const r = await cli(['check', join('sub', 'train.py'), '--json'], dir);
  const codes = (JSON.parse(r.stdout) as Report).files[0]!.diagnostics.map((d) => d.code);
  assert.deepEqual(codes, ['DM002'], r.stdout);
});

test('an unresolved model is an info finding, not a failure', async () => {
  const r = await cli(['check', 'dm016_model_not_found.py', '--json'], EX);
  assert.equal(r.code, 0);
  const d = (JSON.parse(r.stdout) as Report).files[0]!.diagnostics;
  assert.deepEqual(
    d.map((x) => [x.code, x.severity]),
    [['DM016', 'info']],
  );
  // CI users are told about the CLI's own flags, never a VS Code setting.
  assert.doesNotMatch(d[0]!.message, /deviceMapStudio|setting/, d[0]!.message);
});

test("a JSON map that names no model: the DM016 hint is the CLI's, not a VS Code setting", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dms-check-nomodel-'));
  writeFileSync(join(dir, 'device_map.json'), '{"model.embed_tokens": 0, "model.layers.0": 1, "lm_head": 1}\n');
  const r = await cli(['check', 'device_map.json', '--json'], dir);
  const d = (JSON.parse(r.stdout) as Report).files[0]!.diagnostics;
  assert.deepEqual(
    d.map((x) => x.code),
    ['DM016'],
    r.stdout,
  );
  assert.doesNotMatch(d[0]!.message, /deviceMapStudio|setting/, d[0]!.message);
  assert.match(d[0]!.message, /--model/, d[0]!.message);
});

test('bad input exits 2 with one line', async () => {
  assert.equal((await cli(['check'], EX)).code, 2);
  const missing = await cli(['check', 'nope.py'], EX);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /cannot read nope\.py/);
  const badGpus = await cli(['check', 'dm001_missing_lm_head.py', '--gpus', '2xlots'], EX);
  assert.equal(badGpus.code, 2);
  assert.equal(badGpus.stderr.split('\n').length, 1);
});

test('Hub ids resolve offline from the built-in catalogue', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dms-check-hub-'));
  writeFileSync(
    join(dir, 'load.py'),
    'from transformers import AutoModelForCausalLM\nm = AutoModelForCausalLM.from_pretrained("meta-llama/Llama-2-7b-hf", device_map={"model.embed_tokens": 0, "model.layers": 0, "model.norm": 1})\n',
  );
  const r = await cli(['check', 'load.py', '--json'], dir, { HF_HUB_OFFLINE: '1', HF_HOME: join(dir, 'hf') });
  const d = (JSON.parse(r.stdout) as Report).files[0]!.diagnostics;
  assert.deepEqual(
    d.map((x) => x.code),
    ['DM001'],
  );
  assert.match(d[0]!.message, /lm_head\.weight/);
  assert.equal(r.code, 1);
});

test('a file that hands its map to dispatch_model positionally is checked (the editor uses the same pre-filter)', async () => {
  const dir = join(REPO_ROOT, 'test/fixtures/prefilter');
  const r = await cli(['check', 'dispatch_only.py', '--json'], dir);
  assert.equal(r.code, 1, r.stderr);
  const codes = (JSON.parse(r.stdout) as Report).files[0]!.diagnostics.map((d) => d.code);
  assert.ok(codes.includes('DM006'), codes.join(', '));
});
