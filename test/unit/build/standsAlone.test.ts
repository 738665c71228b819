// The repository stands alone: nothing in it reads a checkout's sibling folder (the original
// shared fixtures); what the tests need is copied into test/fixtures/ (reference/README.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');
// Spelled in parts so this file does not match itself.
const OUTSIDE = [['..', 'shared'].join('/'), ['', 'work', 'shared'].join('/'), ['DMS', 'SHARED'].join('_')];

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (n === 'node_modules' || n === '.cache' || p === join(ROOT, 'test/fixtures')) return [];
    return statSync(p).isDirectory() ? walk(p) : /\.(ts|mts|mjs|js|cjs|sh|py|json)$/.test(n) || n === 'run' ? [p] : [];
  });
}

test('no source, test, script, tool or benchmark reads a folder outside the repository', () => {
  const files = ['src', 'test', 'scripts', 'bench', 'tools', '.ci']
    .flatMap((d) => walk(join(ROOT, d)))
    .concat([join(ROOT, 'esbuild.mjs'), join(ROOT, 'package.json')]);
  assert.ok(files.length > 100, `walked ${files.length} files`);
  const hits = files.flatMap((f) => {
    const text = readFileSync(f, 'utf8');
    return OUTSIDE.filter((s) => text.includes(s)).map((s) => `${relative(ROOT, f)}: ${s}`);
  });
  assert.deepEqual(hits, []);
});

test('the reference fixtures the tests read are in the repository, with a README saying where they came from', () => {
  const dir = join(ROOT, 'test/fixtures/reference');
  for (const f of ['README.md', 'user-maps.json', 'measured-gpu.json', 'models/llama-2-7b/reference.json'])
    assert.ok(existsSync(join(dir, f)), f);
  assert.match(readFileSync(join(dir, 'README.md'), 'utf8'), /transformers 5\.17\.0, accelerate 1\.15\.0, torch 2\.11\.0/);
});
