/**
 * The finder replays the top-level statements whose text and inputs did not change
 * (statementMemo.ts). That may never change a result: after random chains of edits over every
 * Python fixture and over generated files that build maps every way the finder follows (variables,
 * functions, loops, `d.update`, `d[k] = v`, comprehensions, kwargs dicts, rank reads, branches,
 * `global`), the memoized facts must be byte-identical to a pass from nothing, and the findings
 * those of a cold lint.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { workMeter } from '../../../src/core/base/workMeter';
import { findPythonMaps } from '../../../src/core/text/python/findPython';
import { statementMemoStats } from '../../../src/core/text/python/statementMemo';
import { REPO_ROOT } from '../../helpers/fixtures';
import { loadExample } from '../analysis/exampleEnv';
import { checkEditChain, type Edit } from './editChain';
import { PROGRAM_HEADER, STATEMENTS } from './memoPrograms';

const ex = loadExample('dm011_over_capacity.py');

/** Every Python file of the fixtures: examples, the real-code corpus and the rest. */
function pythonFixtures(dir = join(REPO_ROOT, 'test/fixtures')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? pythonFixtures(join(dir, e.name)) : e.name.endsWith('.py') ? [join(dir, e.name)] : [],
  );
}
const fixtures = pythonFixtures().map((path) => ({ path, text: readFileSync(path, 'utf8') }));

/** Keystrokes, and whole statements typed or pasted in (the generated statements themselves). */
const PIECES = ['', ' ', '1', '0', '"', 'x', '\n', '    ', '#', ',', '{', '}', '(', ')', '[', ']', ':', '=', 'd', '**'];
const where = fc.double({ min: 0, max: 1, noNaN: true });
const edit = fc.oneof(
  // Typing over one character keeps every later statement where it was: those are the replays to check.
  fc.tuple(where, fc.constant(1), fc.constantFrom('0', '1', '7', 'x', 'd', 'e', '"', ' ', '#', ',', '\n')),
  fc.tuple(
    where,
    fc.nat(10),
    fc.oneof(
      fc.array(fc.constantFrom(...PIECES), { maxLength: 3 }).map((xs) => xs.join('')),
      fc.constantFrom(...STATEMENTS).map((s) => `\n${s}\n`),
    ),
  ),
);

/** Runs a chain of edits on a document, checking after each that the memoized pass equals a cold one. */
function checkChain(fileName: string, start: string, edits: readonly Edit[], what: string): void {
  checkEditChain({ ...ex.doc, fileName, text: start }, ex.env, edits, what);
}

const SEED = { seed: Number(process.env.SEED ?? 20261205) };
let run = 0;

test('every Python fixture, after random chains of edits: memoized facts and findings equal a cold pass', () => {
  fc.assert(
    fc.property(fc.nat(fixtures.length - 1), fc.array(edit, { minLength: 1, maxLength: 6 }), (which, edits) => {
      const f = fixtures[which]!;
      checkChain(`/memo/fixture${run++}.py`, f.text, edits, f.path);
    }),
    { numRuns: Number(process.env.RUNS ?? 150), ...SEED },
  );
});

test('generated programs that build maps every way, after random chains of edits: equal to a cold pass', () => {
  const program = fc
    .array(fc.constantFrom(...STATEMENTS), { minLength: 3, maxLength: 18 })
    .map((ss) => PROGRAM_HEADER + ss.join('\n') + '\n');
  fc.assert(
    fc.property(program, fc.array(edit, { minLength: 1, maxLength: 8 }), (text, edits) => {
      checkChain(`/memo/generated${run++}.py`, text, edits, `generated:\n${text}`);
    }),
    { numRuns: Number(process.env.RUNS ?? 300), ...SEED },
  );
});

/** Each same-length edit below leaves every other statement where it was: the memo must see what changed anyway. */
const CASES: ReadonlyArray<{ what: string; text: string; from: string; to: string }> = [
  {
    what: 'a dict changed in place by a statement typed between its producer and its loader',
    text: `${PROGRAM_HEADER}d = {"model.layers": 0, "lm_head": 0}\nx = {}\nx["lm_head"] = 7\nprint(AutoModelForCausalLM.from_pretrained("../models/llama-2-7b", device_map=d))\n`,
    from: 'x["lm_head"] = 7',
    to: 'd["lm_head"] = 7',
  },
  {
    what: 'a mutation that is edited away',
    text: `${PROGRAM_HEADER}d = {"model.layers": 0, "lm_head": 0}\nd["lm_head"] = 7\nm = AutoModelForCausalLM.from_pretrained("../models/llama-2-7b", device_map=d)\n`,
    from: 'd["lm_head"] = 7',
    to: 'x["lm_head"] = 7',
  },
  {
    what: 'a command-line default the loader message quotes',
    text: `${PROGRAM_HEADER}parser.add_argument("--model_name", default="../models/llama-2-7b")\nargs = parser.parse_args()\nm = AutoModelForCausalLM.from_pretrained(args.model_name, device_map="auto")\n`,
    from: 'llama-2-7b"',
    to: 'llama-2-9b"',
  },
  {
    what: 'a visible-device count set above an unchanged loader',
    text: `${PROGRAM_HEADER}os.environ["CUDA_VISIBLE_DEVICES"] = "0,1"\nm = AutoModelForCausalLM.from_pretrained("../models/llama-2-7b", device_map={"": 1})\n`,
    from: '"0,1"',
    to: '"0,,"',
  },
  {
    what: 'a rank read typed into a statement the loader reads',
    text: `${PROGRAM_HEADER}r = int(os.environ.get("LOCAL_RANK", 0))\nr = 1\nm = AutoModelForCausalLM.from_pretrained("../models/llama-2-7b", device_map={"": r})\n`,
    from: 'r = 1\n',
    to: 'q = 1\n',
  },
];

