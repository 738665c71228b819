/** `npm run bench -- --json` ends with one JSON line holding every budget key (a tiny run: shape only, no timing asserts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { REPO_ROOT } from '../../helpers/fixtures';
// @ts-expect-error: plain ESM module shared with scripts/bench.mjs, no type declarations
import { BUDGETS } from '../../../scripts/lib/benchBudgets.mjs';

test('bench --json --tiny: the last line is JSON with every key, a number or null with a reason', { timeout: 180_000 }, () => {
  const r = spawnSync('node', ['scripts/bench.mjs', '--json', '--tiny', '--no-build', 'placement'], { cwd: REPO_ROOT, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  const out = JSON.parse(lines[lines.length - 1]!) as Record<string, unknown> & { null_reasons: Record<string, string>; tiny: boolean };
  const keys = (BUDGETS as { key: string }[]).map((b) => b.key);
  assert.ok(keys.length >= 10);
  for (const k of keys) {
    assert.ok(k in out, `missing ${k}`);
    const v = out[k];
    if (v === null) assert.ok(typeof out.null_reasons[k] === 'string' && out.null_reasons[k]!.length > 0, `${k} is null without a reason`);
    else assert.ok(typeof v === 'number' && v >= 0, `${k}: ${String(v)}`);
  }
  assert.equal(typeof out.plan_70b_ms, 'number', 'the placement bench ran, so its key has a number');
  assert.equal(out.lint_full_10k_ms, null, 'the analysis bench did not run, so its key is null');
  assert.equal(out.tiny, true);
  assert.match(r.stdout, /plan_70b_ms\s+\S+ ms/, 'the table lists the case');
});
