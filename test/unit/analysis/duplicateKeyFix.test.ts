/** The `duplicate-key` quick fix removes the earlier spelling with one minimal edit, and re-analysis is clean of it. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDocument } from '../../../src/core/analysis/analyze';
import { codeActionsFor } from '../../../src/core/analysis/codeActions';
import type { CodeAction, SourceDocument } from '../../../src/core/analysis/api';
import { DUPLICATE_KEY } from '../../../src/core/analysis/rules/duplicateKey';
import { findDeviceMaps } from '../../../src/core/text/index';
import { removeEarlierDuplicate } from '../../../src/core/text/edits/index';
import type { TextEdit } from '../../../src/core/text/types';
import { envWith, gpus, tinyLlama } from './helpers';

const ENV = envWith(tinyLlama(), gpus(2));
const LOAD = 'model = AutoModelForCausalLM.from_pretrained("tiny", device_map=dm)\n';

function apply(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.offset - a.offset)) out = out.slice(0, e.offset) + e.text + out.slice(e.offset + e.length);
  return out;
}

function duplicates(doc: SourceDocument) {
  return analyzeDocument(doc, ENV).findings.filter((f) => f.code === DUPLICATE_KEY);
}

/** The fix offered at the first duplicate-key warning. */
function fixAtFirst(doc: SourceDocument): CodeAction {
  const all = analyzeDocument(doc, ENV).findings;
  const dup = all.find((f) => f.code === DUPLICATE_KEY);
  assert.ok(dup, 'a duplicate-key warning');
  const actions = codeActionsFor(doc, { start: dup.start, end: dup.start }, all, ENV).filter((a) => a.fixes.includes(DUPLICATE_KEY));
  assert.equal(actions.length, 1, actions.map((a) => a.title).join(', '));
  return actions[0]!;
}

function py(text: string): SourceDocument {
  return { text, languageId: 'python', fileName: '/ws/train.py' };
}

test('multi-line Python dict: one edit removes the earlier line; comments and the rest stay as written', () => {
  const text = `dm = {
    "model.embed_tokens": 0,  # first card
    "model.layers": 0,        # earlier guess
    # the head goes last
    "model.norm": 1,
    "model.layers": 1,        # what we meant
    "lm_head": 1,
}
${LOAD}`;
  const doc = py(text);
  assert.equal(duplicates(doc).length, 1);
  const fix = fixAtFirst(doc);
  assert.equal(fix.title, 'Remove the earlier duplicate `model.layers`');
  assert.equal(fix.kind, 'quickfix');
  assert.equal(fix.edits.length, 1);
  const fixed = apply(text, fix.edits);
  assert.equal(fixed, text.replace('    "model.layers": 0,        # earlier guess\n', ''));
  assert.deepEqual(duplicates(py(fixed)), []);
});

test('inline dict passed directly: the earlier item and its comma go, the later value wins as before', () => {
  const text = `m = AutoModelForCausalLM.from_pretrained("tiny", device_map={"model": 0, "lm_head": 0, "model": 1})\n`;
  const doc = py(text);
  const fix = fixAtFirst(doc);
  assert.equal(fix.title, 'Remove the earlier duplicate `model`');
  assert.equal(fix.edits.length, 1);
  const fixed = apply(text, fix.edits);
  assert.equal(fixed, 'm = AutoModelForCausalLM.from_pretrained("tiny", device_map={"lm_head": 0, "model": 1})\n');
  assert.deepEqual(duplicates(py(fixed)), []);
});

test('a key written three times takes two fixes, each removing the earliest spelling left', () => {
  let text = `dm = {"": 0, "": "cpu", "": 1}\n${LOAD}`;
  assert.equal(duplicates(py(text)).length, 2);
  text = apply(text, fixAtFirst(py(text)).edits);
  assert.equal(text.split('\n')[0], 'dm = {"": "cpu", "": 1}');
  assert.equal(duplicates(py(text)).length, 1);
  const last = fixAtFirst(py(text));
  assert.equal(last.title, 'Remove the earlier duplicate `""`');
  text = apply(text, last.edits);
  assert.equal(text.split('\n')[0], 'dm = {"": 1}');
  assert.deepEqual(duplicates(py(text)), []);
});

test('JSON config: the earlier member is removed, the file stays valid JSON', () => {
  const text = '{\n  "model_name_or_path": "tiny",\n  "device_map": {\n    "model": 0,\n    "lm_head": 0,\n    "model": 1\n  }\n}\n';
  const doc: SourceDocument = { text, languageId: 'json', fileName: '/ws/config.json' };
  assert.equal(duplicates(doc).length, 1);
  const fix = fixAtFirst(doc);
  assert.equal(fix.edits.length, 1);
  const fixed = apply(text, fix.edits);
  assert.deepEqual(JSON.parse(fixed).device_map, { lm_head: 0, model: 1 });
  assert.equal(fixed, text.replace('    "model": 0,\n', ''));
  assert.deepEqual(duplicates({ ...doc, text: fixed }), []);
});

test('no duplicate-key fix away from the warning, nor for a dict without duplicates', () => {
  const text = `dm = {"model": 0, "lm_head": 1, "model": 1}\n${LOAD}`;
  const doc = py(text);
  const all = analyzeDocument(doc, ENV).findings;
  const far = text.indexOf('from_pretrained');
  assert.deepEqual(
    codeActionsFor(doc, { start: far, end: far }, all, ENV).filter((a) => a.fixes.includes(DUPLICATE_KEY)),
    [],
  );
  const clean = py(`dm = {"model": 0, "lm_head": 1}\n${LOAD}`);
  const cleanFindings = analyzeDocument(clean, ENV).findings;
  assert.deepEqual(
    codeActionsFor(clean, { start: 0, end: clean.text.length }, cleanFindings, ENV).filter((a) => a.fixes.includes(DUPLICATE_KEY)),
    [],
  );
});

test('the edit refuses to remove the spelling in use or a key outside the dict', () => {
  const text = `dm = {"model": 0, "lm_head": 1, "model": 1}\n${LOAD}`;
  const doc = py(text);
  const map = findDeviceMaps(doc).maps[0]!;
  const inUse = map.entries.find((e) => e.key === 'model')!.keySpan;
  assert.equal(slice(text, inUse), '"model"');
  assert.ok(inUse.start > text.indexOf('"lm_head"'), 'the entry is the later spelling');
  const refused = removeEarlierDuplicate(doc, map, inUse);
  assert.equal(refused.length, 0);
  assert.match(refused.refused ?? '', /in use/);
  const outside = removeEarlierDuplicate(doc, map, { start: text.indexOf('tiny'), end: text.indexOf('tiny') + 4 });
  assert.equal(outside.length, 0);
  assert.ok(outside.refused);
});

function slice(text: string, span: { start: number; end: number }): string {
  return text.slice(span.start, span.end);
}