for (const c of CASES) {
  test(`a same-length edit is seen through the memo: ${c.what}`, () => {
    assert.ok(c.text.includes(c.from) && c.from.length === c.to.length);
    const edited = c.text.replace(c.from, c.to);
    const fileName = `/memo/case${run++}.py`;
    findPythonMaps(c.text, fileName);
    assert.equal(JSON.stringify(findPythonMaps(edited, fileName)), JSON.stringify(findPythonMaps(edited)));
    assert.notEqual(JSON.stringify(findPythonMaps(c.text)), JSON.stringify(findPythonMaps(edited)), 'the edit changes the facts');
  });
}

test('an edit inside one map of a long file re-runs only the statements around it (counted, not timed)', () => {
  const block = (i: number) =>
    `def step_${i}(batch, model):\n    out = model(**batch)\n    return {"loss": out.loss, "lr": [g["lr"] for g in model.groups]}\n\n` +
    `dm_${i} = {"model.embed_tokens": 0, ${Array.from({ length: 32 }, (_, j) => `"model.layers.${j}": ${j >> 4}`).join(', ')}, "model.norm": 1, "lm_head": 1}\n` +
    `m_${i} = AutoModelForCausalLM.from_pretrained("../models/llama-2-7b", device_map=dm_${i})\n` +
    `o_${i} = AutoModelForCausalLM.from_pretrained("../models/llama-2-7b", device_map={f"model.layers.{j}": j // 16 for j in range(32)})\n\n`;
  const text = `${PROGRAM_HEADER}${Array.from({ length: 60 }, (_, i) => block(i)).join('')}`;
  const fileName = `/memo/long${run++}.py`;
  const meter = (f: () => void): number => {
    const before = workMeter.units;
    f();
    return workMeter.units - before;
  };
  const first = statementMemoStats.evaluated;
  const coldWork = meter(() => findPythonMaps(text, fileName));
  const statements = statementMemoStats.evaluated - first;
  const at = text.indexOf('"model.layers.20": 1', text.indexOf('dm_30 =')) + '"model.layers.20": '.length;
  const edited = `${text.slice(0, at)}0${text.slice(at + 1)}`;
  const before = { ...statementMemoStats };
  const editWork = meter(() => assert.equal(JSON.stringify(findPythonMaps(edited, fileName)), JSON.stringify(findPythonMaps(edited))));
  // The cold pass of the check above runs without a memo: take it out of the edit's count.
  const checkWork = meter(() => findPythonMaps(edited));
  assert.ok(editWork - checkWork < coldWork / 20, `the edit cost ${editWork - checkWork} units of a cold ${coldWork}`);
  assert.ok(statements > 240, `${statements} top-level statements`);
  assert.ok(statementMemoStats.evaluated - before.evaluated <= 2, 'the edited map and the loader that reads it');
  assert.ok(
    statementMemoStats.replayed - before.replayed >= statements - 2,
    `${statementMemoStats.replayed - before.replayed} statements replayed`,
  );

  // Lines typed above most maps move them: they are replayed with their spans moved, not run again.
  const above = edited.indexOf('dm_10 =');
  const typed = `${edited.slice(0, above)}# typed above\nx = 1\n${edited.slice(above)}`;
  const mid = { ...statementMemoStats };
  const typedWork = meter(() => assert.equal(JSON.stringify(findPythonMaps(typed, fileName)), JSON.stringify(findPythonMaps(typed))));
  const typedCheck = meter(() => findPythonMaps(typed));
  assert.ok(typedWork - typedCheck < coldWork / 20, `typing above cost ${typedWork - typedCheck} units of a cold ${coldWork}`);
  assert.ok(statementMemoStats.evaluated - mid.evaluated <= 1, 'only the typed statement runs');
});
