/** The configuration file: parsing, problems with path/line/key, the precedence resolver, exclude globs. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseStudioConfig, resolveSettings, isExcluded, formatConfigProblem } from '../../../src/core/config/index';
import { GIB } from '../../../src/core/settings';

const PYPROJECT = `[project]
name = "x"

[tool.device-map-studio]
gpus = ["2x24GiB"]
transformers-version = 4
cpu-memory = 64
exclude = ["legacy/**"]

[tool.device-map-studio.estimate]
mode = "generate"
seq-length = 2048

[tool.device-map-studio.rules]
DM009 = "off"
DM015 = "error"

[tool.device-map-studio.models]
"meta-llama/Llama-2-7b-hf" = "ckpt/llama"
`;

test('pyproject table maps onto the settings', () => {
  const file = parseStudioConfig(PYPROJECT, '/repo/pyproject.toml', 'pyproject')!;
  assert.deepEqual(file.problems, []);
  const r = resolveSettings({ file });
  assert.equal(r.setup.gpus.length, 2);
  assert.equal(r.setup.gpus[0]!.memory, 24 * GIB);
  assert.equal(r.transformers, 4);
  assert.equal(r.setup.cpuMemory, 64 * GIB);
  assert.deepEqual(r.estimate, { mode: 'generate', batch: 1, seqLength: 2048, newTokens: 64 });
  assert.deepEqual(r.rules, { DM009: 'off', DM015: 'error' });
  assert.deepEqual(r.models, { 'meta-llama/Llama-2-7b-hf': '/repo/ckpt/llama' });
  assert.deepEqual(r.exclude, { base: '/repo', globs: ['legacy/**'] });
  assert.equal(r.sources.gpus, 'file');
  assert.equal(r.configPath, '/repo/pyproject.toml');
});

test('a pyproject without our table is not ours', () => {
  assert.equal(parseStudioConfig('[tool.ruff]\nline-length = 100\n', '/r/pyproject.toml', 'pyproject'), undefined);
});

test('explicit settings win over the file, the file over defaults; rules merge key by key', () => {
  const file = parseStudioConfig(PYPROJECT, '/repo/pyproject.toml', 'pyproject')!;
  const r = resolveSettings({ file, explicit: { gpus: ['h100-80'], rules: { DM015: 'off' } } });
  assert.equal(r.setup.gpus.length, 1);
  assert.equal(r.sources.gpus, 'explicit');
  assert.deepEqual(r.rules, { DM009: 'off', DM015: 'off' });
  assert.equal(r.transformers, 4, 'not set explicitly: the file applies');
  const none = resolveSettings({});
  assert.equal(none.transformers, 5);
  assert.equal(none.setup.gpus.length, 0);
  assert.equal(none.sources.gpus, 'default');
});

test('unknown keys and bad values are reported with path, line and key; the rest still applies', () => {
  const text = 'gpus = ["24GiB"]\ngpu = ["oops"]\n[estimate]\nbatch = 0\n[rules]\nDM009 = "loud"\n';
  const file = parseStudioConfig(text, '/w/device-map-studio.toml', 'standalone')!;
  assert.deepEqual(
    file.problems.map((p) => [p.line, p.key]),
    [
      [2, 'gpu'],
      [4, 'estimate.batch'],
      [6, 'rules.DM009'],
    ],
  );
  assert.match(formatConfigProblem(file.problems[0]!), /^\/w\/device-map-studio\.toml:2: gpu: unknown key .*; ignored$/);
  assert.match(formatConfigProblem(file.problems[1]!), /estimate\.batch: must be an integer ≥ 1; using the default$/);
  const r = resolveSettings({ file });
  assert.equal(r.setup.gpus.length, 1);
  assert.equal(r.estimate.batch, 1);
  assert.equal(r.problems.length, 3);
});

test('malformed TOML: one problem with its line, every setting at its default', () => {
  const file = parseStudioConfig('gpus = ["24GiB"]\nbatch = = 2\n', '/w/.device-map-studio.toml', 'standalone')!;
  assert.equal(file.problems.length, 1);
  assert.equal(file.problems[0]!.line, 2);
  assert.match(file.problems[0]!.message, /malformed TOML .*using the defaults/);
  assert.equal(resolveSettings({ file }).setup.gpus.length, 0);
});

test('exclude globs', () => {
  assert.ok(isExcluded('legacy/a/b.py', ['legacy/**']));
  assert.ok(isExcluded('src/build/x.py', ['build']));
  assert.ok(isExcluded('a/b/c.ipynb', ['*.ipynb']));
  assert.ok(isExcluded('a/gen_1.py', ['a/gen_?.py']));
  assert.ok(!isExcluded('src/legacy.py', ['legacy/**']));
  assert.ok(!isExcluded('a/b.py', ['*.ipynb']));
});
