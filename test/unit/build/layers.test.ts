import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { checkLayers, readSources } from '../../../scripts/lib/layers.mjs';

const ROOT = resolve(__dirname, '../../..');

/** A tiny src/ tree: the good base every case below breaks in one way. */
function tree(extra: Record<string, string> = {}): Map<string, string> {
  return new Map(
    Object.entries({
      'src/core/base/source.ts': 'export interface SourceDocument { readonly text: string }\n',
      'src/core/models/tree.ts': "import type { SourceDocument } from '../base/source';\nexport const tree = 1;\n",
      'src/core/text/find.ts': "import { tree } from '../models/tree';\nexport const find = tree;\n",
      'src/core/analysis/api.ts': "import { find } from '../text/find';\nexport const analyze = find;\n",
      'src/core/index.ts': "export * from './analysis/api';\n",
      'src/cli/main.ts': "import { analyze } from '../core/index';\nexport const run = analyze;\n",
      ...extra,
    }),
  );
}

test('the repository itself follows the import rules', () => {
  assert.deepEqual(checkLayers(readSources(ROOT)), []);
});

test('the small tree used below is clean', () => {
  assert.deepEqual(checkLayers(tree()), []);
});

test('an import from a later layer fails, naming both layers', () => {
  const p = checkLayers(tree({ 'src/core/text/find.ts': "import { analyze } from '../analysis/api';\nexport const find = analyze;\n" }));
  assert.equal(p.length, 2, p.join('\n')); // the order, and the cycle it makes
  assert.match(p[0]!, /^src\/core\/text\/find\.ts:1: text imports "\.\.\/analysis\/api" from analysis, a later layer/);
  assert.match(p[1]!, /^import cycle: src\/core\/analysis\/api\.ts → src\/core\/text\/find\.ts → src\/core\/analysis\/api\.ts$/);
});

test('a type-only import against the order fails too (text taking SourceDocument from analysis)', () => {
  const p = checkLayers(
    tree({ 'src/core/text/types.ts': "import type { analyze } from '../analysis/api';\nexport type T = typeof analyze;\n" }),
  );
  assert.deepEqual(p, [
    'src/core/text/types.ts:1: text imports "../analysis/api" from analysis, a later layer (the order is base → models → memory → placement → settings.ts → gpuSpecs.ts → gpuHost → text → analysis → setup → config → view → locale → index.ts)',
  ]);
});

test('a core file may not import the public index (it is the last layer)', () => {
  const p = checkLayers(tree({ 'src/core/models/other.ts': "export * from '../index';\n" }));
  assert.equal(p.length, 1, p.join('\n'));
  assert.match(p[0]!, /models imports "\.\.\/index" from index\.ts, a later layer/);
});

test('a face importing a core module directly fails; through src/core/index.ts passes', () => {
  const p = checkLayers(
    tree({ 'src/webview/app.ts': "import type { SourceDocument } from '../core/base/source';\nexport type D = SourceDocument;\n" }),
  );
  assert.deepEqual(p, ['src/webview/app.ts:1: src/webview imports "../core/base/source"; faces import the core through src/core/index.ts']);
  assert.deepEqual(
    checkLayers(tree({ 'src/webview/app.ts': "import { analyze } from '../core/index';\nexport const a = analyze;\n" })),
    [],
  );
});

test('a face may import only the faces listed for it', () => {
  const p = checkLayers(
    tree({
      'src/extension/main.ts': 'export const x = 1;\n',
      'src/webview/app.ts': "import { x } from '../extension/main';\nexport const y = x;\n",
    }),
  );
  assert.equal(p.length, 1, p.join('\n'));
  assert.match(p[0]!, /src\/webview imports "\.\.\/extension\/main" from src\/extension, which it may not \(allowed: protocol\)/);
});

test('the core stays pure: vscode and Node built-ins fail even as types, faces may not be imported', () => {
  const p = checkLayers(
    tree({
      'src/core/models/a.ts': "import type * as vscode from 'vscode';\nexport type U = vscode.Uri;\n",
      'src/core/models/b.ts': "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n",
      'src/core/models/c.ts': "import { run } from '../../cli/main';\nexport const c = run;\n",
    }),
  );
  assert.equal(p.length, 3, p.join('\n'));
  assert.match(p[0]!, /a\.ts:1: src\/core must stay pure, but imports "vscode"/);
  assert.match(p[1]!, /b\.ts:1: src\/core must stay pure, but imports "node:fs"/);
  assert.match(p[2]!, /c\.ts:1: src\/core imports "\.\.\/\.\.\/cli\/main" from outside the core/);
});

test('a runtime cycle inside one layer fails; a type-only one is erased when built and passes', () => {
  const cyclic = checkLayers(
    tree({
      'src/core/text/a.ts': "import { b } from './b';\nexport const a = () => b;\n",
      'src/core/text/b.ts': "import { a } from './a';\nexport const b = () => a;\n",
    }),
  );
  assert.deepEqual(cyclic, ['import cycle: src/core/text/a.ts → src/core/text/b.ts → src/core/text/a.ts']);
  assert.deepEqual(
    checkLayers(
      tree({
        'src/core/text/a.ts': "import { b } from './b';\nexport const a = () => b;\nexport type A = number;\n",
        'src/core/text/b.ts': "import type { A } from './a';\nexport const b = (x: A) => x;\n",
      }),
    ),
    [],
  );
});

test('a folder outside the order fails until it is placed in the line', () => {
  const p = checkLayers(tree({ 'src/core/extras/x.ts': 'export const x = 1;\n' }));
  assert.deepEqual(p, ['src/core/extras/x.ts: src/core/extras is in no layer; add it to CORE_ORDER in scripts/lib/layers.mjs']);
});

test('the build fails on a bad import: scripts/check-layers.mjs exits 1 on a tree with one', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dms-layers-'));
  try {
    for (const [path, text] of tree({ 'src/core/models/bad.ts': "import { find } from '../text/find';\nexport const bad = find;\n" })) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    const r = spawnSync(process.execPath, [join(ROOT, 'scripts/check-layers.mjs')], { cwd: dir, encoding: 'utf8' });
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /src\/core\/models\/bad\.ts:1: models imports "\.\.\/text\/find" from text, a later layer/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
