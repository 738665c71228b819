/**
 * The rule units: each is complete, its templates' placeholders are the ones its
 * code passes, its first sentence is short, its docs are generated and linked,
 * and a second locale can be checked key for key.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeDocument } from '../../../src/core/analysis/analyze';
import { codeActionsFor } from '../../../src/core/analysis/codeActions';
import type { AnalysisEnv, SourceDocument } from '../../../src/core/analysis/api';
import { codeDescription } from '../../../src/core/analysis/docsLink';
import { catalogueMismatches, fill, placeholdersOf, watchFills, type FillMismatch } from '../../../src/core/analysis/messages';
import { RULES, englishCatalogue, isDmCode } from '../../../src/core/analysis/rules/index';
import { renderPages, withReadmeBlock } from '../../../scripts/lib/diagnosticDocs';
import { REPO_ROOT } from '../../helpers/fixtures';
import { exampleNames, loadExample } from './exampleEnv';
import { EXAMPLES_ROOT, exampleDoc, exampleEnv } from './repoExampleEnv';

/** Every fixture and example document with its environment. */
function corpus(): Array<{ name: string; doc: SourceDocument; env: AnalysisEnv }> {
  const out = exampleNames().map((n) => {
    const ex = loadExample(n);
    return { name: n, doc: ex.doc, env: ex.env };
  });
  for (const dir of ['diagnostics', '.']) {
    for (const n of readdirSync(join(EXAMPLES_ROOT, dir)).filter((f) => /\.(py|json)$/.test(f))) {
      out.push({ name: `examples/${dir}/${n}`, doc: exampleDoc(join(EXAMPLES_ROOT, dir, n)), env: exampleEnv });
    }
  }
  return out;
}

/** Up to the first ". " (a full stop that ends a sentence), or the whole text. */
function firstSentence(message: string): string {
  const i = message.search(/[.?!] /);
  return i < 0 ? message : message.slice(0, i + 1);
}

test('every unit is complete and registered once', () => {
  const codes = RULES.map((r) => r.code);
  assert.equal(new Set(codes).size, codes.length, 'codes are unique');
  const dm = codes.filter(isDmCode);
  assert.deepEqual(dm, [...dm].sort(), 'DM codes in order');
  for (const r of RULES) {
    assert.ok(['error', 'warning', 'info', 'hint'].includes(r.severity), r.code);
    assert.ok(r.title.length > 0 && Object.keys(r.messages).length > 0, r.code);
    for (const part of [r.docs.catches, r.docs.why, r.docs.example.code, r.docs.fix]) assert.ok(part.trim().length > 0, `${r.code}: docs`);
    assert.ok(r.check || r.checkDocument, `${r.code}: a check`);
  }
});

test('every template fill passes exactly the placeholders the template has, and every first sentence fits in 100 characters', () => {
  const mismatches: FillMismatch[] = [];
  watchFills((m) => mismatches.push(m));
  const long: string[] = [];
  let findings = 0;
  try {
    for (const { name, doc, env } of corpus()) {
      const all = analyzeDocument(doc, env).findings;
      for (const f of all) {
        findings++;
        if (firstSentence(f.message).length > 100) long.push(`${name} ${f.code}: ${firstSentence(f.message)}`);
        // Fix titles and related notes are filled here too.
        codeActionsFor(doc, f, all, env);
      }
    }
  } finally {
    watchFills(undefined);
  }
  assert.ok(findings > 40, `the corpus raises findings (${findings})`);
  assert.deepEqual(mismatches, []);
  assert.deepEqual(long, []);
});

test('the placeholder check can fail: a fill with a missing or an extra value is reported', () => {
  const seen: FillMismatch[] = [];
  watchFills((m) => seen.push(m));
  try {
    assert.equal(fill('X', 'a', '{module} is split over {devices}', { module: 'layer 3', extra: 1 }), 'layer 3 is split over {devices}');
  } finally {
    watchFills(undefined);
  }
  assert.deepEqual(seen, [{ owner: 'X', id: 'a', missing: ['devices'], extra: ['extra'] }]);
  assert.deepEqual(placeholdersOf('{a} and {b}, {a}'), ['a', 'b']);
});

test('a second locale is checked key for key against English', () => {
  const en = englishCatalogue();
  assert.deepEqual(catalogueMismatches(en, en), []);
  const dm003 = en.DM003!;
  const bad = { DM003: { split: dm003.split!.replace('{devices}', '{cards}'), nope: 'x' } };
  assert.deepEqual(catalogueMismatches(en, bad), [
    'DM003.split: placeholders {block,cards,className,error} but English has {block,className,devices,error}',
    'DM003.nope: no such English template',
  ]);
});

test('each code links to its own page, under the repository URL of package.json', () => {
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { repository: { url: string } };
  for (const r of RULES) assert.equal(codeDescription(r.code)?.href, `${pkg.repository.url}/blob/main/docs/diagnostics/${r.code}.md`);
  assert.equal(codeDescription('not-a-code'), undefined);
});

test('docs/diagnostics and the README tables are what `npm run docs` writes', () => {
  const pages = renderPages();
  const onDisk = readdirSync(join(REPO_ROOT, 'docs/diagnostics'))
    .map((n) => `docs/diagnostics/${n}`)
    .sort();
  assert.deepEqual(onDisk, [...pages.keys()].sort(), 'run `npm run docs`: the pages differ from the units');
  for (const [path, text] of pages)
    assert.equal(readFileSync(join(REPO_ROOT, path), 'utf8'), text, `${path} drifted: run \`npm run docs\``);
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  assert.equal(readme, withReadmeBlock(readme), "README.md's code tables drifted: run `npm run docs`");
  for (const r of RULES) assert.ok(readme.includes(`[\`${r.code}\`](./docs/diagnostics/${r.code}.md)`), r.code);
});
