/**
 * The language service never throws and never points outside the text, on
 * any edit of the example files (fast-check: deletions, insertions of
 * device-map-ish fragments, truncations), at any cursor.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyzeDocument, codeActionsFor, codeLenses, completeAt, hoverAt } from '../../../src/core/analysis/index';
import { exampleNames, loadExample } from './exampleEnv';

const examples = exampleNames().map(loadExample);
const FRAGMENTS = [
  '{',
  '}',
  ':',
  ',',
  '"',
  "'",
  '0',
  '"cuda:1"',
  '"cpu"',
  '-1',
  '1.0',
  '"model.layers.1"',
  '**',
  'device_map=',
  '"auto"',
  '\n',
  '#',
  'for i in range(3)',
  '\\',
];

const mutation = fc.record({
  example: fc.nat({ max: examples.length - 1 }),
  edits: fc.array(
    fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), cut: fc.nat({ max: 12 }), insert: fc.constantFrom(...FRAGMENTS) }),
    { minLength: 1, maxLength: 4 },
  ),
  cursor: fc.double({ min: 0, max: 1, noNaN: true }),
});

test('analysis, completion, hover, lenses and fixes survive mutated files', () => {
  fc.assert(
    fc.property(mutation, ({ example, edits, cursor }) => {
      const ex = examples[example]!;
      let text = ex.doc.text;
      for (const e of edits) {
        const at = Math.floor(e.at * text.length);
        text = text.slice(0, at) + e.insert + text.slice(Math.min(text.length, at + e.cut));
      }
      const doc = { ...ex.doc, text };
      const within = (s: { start: number; end: number }) => s.start >= 0 && s.start <= s.end && s.end <= text.length;
      const { findings } = analyzeDocument(doc, ex.env);
      for (const f of findings) assert.ok(within(f), `${f.code} outside the text`);
      const offset = Math.floor(cursor * text.length);
      for (const item of completeAt(doc, offset, ex.env)) assert.ok(within(item.replace));
      const h = hoverAt(doc, offset, ex.env);
      if (h) assert.ok(within(h.span));
      for (const l of codeLenses(doc, ex.env)) assert.ok(within(l.span));
      for (const a of codeActionsFor(doc, { start: 0, end: text.length }, findings, ex.env)) {
        for (const e of a.edits) assert.ok(e.offset >= 0 && e.offset + e.length <= text.length, a.title);
      }
    }),
    { numRuns: 300, seed: 4242 },
  );
});
