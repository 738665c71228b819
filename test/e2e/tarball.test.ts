/**
 * Install without a clone: `npm pack` makes a lean tarball (the bin, the
 * self-contained dist/cli.js, the schemas), it installs into an empty folder
 * (no install script runs, no dev dependency comes along), and
 * `npx device-map check` checks a project there, reading its pyproject.toml.
 * Needs dist/cli.js (npm test builds it first); uses the npm cache (--prefer-offline).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/fixtures';

const EX = join(REPO_ROOT, 'test/fixtures/analysis');

function run(cmd: string, args: string[], cwd: string): { code: number; out: string; err: string } {
  const r = spawnSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    timeout: 180_000,
    env: { ...process.env, npm_config_update_notifier: 'false', HF_HUB_OFFLINE: '1' },
  });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

test('the packed tarball installs into an empty folder and npx device-map checks a project', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dms-tarball-'));
  // --ignore-scripts: pack what npm test built, without rebuilding dist/ under other tests' feet.
  const pack = run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], REPO_ROOT);
  assert.equal(pack.code, 0, pack.err);
  const [info] = JSON.parse(pack.out) as Array<{ filename: string; files: Array<{ path: string }> }>;
  const files = info!.files.map((f) => f.path).sort();
  assert.ok(files.includes('dist/cli.js') && files.includes('bin/device-map.js'), files.join(', '));
  assert.deepEqual(
    files.filter((f) => /^(src|test|scripts|node_modules|tools|\.cache)\//.test(f) || f.endsWith('.map')),
    [],
    'lean: no sources, tests or maps',
  );

  const app = join(dir, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), '{"name":"app","private":true}\n');
  const install = run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', join(dir, info!.filename)], app);
  assert.equal(install.code, 0, install.err);
  const installed = readdirSync(join(app, 'node_modules'));
  const { devDependencies } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
    devDependencies: Record<string, string>;
  };
  assert.deepEqual(
    Object.keys(devDependencies).filter((d) => existsSync(join(app, 'node_modules', d))),
    [],
    `no dev dependency installed (${installed.join(', ')})`,
  );

  const version = run('npx', ['--no-install', 'device-map', '--version'], app);
  assert.equal(version.code, 0, version.err);
  assert.match(version.out, /^device-map \d+\.\d+\.\d+/);

  // A project with a config file and a map that is wrong on its two GPUs.
  const proj = join(app, 'project');
  cpSync(join(EX, 'models'), join(proj, 'models'), { recursive: true });
  cpSync(join(EX, 'dm007_device_out_of_range.py'), join(proj, 'train.py'));
  writeFileSync(join(proj, 'pyproject.toml'), '[tool.device-map-studio]\ngpus = ["2x24GiB"]\n');
  const check = run('npx', ['--no-install', 'device-map', 'check', 'project'], app);
  assert.equal(check.code, 1, check.out + check.err);
  assert.match(check.out, /project\/train\.py:\d+:\d+: error DM007 /);
});
