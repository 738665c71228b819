/**
 * `--lang` and the POSIX locale: the same findings and codes in Chinese, the CLI's own lines
 * too, `--json` keys unchanged; and the CLI catalogue complete in both languages.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { cli, cliProcess } from '../helpers/cli';
import { REPO_ROOT } from '../helpers/fixtures';
import { COMMANDS } from '../../src/cli/main';
import { CLI_MESSAGES } from '../../src/cli/messages';
import { CLI_ZH_CN } from '../../src/cli/locales/zh-cn';
import { catalogueMismatches, missingTranslations } from '../../src/core/analysis/messages';

const EX = join(REPO_ROOT, 'test/fixtures/analysis');
const DM003 = ['check', 'dm003_split_attention.py', '--gpus', '2x24GiB'];
/** An environment with no locale of its own, plus the variables a case sets. */
const envWith = (vars: Record<string, string>): Record<string, string | undefined> => ({
  ...process.env,
  LC_ALL: undefined,
  LC_MESSAGES: undefined,
  LANG: undefined,
  LANGUAGE: undefined,
  ...vars,
});
const CODES = (text: string): string[] => [...text.matchAll(/\b(DM\d{3})\b/g)].map((m) => m[1]!);

test('LANG=zh_CN.UTF-8: Chinese findings with the same codes, lines and columns, and a Chinese summary', async () => {
  const en = await cli(DM003, EX, envWith({ LANG: 'en_US.UTF-8' }));
  const zh = await cli(DM003, EX, envWith({ LANG: 'zh_CN.UTF-8' }));
  assert.equal(zh.code, en.code);
  assert.match(en.stdout, /is split over/);
  assert.match(zh.stdout, /被切分到/);
  assert.doesNotMatch(zh.stdout, /is split over/);
  assert.match(zh.stdout, /RuntimeError: Expected all tensors to be on the same device/, 'the quoted torch error stays as it is');
  assert.deepEqual(CODES(zh.stdout), CODES(en.stdout));
  const where = (out: string): string[] => out.split('\n').flatMap((l) => /^(\S+:\d+:\d+: \w+ DM\d{3}) /.exec(l)?.[1] ?? []);
  assert.deepEqual(where(zh.stdout), where(en.stdout));
  assert.match(en.stdout, /^1 file checked: 1 error, 0 other findings$/m);
  assert.match(zh.stdout, /^检查了 1 个文件：1 个错误，0 条其他发现$/m);
});

test('--lang wins over the environment; LC_ALL over LC_MESSAGES over LANG; C is English', async () => {
  assert.match((await cli([...DM003, '--lang', 'en'], EX, envWith({ LANG: 'zh_CN.UTF-8' }))).stdout, /is split over/);
  assert.match((await cli(['--lang=zh-cn', ...DM003], EX, envWith({ LC_ALL: 'C' }))).stdout, /被切分到/);
  assert.match((await cli([...DM003, '--lang', 'zh-CN'], EX, envWith({}))).stdout, /被切分到/);
  assert.match((await cli(DM003, EX, envWith({ LANG: 'en_US.UTF-8', LC_MESSAGES: 'zh_CN.UTF-8' }))).stdout, /被切分到/);
  assert.match((await cli(DM003, EX, envWith({ LANG: 'zh_CN.UTF-8', LC_ALL: 'C' }))).stdout, /is split over/);
  assert.match((await cli(DM003, EX, envWith({ LANG: 'zh_TW.UTF-8' }))).stdout, /is split over/, 'Traditional Chinese is not translated');
});

test('--json keeps its keys and severities in English; only the messages are Chinese', async () => {
  const r = await cli([...DM003, '--json', '--lang', 'zh-cn'], EX, envWith({}));
  const report = JSON.parse(r.stdout) as { files: Array<{ diagnostics: Array<Record<string, unknown>> }> };
  const d = report.files[0]!.diagnostics[0]!;
  assert.equal(d.code, 'DM003');
  assert.equal(d.severity, 'error');
  assert.ok(['code', 'severity', 'line', 'column', 'message'].every((k) => k in d));
  assert.match(String(d.message), /被切分到/);
});

test('every command takes --lang; a bad value is a usage error, in the language asked for', async () => {
  for (const name of COMMANDS.keys()) {
    const r = await cli([name, '--lang', 'zh-cn', '--help'], EX, envWith({}));
    assert.equal(r.code, 0, name);
    assert.match(r.stdout, /^用法：device-map /, name);
  }
  const bad = await cli([...DM003, '--lang', 'fr'], EX, envWith({}));
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--lang must be en or zh-cn \(got "fr"\)/);
  const badZh = await cli(['check', '--fail-on', 'never', 'x.py'], EX, envWith({ LANG: 'zh_CN.UTF-8' }));
  assert.equal(badZh.code, 2);
  assert.match(badZh.stderr, /--fail-on 必须是 error 或 warning（收到 "never"）/);
  assert.match((await cli(['nope'], EX, envWith({ LANG: 'zh_CN.UTF-8' }))).stderr, /未知命令 "nope"/);
});

test('the CLI speaks English again after a Chinese run in the same process', async () => {
  await cli(DM003, EX, envWith({ LANG: 'zh_CN.UTF-8' }));
  assert.match((await cli(DM003, EX, envWith({}))).stdout, /is split over/);
});

test('the CLI catalogue: every key in both languages, the same placeholders, none left in English', () => {
  const en = { cli: CLI_MESSAGES };
  assert.deepEqual(missingTranslations(en, CLI_ZH_CN), []);
  assert.deepEqual(catalogueMismatches(en, CLI_ZH_CN), []);
  const same = Object.entries(CLI_MESSAGES).filter(([k, v]) => CLI_ZH_CN.cli![k] === v);
  assert.deepEqual(same, []);
});

test('the built bin under LANG=zh_CN.UTF-8 prints Chinese findings with the same code', () => {
  assert.ok(existsSync(join(REPO_ROOT, 'dist/cli.js')), 'dist/cli.js missing: run node esbuild.mjs cli');
  const r = cliProcess(DM003, EX, { ...envWith({ LANG: 'zh_CN.UTF-8' }) } as NodeJS.ProcessEnv);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, / error DM003 .*被切分到/);
});
