/**
 * Issue 18, tiny files that stalled or broke the analysis: each ends within a
 * generous budget, with bounded output and a clear message. (The timings are
 * measured in the bench; these budgets only catch a return of the blow-ups:
 * 28 s for the comprehension, "Invalid string length" for string doubling.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDocument } from '../../../src/core/analysis/analyze';
import { modelFromConfig } from '../../../src/core/models/registry';
import { catalogueConfig } from '../../../src/core/models/catalogue/index';
import { DEFAULT_SETUP } from '../../../src/core/settings';
import { MAX_EVAL_ITEMS, MAX_EVAL_WORK, MAX_FINDINGS, MAX_SOURCE_BYTES, MAX_SUGGESTIONS } from '../../../src/core/base/limits';
import { findDeviceMaps } from '../../../src/core/text/find';
import type { AnalysisEnv } from '../../../src/core/analysis/api';

const tree = modelFromConfig(catalogueConfig('gpt2')!);
const env: AnalysisEnv = { setup: DEFAULT_SETUP, lookupModel: () => ({ status: 'ok', tree, origin: 'catalogue' }) };
const HEAD = 'from transformers import AutoModelForCausalLM\n';
const analyze = (text: string) => {
  const t0 = Date.now();
  const { findings } = analyzeDocument({ text, languageId: 'python', fileName: '/tmp/hostile.py' }, env);
  return { findings, ms: Date.now() - t0 };
};

test('a 200-byte comprehension over range(20000) x range(20000): bounded "did you mean" work', () => {
  const { findings, ms } = analyze(
    `${HEAD}device_map = {f"transformer.hx.{i}.{j}": 0 for i in range(20000) for j in range(20000)}\nm = AutoModelForCausalLM.from_pretrained("gpt2", device_map=device_map)\n`,
  );
  assert.ok(ms < 20_000, `took ${ms} ms`); // generous: the machine is shared; the bench reads the real time
  const suggested = findings.filter((f) => (f.data as { suggestion?: string } | undefined)?.suggestion !== undefined);
  assert.ok(suggested.length <= MAX_SUGGESTIONS, `${suggested.length} suggestions`);
  assert.ok(findings.some((f) => f.code === 'DM002'));
  // Bounded output: 20,000 findings before; now the first MAX_FINDINGS and one line naming the limit.
  assert.ok(findings.length <= MAX_FINDINGS + 1, `${findings.length} findings`);
  assert.match(findings.at(-1)!.message, /findings limit exceeded/);
});

test('a source over the size limit gets one clear problem and no analysis, in every face', () => {
  const text = `${HEAD}device_map = {"transformer.wte": 0}
# ${'x'.repeat(MAX_SOURCE_BYTES)}
`;
  const { findings } = analyze(text);
  assert.equal(findings.length, 1);
  assert.match(findings[0]!.message, /file size limit exceeded/);
});

test('string doubling by + is cut by the evaluation budget, not by a RangeError', () => {
  const text = `${HEAD}s = "gpt2"\n${'s = s + s\n'.repeat(60)}m = AutoModelForCausalLM.from_pretrained(s, device_map="auto")\n`;
  const { findings } = analyze(text);
  assert.ok(
    !findings.some((f) => /could not read this file|Invalid string length/.test(f.message)),
    findings.map((f) => f.message).join('\n'),
  );
});

/*
 * `{**a, **{...}}` chains. The first version of this test spelled the new keys with
 * `for k, v in a.items()`, which the evaluator does not follow (`.items()` is unknown), so its
 * dict never grew and it passed with the bound removed. These two grow for real, through
 * `range(len(a))`, and each fails when evalDict's merge bound (charge + MAX_EVAL_ITEMS) is taken out.
 */
const mapOf = (text: string) => findDeviceMaps({ text, languageId: 'python', fileName: '/tmp/hostile.py' });

test('a doubling {**a, **{...}} chain stops growing at the item limit and says the map is partial', () => {
  // 2^16 entries after 16 lines without the bound; MAX_EVAL_ITEMS is 20,000.
  const lines = Array.from({ length: 16 }, (_, n) => `a = {**a, **{f"transformer.h.{j}.${n}": 0 for j in range(len(a))}}`);
  const facts = mapOf(
    `${HEAD}a = {"transformer.wte": 0}\n${lines.join('\n')}\nm = AutoModelForCausalLM.from_pretrained("gpt2", device_map=a)\n`,
  );
  const map = facts.maps[0]!;
  assert.ok(map.entries.length > 1000, `the chain must really grow (${map.entries.length} entries)`);
  assert.ok(map.entries.length <= MAX_EVAL_ITEMS, `${map.entries.length} entries`);
  assert.equal(map.partial, true);
});

test('every ** merge is charged to the evaluation budget: a chain of big merges ends in the budget message', () => {
  // 5,000 entries merged 4 times a line for 30 lines: 600,000 entries copied, over MAX_EVAL_WORK.
  const size = 5000;
  assert.ok(size * 4 * 30 > MAX_EVAL_WORK);
  const facts = mapOf(
    `${HEAD}a = {f"transformer.h.{j}": 0 for j in range(${size})}\n${'a = {**a, **a, **a, **a}\n'.repeat(30)}m = AutoModelForCausalLM.from_pretrained("gpt2", device_map=a)\n`,
  );
  assert.ok(
    facts.problems.some((p) => /evaluation steps limit exceeded/.test(p.message)),
    facts.problems.map((p) => p.message).join('\n') || 'no problem reported',
  );
});

test('an evaluation that runs out of budget says so, not "`MODEL` is not a string this file sets"', () => {
  // Enough work to exhaust the evaluator before the model name is reached.
  const burn = Array.from({ length: 40 }, (_, i) => `x${i} = [j * 2 for j in range(20000)]`).join('\n');
  const { findings } = analyze(
    `${HEAD}MODEL = "gpt2"\n${burn}\nm = AutoModelForCausalLM.from_pretrained(MODEL, device_map={"transformer.nope": 0})\n`,
  );
  const text = findings.map((f) => f.message).join('\n');
  assert.ok(!/is not a string this file sets/.test(text), text);
  // Before: no finding at all, the map silently lost. Now one clear line where evaluation stopped.
  assert.match(text, /evaluation steps limit exceeded/);
});

test('integer arithmetic past 2^53 is unknown, never a NaN/Infinity size or key', () => {
  const { findings } = analyze(
    `${HEAD}n = 10 ** 60\nd = {f"transformer.h.{n * n}": 0}\nm = AutoModelForCausalLM.from_pretrained("gpt2", device_map=d)\n`,
  );
  const text = findings.map((f) => f.message).join('\n');
  assert.ok(!/Infinity|NaN|e\+\d/.test(text), text);
});
