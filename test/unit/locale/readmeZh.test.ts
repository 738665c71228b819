/** README.zh-CN.md stays in step: every rule code and tag is in its table, it links back, and the screenshots section is there for the VS Code half. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RULES } from '../../../src/core/analysis/rules/index';
import { REPO_ROOT } from '../../helpers/fixtures';

const zh = readFileSync(join(REPO_ROOT, 'README.zh-CN.md'), 'utf8');
const en = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');

test('README.zh-CN.md lists every code and tag in a table row', () => {
  const missing = RULES.map((r) => r.code).filter((code) => !zh.includes(`| \`${code}\` |`));
  assert.deepEqual(missing, []);
});

test('the two READMEs link to each other, and the Chinese one has its screenshots section', () => {
  assert.ok(en.split('\n').slice(0, 5).join('\n').includes('(README.zh-CN.md)'), "README.md's top links the Chinese README");
  assert.ok(zh.includes('(README.md)'));
  assert.match(zh, /^## 截图$/m);
});
