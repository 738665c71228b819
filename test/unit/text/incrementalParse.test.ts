/**
 * Re-linting reuses the previous parse of the same document (parseCache.ts: lezer fragments over
 * the changed range) and the previous findings of unchanged maps (mapMemo.ts). Neither may change
 * a result: after any chain of random edits, the facts and findings must be exactly those of a
 * cold pass over the final text (a parse from nothing, a setup never seen).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyzeDocument } from '../../../src/core/analysis/analyze';
import { findPythonMaps } from '../../../src/core/text/python/findPython';
import { exampleNames, loadExample } from '../analysis/exampleEnv';
import { checkEditChain } from './editChain';

/** Pieces people type (and paste) into Python: brackets, quotes, indentation, whole lines. */
const PIECES = [
  '',
  ' ',
  '1',
  '"',
  "'",
  'x',
  '\n',
  '    ',
  '#',
  ',',
  ':',
  '{',
  '}',
  '(',
  ')',
  '[',
  ']',
  '"""',
  'f"',
  '\\',
  'def f():\n    ',
  'if x:\n',
  '**',
];

const pythonExamples = exampleNames()
  .filter((n) => n.endsWith('.py'))
  .map(loadExample);

const edit = fc.tuple(
  fc.double({ min: 0, max: 1, noNaN: true }),
  fc.nat(12),
  fc.array(fc.constantFrom(...PIECES), { minLength: 0, maxLength: 3 }).map((xs) => xs.join('')),
);

test('after random edits, the reused parse finds exactly what a parse from nothing finds (facts and findings)', () => {
  let n = 0;
  fc.assert(
    fc.property(fc.nat(pythonExamples.length - 1), fc.array(edit, { minLength: 1, maxLength: 8 }), (which, edits) => {
      const ex = pythonExamples[which]!;
      // A name of its own per run: the chain starts from a cold parse of the example.
      const doc = { ...ex.doc, fileName: `${ex.doc.fileName}.${n++}.py` };
      checkEditChain(doc, ex.env, edits, ex.name);
    }),
    // A fixed seed keeps CI deterministic; SEED=random (or a number) and RUNS explore further
    // (4,500 random-seed runs passed on 2026-12-05 after one unreproduced failure was reported).
    {
      numRuns: Number(process.env.RUNS ?? 150),
      ...(process.env.SEED === 'random' ? {} : { seed: Number(process.env.SEED ?? 20261205) }),
    },
  );
});

test('one long file edited at its start, middle and end, one keystroke at a time, stays equal to a cold parse', () => {
  const ex = loadExample('dm011_over_capacity.py');
  const block = (i: number) =>
    `def step_${i}(batch, model):\n    out = model(**batch)\n    return {"loss": out.loss, "lr": [g["lr"] for g in model.groups]}\n\ndm_${i} = {"model.embed_tokens": 0, "model.layers": ${i % 2}, "model.norm": 1, "lm_head": 1}\nm_${i} = AutoModelForCausalLM.from_pretrained("../models/llama-2-7b", device_map=dm_${i})\n\n`;
  let text = `from transformers import AutoModelForCausalLM\n${Array.from({ length: 60 }, (_, i) => block(i)).join('')}`;
  const doc = { ...ex.doc, fileName: `${ex.doc.fileName}.long.py` };
  analyzeDocument({ ...doc, text }, ex.env);
  for (const frac of [0.02, 0.5, 0.98]) {
    const at = Math.floor(frac * text.length);
    for (const ch of ['{', '"', '\n', ')', '#']) {
      text = text.slice(0, at) + ch + text.slice(at);
      assert.equal(JSON.stringify(findPythonMaps(text, doc.fileName)), JSON.stringify(findPythonMaps(text)), `typed ${ch} at ${at}`);
    }
  }
});
