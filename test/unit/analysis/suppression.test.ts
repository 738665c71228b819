/** Suppression comments: exactly their code on their line, file-wide forms, JSONC, unused reports, the quick fix. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeDocument } from '../../../src/core/analysis/analyze';
import { codeActionsFor } from '../../../src/core/analysis/codeActions';
import { modelFromConfig } from '../../../src/core/models/registry';
import type { SourceDocument } from '../../../src/core/analysis/api';
import { REPO_ROOT } from '../../helpers/fixtures';
import { envWith, gpus } from './helpers';

const EX = join(REPO_ROOT, 'test/fixtures/analysis');
const tree = modelFromConfig(JSON.parse(readFileSync(join(EX, 'models/tiny-llama/config.json'), 'utf8')));
const env = envWith(tree, gpus(2));
const dm007 = readFileSync(join(EX, 'dm007_device_out_of_range.py'), 'utf8');
const dm009 = readFileSync(join(EX, 'dm009_alternating.py'), 'utf8');
const py = (text: string): SourceDocument => ({ text, languageId: 'python', fileName: join(EX, 'x.py') });
const codes = (text: string, e = env): string[] => analyzeDocument(py(text), e).findings.map((f) => f.code);

test('the unsuppressed fixtures report their codes', () => {
  assert.deepEqual(codes(dm007), ['DM007']);
  assert.deepEqual(codes(dm009), ['DM009']);
});

test('ignore[DM007] on the entry line silences exactly DM007 there', () => {
  const text = dm007.replace('"lm_head": 7,', '"lm_head": 7,  # device-map: ignore[DM007]');
  assert.deepEqual(codes(text), []);
  // Another code on the same line is not silenced: it is reported as unused instead.
  const wrong = dm007.replace('"lm_head": 7,', '"lm_head": 7,  # device-map: ignore[DM009]');
  assert.deepEqual(codes(wrong).sort(), ['DM007', 'unused-suppression']);
  // The same comment on another line does not reach the finding.
  const elsewhere = dm007.replace('"model.norm": 1,', '"model.norm": 1,  # device-map: ignore[DM007]');
  assert.deepEqual(codes(elsewhere).sort(), ['DM007', 'unused-suppression']);
});

test('bare ignore covers every code on its line; a comment alone on a line covers the next line', () => {
  assert.deepEqual(codes(dm007.replace('"lm_head": 7,', '"lm_head": 7,  # device-map: ignore')), []);
  assert.deepEqual(codes(dm007.replace('    "lm_head": 7,', '    # device-map: ignore[DM007]\n    "lm_head": 7,')), []);
  // DM009 points at the first entry that switches back; a comment line above it (blank lines between) silences it.
  assert.deepEqual(codes(dm009.replace('    "model.layers.2": 0,', '    # device-map: ignore[DM009]\n\n    "model.layers.2": 0,')), []);
  // A finding spanning several lines is silenced by a trailing comment on any of them.
  const multi = dm007.replace('"lm_head": 7,', '"lm_head": (\n        7  # device-map: ignore[DM007]\n    ),');
  assert.deepEqual(codes(multi), []);
});

test('ignore-file silences a code anywhere, and an unused one is reported with its code', () => {
  assert.deepEqual(codes(`# device-map: ignore-file[DM007]\n${dm007}`), []);
  const unused = analyzeDocument(py(`# device-map: ignore-file[DM001]\n${dm007}`), env).findings;
  assert.deepEqual(
    unused.map((f) => [f.code, f.severity]),
    [
      ['unused-suppression', 'info'],
      ['DM007', 'error'],
    ],
  );
  assert.match(unused[0]!.message, /no DM001 finding in this file/);
});

test('JSONC takes // comments', () => {
  const text = '{\n  "model": 0,\n  "lm_head": "cuda:9" // device-map: ignore[DM007]\n}\n';
  const doc: SourceDocument = { text, languageId: 'jsonc', fileName: join(EX, 'device_map.jsonc') };
  const plain: SourceDocument = { ...doc, text: text.replace(' // device-map: ignore[DM007]', '') };
  const withModel = { ...env, lookupModel: () => ({ status: 'ok' as const, tree, origin: 't' }) };
  assert.ok(analyzeDocument(plain, withModel).findings.some((f) => f.code === 'DM007'));
  assert.ok(!analyzeDocument(doc, withModel).findings.some((f) => f.code === 'DM007'));
});

test('configured rule severities: off drops a code, a level replaces it', () => {
  assert.deepEqual(codes(dm009, { ...env, rules: { DM009: 'off' } }), []);
  const f = analyzeDocument(py(dm009), { ...env, rules: { DM009: 'error' } }).findings;
  assert.deepEqual(
    f.map((x) => [x.code, x.severity]),
    [['DM009', 'error']],
  );
});

test('quick fix "Ignore DM007 on this line" is one insertion that silences the finding', () => {
  const doc = py(dm007);
  const { findings } = analyzeDocument(doc, env);
  const f = findings.find((x) => x.code === 'DM007')!;
  const action = codeActionsFor(doc, { start: f.start, end: f.end }, findings, env).find((a) => a.title === 'Ignore DM007 on this line');
  assert.ok(action, 'action offered');
  assert.equal(action.edits.length, 1);
  const e = action.edits[0]!;
  const fixed = dm007.slice(0, e.offset) + e.text + dm007.slice(e.offset + e.length);
  assert.match(fixed, /"lm_head": 7, {2}# device-map: ignore\[DM007\]\n/);
  assert.deepEqual(codes(fixed), []);
  // On a line that already ignores another code, the code joins that list.
  const doc2 = py(dm007.replace('"lm_head": 7,', '"lm_head": 7,  # device-map: ignore[DM009]'));
  const f2 = analyzeDocument(doc2, env).findings;
  const a2 = codeActionsFor(doc2, { start: 0, end: doc2.text.length }, f2, env).find((a) => a.title === 'Ignore DM007 on this line')!;
  const e2 = a2.edits[0]!;
  const fixed2 = doc2.text.slice(0, e2.offset) + e2.text + doc2.text.slice(e2.offset + e2.length);
  assert.match(fixed2, /ignore\[DM009, DM007\]/);
  assert.deepEqual(codes(fixed2).sort(), ['unused-suppression']);
});

test('while the model is still resolving, suppressions are not reported unused (their codes are not known yet)', () => {
  const text = dm007.replace('"lm_head": 7,', '"lm_head": 7,  # device-map: ignore[DM001]');
  const pending = { ...env, lookupModel: () => ({ status: 'pending' as const }) };
  assert.ok(!analyzeDocument(py(text), pending).findings.some((f) => f.code === 'unused-suppression'));
  assert.ok(analyzeDocument(py(text), env).findings.some((f) => f.code === 'unused-suppression'));
});
