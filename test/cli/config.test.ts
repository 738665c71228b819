/** `check` reads the nearest config file: it changes the verdict, flags beat it, problems are reported with path, line and key. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../helpers/cli';
import { REPO_ROOT } from '../helpers/fixtures';

const EX = join(REPO_ROOT, 'test/fixtures/analysis');

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dms-config-'));
  cpSync(join(EX, 'models'), join(dir, 'models'), { recursive: true });
  cpSync(join(EX, 'dm007_device_out_of_range.py'), join(dir, 'train.py'));
  mkdirSync(join(dir, 'sub'));
  writeFileSync(
    join(dir, 'sub', 'train.py'),
    readFileSync(join(EX, 'dm007_device_out_of_range.py'), 'utf8').replace('./models/', '../models/'),
  );
  return dir;
}

const codes = (stdout: string): string[][] =>
  (JSON.parse(stdout).files as Array<{ diagnostics: Array<{ code: string }> }>).map((f) => f.diagnostics.map((d) => d.code));

test('pyproject [tool.device-map-studio] gpus turn DM007 on; the nearest file wins; rules turn a code off', async () => {
  const dir = project();
  assert.deepEqual(codes((await cli(['check', 'train.py', 'sub/train.py', '--json'], dir)).stdout), [[], []]);
  writeFileSync(join(dir, 'pyproject.toml'), '[project]\nname = "p"\n\n[tool.device-map-studio]\ngpus = ["2x24GiB"]\n');
  const r = await cli(['check', 'train.py', 'sub/train.py', '--json'], dir);
  assert.equal(r.code, 1);
  assert.deepEqual(codes(r.stdout), [['DM007'], ['DM007']]);
  writeFileSync(join(dir, 'sub', 'device-map-studio.toml'), 'gpus = ["8x80GiB"]\n');
  assert.deepEqual(codes((await cli(['check', 'train.py', 'sub/train.py', '--json'], dir)).stdout), [['DM007'], []]);
  writeFileSync(join(dir, 'sub', 'device-map-studio.toml'), 'gpus = ["2x24GiB"]\n[rules]\nDM007 = "off"\n');
  assert.deepEqual(codes((await cli(['check', 'train.py', 'sub/train.py', '--json'], dir)).stdout), [['DM007'], []]);
});

test('--gpus on the command line wins over the file; --config FILE replaces the search', async () => {
  const dir = project();
  writeFileSync(join(dir, 'pyproject.toml'), '[tool.device-map-studio]\ngpus = ["2x24GiB"]\n');
  assert.deepEqual(codes((await cli(['check', 'train.py', '--gpus', '8x24GiB', '--json'], dir)).stdout), [[]]);
  writeFileSync(join(dir, 'other.toml'), 'gpus = ["8x24GiB"]\n');
  assert.deepEqual(codes((await cli(['check', 'train.py', '--config', 'other.toml', '--json'], dir)).stdout), [[]]);
});

test('exclude globs skip files', async () => {
  const dir = project();
  writeFileSync(join(dir, 'device-map-studio.toml'), 'gpus = ["2x24GiB"]\nexclude = ["sub/**"]\n');
  const r = await cli(['check', '.', '--json'], dir);
  const files = (JSON.parse(r.stdout).files as Array<{ path: string }>).map((f) => f.path).filter((p) => p.endsWith('.py'));
  assert.deepEqual(files, ['train.py']);
});

test('a malformed or unknown-key file is reported with path, line and key, and the checks go on with defaults', async () => {
  const dir = project();
  writeFileSync(join(dir, 'device-map-studio.toml'), 'gpus = ["2x24GiB"]\ngpu_count = 2\n');
  const r = await cli(['check', 'train.py', '--json'], dir);
  assert.match(
    r.stderr,
    new RegExp(
      `device-map: config: ${join(dir, 'device-map-studio.toml').replace(/[.\\]/g, '\\$&')}:2: gpu_count: unknown key .*; ignored`,
    ),
  );
  assert.deepEqual(codes(r.stdout), [['DM007']], 'the valid key still applies');
  writeFileSync(join(dir, 'device-map-studio.toml'), 'gpus = ["2x24GiB"\n');
  const bad = await cli(['check', 'train.py', '--json'], dir);
  assert.match(bad.stderr, /device-map-studio\.toml:\d+: malformed TOML .*using the defaults/);
  assert.deepEqual(codes(bad.stdout), [[]], 'defaults: no GPUs, so no DM007');
  assert.equal(bad.code, 0);
});
