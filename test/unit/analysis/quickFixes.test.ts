/** Every quick fix, applied to the example that raises its code, leaves a file where re-analysis is clean for that code. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDocument } from '../../../src/core/analysis/analyze';
import { codeActionsFor } from '../../../src/core/analysis/codeActions';
import type { CodeAction, SourceDocument } from '../../../src/core/analysis/api';
import type { TextEdit } from '../../../src/core/text/types';
import { exampleNames, loadExample } from './exampleEnv';
import { RULES, isDmCode } from '../../../src/core/analysis/rules/index';
import { pyScalar, envWith, gpus, tinyLlama } from './helpers';

function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.offset - a.offset)) out = out.slice(0, e.offset) + e.text + out.slice(e.offset + e.length);
  return out;
}

// Every code whose unit has fixes; DM006 and DM014 fix only some of their findings (a float device, a "cuda:0" key or a bit size) and have tests of their own below.
const FIXABLE = RULES.filter((r) => r.fixes && isDmCode(r.code) && r.code !== 'DM006' && r.code !== 'DM014').map((r) => r.code);

for (const name of exampleNames().filter((n) => !n.includes('_ok_'))) {
  const code = name.slice(0, 5).toUpperCase();
  if (!FIXABLE.includes(code)) continue;
  test(`${name}: every fix for ${code} clears it`, () => {
    const ex = loadExample(name);
    const { findings } = analyzeDocument(ex.doc, ex.env);
    const target = findings.filter((f) => f.code === code);
    assert.ok(target.length > 0);
    const actions: CodeAction[] = codeActionsFor(ex.doc, { start: target[0]!.start, end: target[0]!.end }, findings, ex.env).filter((a) =>
      a.fixes.includes(code),
    );
    assert.ok(actions.length > 0, `no fix offered for ${code}`);
    for (const a of actions) {
      assert.ok(a.edits.length > 0, a.title);
      const fixed: SourceDocument = { ...ex.doc, text: applyEdits(ex.doc.text, a.edits) };
      const after = analyzeDocument(fixed, ex.env).findings;
      assert.deepEqual(
        after.filter((f) => f.code === code).map((f) => f.message),
        [],
        `"${a.title}" left ${code}:\n${fixed.text}`,
      );
      assert.deepEqual(
        after.filter((f) => f.severity === 'error').map((f) => `${f.code} ${f.message}`),
        [],
        `"${a.title}" introduced errors:\n${fixed.text}`,
      );
      assert.ok(fixed.text.includes(' expect:'), 'comments kept');
    }
  });
}

test('fill missing keeps the map style and puts the module next to its neighbour', () => {
  const ex = loadExample('dm001_missing_lm_head.py');
  const { findings } = analyzeDocument(ex.doc, ex.env);
  const f = findings.find((x) => x.code === 'DM001')!;
  const [fill] = codeActionsFor(ex.doc, f, findings, ex.env);
  const text = applyEdits(ex.doc.text, fill!.edits);
  assert.match(text, /\n {4}"lm_head": 1,\n/);
  assert.equal(fill!.preferred, true);
});

test('DM008: "Auto" becomes "auto" keeping the quote', () => {
  const { doc, facts } = pyScalar("'Auto'");
  void facts;
  const env = envWith(tinyLlama(), gpus(2));
  const { findings } = analyzeDocument(doc, env);
  const f = findings.find((x) => x.code === 'DM008')!;
  const [fix] = codeActionsFor(doc, f, findings, env);
  assert.equal(fix!.title, "Change to 'auto'");
  assert.match(applyEdits(doc.text, fix!.edits), /device_map='auto'\)/);
});

test('expand a strategy string into the explicit map transformers computes', () => {
  const { doc } = pyScalar('"balanced"');
  const env = envWith(tinyLlama(), gpus(2));
  const at = doc.text.indexOf('balanced');
  const actions = codeActionsFor(doc, { start: at, end: at }, [], env);
  const expand = actions.find((a) => a.kind === 'refactor.rewrite')!;
  assert.ok(expand);
  const text = applyEdits(doc.text, expand.edits);
  assert.match(text, /device_map=\{\n/);
  assert.match(text, /"model.layers.0": 0/);
  assert.match(text, /"lm_head": 1/);
  const after = analyzeDocument({ ...doc, text }, env).findings;
  assert.deepEqual(
    after.map((f) => f.code),
    [],
  );
});

test('DM014: "cuda:0" as a max_memory key becomes 0, and "20Gb" becomes "20GB"', () => {
  const ex = loadExample('dm014_bad_max_memory.py');
  let doc = ex.doc;
  for (let round = 0; round < 2; round++) {
    const { findings } = analyzeDocument(doc, ex.env);
    const f = findings.find((x) => x.code === 'DM014')!;
    const [fix] = codeActionsFor(doc, f, findings, ex.env);
    assert.ok(fix, `a fix for: ${f.message}`);
    doc = { ...doc, text: applyEdits(doc.text, fix.edits) };
  }
  assert.match(doc.text, /max_memory=\{0: "20GiB", 1: "20GB"\}/);
  assert.deepEqual(
    analyzeDocument(doc, ex.env).findings.map((f) => f.code),
    [],
  );
});

test('DM006: a float device 1.0 becomes 1', () => {
  const c = [
    ['model.embed_tokens', '0'],
    ['model.layers', '0'],
    ['model.norm', '1'],
    ['lm_head', '1.0'],
    ['model.rotary_emb', '1'],
  ] as const;
  const text = `m = AutoModelForCausalLM.from_pretrained("tiny", device_map={${c.map(([k, v]) => `"${k}": ${v}`).join(', ')}})\n`;
  const doc = { text, languageId: 'python', fileName: '/w/t.py' };
  const env = envWith(tinyLlama(), gpus(2));
  const { findings } = analyzeDocument(doc, env);
  const f = findings.find((x) => x.code === 'DM006')!;
  const [fix] = codeActionsFor(doc, f, findings, env);
  const fixed = applyEdits(text, fix!.edits);
  assert.match(fixed, /"lm_head": 1,/);
  assert.deepEqual(
    analyzeDocument({ ...doc, text: fixed }, env).findings.map((x) => x.code),
    [],
  );
});

test('rebalance and planner fixes spread over the cards CUDA_VISIBLE_DEVICES leaves, renumbered from 0', async () => {
  const { exampleDoc, exampleEnv, EXAMPLES_ROOT } = await import('./repoExampleEnv');
  const { join } = await import('node:path');
  // examples/diagnostics/DM011_over_capacity.py sets CUDA_VISIBLE_DEVICES="0,1"; the examples' settings configure eight cards.
  const doc = exampleDoc(join(EXAMPLES_ROOT, 'diagnostics', 'DM011_over_capacity.py'));
  assert.ok(exampleEnv.setup.gpus.length > 2, 'more cards configured than the file sees');
  const { findings } = analyzeDocument(doc, exampleEnv);
  const dm011 = findings.find((f) => f.code === 'DM011');
  assert.ok(dm011, 'the example raises DM011');
  const actions = codeActionsFor(doc, { start: dm011.start, end: dm011.end }, findings, exampleEnv).filter(
    (a) => a.fixes.includes('DM011') && a.title.startsWith('Rebalance'),
  );
  assert.ok(
    actions.some((a) => a.title.includes('planner')),
    actions.map((a) => a.title).join('\n'),
  );
  assert.ok(
    actions.some((a) => a.title.includes('"balanced"')),
    actions.map((a) => a.title).join('\n'),
  );
  for (const a of actions) {
    const fixed: SourceDocument = { ...doc, text: applyEdits(doc.text, a.edits) };
    const after = analyzeDocument(fixed, exampleEnv);
    const devices = new Set(after.facts.maps[0]!.entries.map((e) => e.value.device));
    // GPUs only 0 and 1; a strategy may still offload to the CPU (balanced_low_0 does at the RTX 4090's real 23.64 GiB).
    assert.ok(
      [...devices].every((d) => d === 0 || d === 1 || d === 'cpu' || d === 'disk'),
      `"${a.title}" uses ${[...devices].join(', ')}`,
    );
    assert.deepEqual(
      after.findings.filter((f) => f.code === 'DM007' || f.code === 'DM011').map((f) => f.message),
      [],
      a.title,
    );
  }
});
