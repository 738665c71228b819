/** `device-map check` for CI: SARIF (validated against the official 2.1.0 schema), GitHub annotations, exit policy, folders, globs, --version, stdin. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../helpers/cli';
import { REPO_ROOT } from '../helpers/fixtures';
import { sarifValidator } from '../helpers/sarif';
import { runCli } from '../../src/cli/main';
import { RULES } from '../../src/core/index';

const EX = join(REPO_ROOT, 'test/fixtures/analysis');

test('SARIF output validates against the SARIF 2.1.0 schema, with a rule per code and physical locations', async () => {
  const r = await cli(
    [
      'check',
      'dm007_device_out_of_range.py',
      'dm009_alternating.py',
      'dm005_tied_split.py',
      '--gpus',
      '2x24GiB',
      '--output-format',
      'sarif',
    ],
    EX,
  );
  assert.equal(r.code, 1, r.stderr);
  const log = JSON.parse(r.stdout) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const validate = sarifValidator();
  assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
  const run = log.runs[0];
  const ids = run.tool.driver.rules.map((x: { id: string }) => x.id);
  for (let i = 1; i <= 18; i++) assert.ok(ids.includes(`DM0${String(i).padStart(2, '0')}`));
  const dm007 = run.tool.driver.rules.find((x: { id: string }) => x.id === 'DM007');
  assert.equal(dm007.helpUri, 'https://github.com/device-map-studio/device-map-studio/blob/main/docs/diagnostics/DM007.md');
  // The rules are the rule units (one owner): every code and tag, its title, its level and its page.
  for (const unit of RULES) {
    const rule = run.tool.driver.rules.find((x: { id: string }) => x.id === unit.code);
    assert.ok(rule, unit.code);
    assert.equal(rule.shortDescription.text, unit.title, unit.code);
    assert.equal(
      rule.defaultConfiguration.level,
      unit.severity === 'error' ? 'error' : unit.severity === 'warning' ? 'warning' : 'note',
      unit.code,
    );
    assert.equal(
      rule.helpUri,
      `https://github.com/device-map-studio/device-map-studio/blob/main/docs/diagnostics/${unit.code}.md`,
      unit.code,
    );
  }
  const res = run.results.find((x: { ruleId: string }) => x.ruleId === 'DM007');
  assert.equal(res.level, 'error');
  assert.equal(run.tool.driver.rules[res.ruleIndex].id, 'DM007');
  const loc = res.locations[0].physicalLocation;
  assert.equal(loc.artifactLocation.uri, 'dm007_device_out_of_range.py');
  const line =
    readFileSync(join(EX, 'dm007_device_out_of_range.py'), 'utf8')
      .split('\n')
      .findIndex((l) => l.includes('"lm_head": 7')) + 1;
  assert.equal(loc.region.startLine, line);
  assert.ok(
    run.results.some(
      (x: { ruleId: string; relatedLocations?: unknown[] }) => x.ruleId === 'DM005' && (x.relatedLocations?.length ?? 0) > 0,
    ),
  );
  // An invalid log is caught by the same validator (the test can fail).
  assert.equal(validate({ ...log, version: '2.0.0' }), false);
});

test('GitHub output is one ::error / ::warning workflow command per finding', async () => {
  const r = await cli(
    ['check', 'dm007_device_out_of_range.py', 'dm009_alternating.py', '--gpus', '2x24GiB', '--output-format', 'github'],
    EX,
  );
  const lines = r.stdout.split('\n');
  assert.equal(lines.length, 2, r.stdout);
  assert.match(lines[0]!, /^::error file=dm007_device_out_of_range\.py,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=DM007::DM007 /);
  assert.match(lines[1]!, /^::warning file=dm009_alternating\.py,line=\d+,col=\d+,.*title=DM009::DM009 /);
});

test('--fail-on warning, --exit-zero and --quiet', async () => {
  assert.equal((await cli(['check', 'dm009_alternating.py'], EX)).code, 0);
  assert.equal((await cli(['check', 'dm009_alternating.py', '--fail-on', 'warning'], EX)).code, 1);
  const zero = await cli(['check', 'dm007_device_out_of_range.py', '--gpus', '2x24GiB', '--exit-zero'], EX);
  assert.equal(zero.code, 0);
  assert.match(zero.stdout, /DM007/);
  const quiet = await cli(['check', 'dm009_alternating.py', '--quiet'], EX);
  assert.doesNotMatch(quiet.stdout, /checked/);
  assert.match(quiet.stdout, /DM009/);
  assert.equal((await cli(['check', 'x.py', '--fail-on', 'info'], EX)).code, 2);
  assert.equal((await cli(['check', 'x.py', '--output-format', 'xml'], EX)).code, 2);
});

test('--version prints the package version', async () => {
  const r = await cli(['--version']);
  assert.equal(r.code, 0);
  const { version } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
  assert.equal(r.stdout, `device-map ${version}`);
});

test('folders are walked (skipping node_modules, .git and virtual environments) and globs expand', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dms-walk-'));
  cpSync(join(EX, 'models'), join(dir, 'proj', 'models'), { recursive: true });
  for (const sub of ['proj', 'proj/node_modules/pkg', 'proj/.git', 'proj/env', 'proj/deep/er'])
    mkdirSync(join(dir, sub), { recursive: true });
  writeFileSync(join(dir, 'proj/env/pyvenv.cfg'), 'home = /usr\n');
  const bad = readFileSync(join(EX, 'dm009_alternating.py'), 'utf8');
  for (const p of ['proj/a.py', 'proj/node_modules/pkg/b.py', 'proj/.git/c.py', 'proj/env/d.py']) writeFileSync(join(dir, p), bad);
  writeFileSync(join(dir, 'proj/deep/er/e.py'), bad.replace('./models/tiny-llama', '../../models/tiny-llama'));
  writeFileSync(join(dir, 'proj/notes.txt'), 'device_map');
  const r = await cli(['check', 'proj', '--output-format', 'json'], dir);
  const paths = JSON.parse(r.stdout).files.map((f: { path: string }) => f.path) as string[];
  assert.deepEqual(
    paths.filter((p) => p.endsWith('.py')),
    ['proj/a.py', 'proj/deep/er/e.py'],
  );
  assert.ok(paths.includes('proj/models/tiny-llama/config.json'), 'JSON files are checked too');
  const g = await cli(['check', 'proj/**/e.py', '--output-format', 'json'], dir);
  assert.deepEqual(
    JSON.parse(g.stdout).files.map((f: { path: string }) => f.path),
    ['proj/deep/er/e.py'],
  );
  // The examples folder of this repository (issue 10: it used to fail with EISDIR).
  const ex = await cli(['check', 'examples/', '--quiet', '--exit-zero']);
  assert.equal(ex.code, 0, ex.stderr);
  assert.doesNotMatch(ex.stderr, /EISDIR/);
});

test('--stdin-filename checks standard input as that file', async () => {
  const text = readFileSync(join(EX, 'dm007_device_out_of_range.py'), 'utf8');
  const out: string[] = [];
  const code = await runCli(['check', '--stdin-filename', 'dm007_device_out_of_range.py', '--gpus', '2x24GiB'], {
    out: (t) => out.push(t),
    err: () => undefined,
    cwd: EX,
    env: process.env,
    readStdin: async () => text,
  });
  assert.equal(code, 1);
  assert.match(out.join('\n'), /^dm007_device_out_of_range\.py:\d+:\d+: error DM007/);
});
