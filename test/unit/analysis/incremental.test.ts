/** Re-linting after an edit re-runs the rules of changed maps only, and gives exactly what a cold lint gives. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyzeDocument } from '../../../src/core/analysis/analyze';
import type { AnalysisEnv, ModelLookup } from '../../../src/core/analysis/api';
import { mapMemoStats } from '../../../src/core/analysis/mapMemo';
import { exampleNames, loadExample } from './exampleEnv';
import { VSCODE_MODEL_HINTS } from '../../../src/extension/models/modelHints';

/** The example's env with model lookups kept (as the extension's resolver cache does), so its trees are stable. */
function stableEnv(env: AnalysisEnv): AnalysisEnv {
  const seen = new Map<string, ModelLookup>();
  return {
    ...env,
    lookupModel: (ref, fileName) => {
      const k = `${ref?.name}|${fileName}`;
      if (!seen.has(k)) seen.set(k, env.lookupModel(ref, fileName));
      return seen.get(k)!;
    },
  };
}

/** The same env with a setup object never seen: nothing memoized applies, a cold lint. */
const cold = (env: AnalysisEnv): AnalysisEnv => ({ ...env, setup: { ...env.setup } });

test('random edits to every example: the memoized lint equals a cold one', () => {
  const examples = exampleNames().map(loadExample);
  fc.assert(
    fc.property(
      fc.nat(examples.length - 1),
      fc.array(
        fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.nat(3), fc.constantFrom('', ' ', '1', '"', 'x', '\n', '#', ',', '}')),
        { minLength: 1, maxLength: 6 },
      ),
      (which, edits) => {
        const ex = examples[which]!;
        const env = stableEnv(ex.env);
        let text = ex.doc.text;
        analyzeDocument({ ...ex.doc, text }, env);
        for (const [where, del, ins] of edits) {
          const at = Math.floor(where * text.length);
          text = text.slice(0, at) + ins + text.slice(Math.min(text.length, at + del));
          const doc = { ...ex.doc, text };
          const warm = analyzeDocument(doc, env).findings;
          assert.deepEqual(warm, analyzeDocument(doc, cold(env)).findings, `${ex.name} after editing at ${at}`);
        }
      },
    ),
    { numRuns: 120 },
  );
});

const map = (name: string, last: number): string =>
  `${name} = {\n    "model.embed_tokens": 0,\n${Array.from({ length: 40 }, (_, j) => `    "model.layers.${j}": ${j < 20 ? 0 : last},`).join('\n')}\n    "model.norm": 1,\n}\nm_${name} = AutoModelForCausalLM.from_pretrained("../models/llama-2-7b", device_map=${name})\n`;

test('one edit inside one map re-runs that map only; text typed above moves the others without re-running them', () => {
  const ex = loadExample('dm011_over_capacity.py');
  const env = stableEnv(ex.env);
  const text = `from transformers import AutoModelForCausalLM\n${map('a', 1)}${map('b', 1)}${map('c', 7)}`;
  const doc = { ...ex.doc, text };
  const first = analyzeDocument(doc, env);
  assert.equal(first.facts.maps.length, 3);
  assert.ok(
    first.findings.some((f) => f.code === 'DM007'),
    'map c names a card that is not there',
  );

  const before = { ...mapMemoStats };
  const at = text.indexOf('"model.layers.30": 1', text.indexOf('b = {')) + '"model.layers.30": '.length;
  const edited = `${text.slice(0, at)}7${text.slice(at + 1)}`;
  const second = analyzeDocument({ ...doc, text: edited }, env);
  assert.deepEqual([mapMemoStats.hits - before.hits, mapMemoStats.misses - before.misses], [2, 1], 'maps a and c kept, map b re-checked');
  assert.deepEqual(second.findings, analyzeDocument({ ...doc, text: edited }, cold(env)).findings);
  assert.ok(second.findings.filter((f) => f.code === 'DM007').length > first.findings.filter((f) => f.code === 'DM007').length);

  const mid = { ...mapMemoStats };
  const typed = `# a comment typed at the top\n${edited}`;
  const third = analyzeDocument({ ...doc, text: typed }, env);
  assert.deepEqual([mapMemoStats.hits - mid.hits, mapMemoStats.misses - mid.misses], [3, 0], 'every map only moved');
  assert.deepEqual(
    third.findings,
    analyzeDocument({ ...doc, text: typed }, cold(env)).findings,
    'moved findings land where a cold lint puts them',
  );
});

test('every env input is part of the key: the same map under other wording hints is worded again', () => {
  const env = stableEnv(loadExample('dm011_over_capacity.py').env);
  const doc = {
    text: '{\n  "model.embed_tokens": 0,\n  "model.layers": 0,\n  "model.norm": 1,\n  "lm_head": 1\n}\n',
    languageId: 'json',
    fileName: '/w/llama_device_map.json',
  };
  const plain = analyzeDocument(doc, env).findings;
  const inVsCode = analyzeDocument(doc, { ...env, modelHints: VSCODE_MODEL_HINTS }).findings;
  assert.doesNotMatch(plain[0]!.message, /deviceMapStudio\.models/);
  assert.match(inVsCode[0]!.message, /"deviceMapStudio\.models" setting/, 'not the memoized plain wording');
});
