// Facts flow across cells the way the kernel runs them: model id, map, its updates, max_memory,
// CUDA_VISIBLE_DEVICES (%env or os.environ), training cues; a later redefinition wins. Completion,
// hover, quick fixes and lenses answer in the cell the cursor is in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  analyzeNotebook,
  notebookCodeActions,
  notebookCompletions,
  notebookHover,
  notebookLenses,
} from '../../../src/core/analysis/notebook';
import { NotebookProgram, type NotebookCell } from '../../../src/core/text/notebook/index';
import { EXAMPLES_ROOT, exampleEnv } from './repoExampleEnv';

const FILE = join(EXAMPLES_ROOT, 'notebook.ipynb');
const code = (text: string): NotebookCell => ({ kind: 'code', text, languageId: 'python' });
const md = (text: string): NotebookCell => ({ kind: 'markdown', text, languageId: 'markdown' });

/** The issue's case: the model id, the map and the load in three cells. */
const ISSUE: NotebookCell[] = [
  code('%pip install -q transformers accelerate\n!nvidia-smi'),
  code('from transformers import AutoModelForCausalLM\nmodel_id = "meta-llama/Llama-2-13b-hf"'),
  md('Split layer 1 by hand.'),
  code(
    'device_map = {\n    "model.embed_tokens": 0,\n    "model.layers.0": 0,\n    "model.layers.1.self_attn": 0,\n    "model.layers.1.mlp": 1,\n    "model.layers.1.input_layernorm": 1,\n    "model.layers.1.post_attention_layernorm": 1,\n    "model.norm": 1,\n    "lm_head": 1,\n}',
  ),
  code('%%time\nmodel = AutoModelForCausalLM.from_pretrained(model_id, device_map=device_map)'),
];

function run(cells: NotebookCell[]) {
  const program = NotebookProgram.of(cells);
  return { program, ...analyzeNotebook(program, FILE, exampleEnv) };
}

test('the issue notebook: DM001 and DM003 in the map cell, the model known from another cell', () => {
  const { findings } = run(ISSUE);
  const codes = findings.map((f) => f.code).sort();
  assert.ok(codes.includes('DM001'), codes.join(' '));
  assert.ok(codes.includes('DM003'), codes.join(' '));
  assert.ok(!codes.includes('DM016'), 'the model id is a module-level constant of the program');
  for (const f of findings.filter((x) => x.code === 'DM001' || x.code === 'DM003'))
    assert.equal(f.cell, 3, `${f.code} sits in the map's cell`);
  const dm003 = findings.find((f) => f.code === 'DM003')!;
  assert.match(ISSUE[3]!.text.slice(dm003.start, dm003.end), /model\.layers\.1/);
});

test('a later cell that redefines the map before the load wins', () => {
  const { findings } = run([...ISSUE.slice(0, 4), code('device_map = "auto"'), ISSUE[4]!]);
  assert.deepEqual(
    findings.filter((f) => f.code === 'DM001' || f.code === 'DM003'),
    [],
  );
  assert.ok(
    findings.every((f) => f.cell !== 3),
    'the first map never reaches the load',
  );
  // And an update in a later cell fills the map the load reads.
  const updated = run([...ISSUE.slice(0, 4), code('device_map.update({f"model.layers.{i}": 1 for i in range(2, 40)})'), ISSUE[4]!]);
  assert.ok(!updated.findings.some((f) => f.code === 'DM001'), updated.findings.map((f) => f.code).join(' '));
});

test('CUDA_VISIBLE_DEVICES from %env or os.environ in another cell limits the cards', () => {
  const load = code(
    'from transformers import AutoModelForCausalLM\nm = AutoModelForCausalLM.from_pretrained("meta-llama/Llama-2-7b-hf", device_map={"": 3})',
  );
  const withEnv = run([code('%env CUDA_VISIBLE_DEVICES=0,1'), load]).findings.map((f) => `${f.code}@${f.cell}`);
  const withOs = run([code('import os\nos.environ["CUDA_VISIBLE_DEVICES"] = "0,1"'), load]).findings.map((f) => `${f.code}@${f.cell}`);
  const without = run([load]).findings.map((f) => `${f.code}@${f.cell}`);
  assert.ok(withEnv.includes('DM007@1'), withEnv.join(' '));
  assert.deepEqual(withEnv, withOs);
  assert.ok(!without.includes('DM007@0'), 'eight cards are visible without the variable');
});

test('a %%bash or R cell is not read as Python', () => {
  const { findings, program } = run([code('%%bash\ndevice_map = {"x": 0}\n'), code('%%R\nfrom_pretrained(device_map="bad")')]);
  assert.equal(program.text, '');
  assert.deepEqual(findings, []);
});

test('completion and hover answer inside a cell; lenses sit in the map cell', () => {
  const cells = [...ISSUE];
  const cell = 3;
  const at = cells[cell]!.text.indexOf('"model.layers.0"') + '"model.layers.'.length;
  const items = notebookCompletions(NotebookProgram.of(cells), FILE, cell, at, exampleEnv);
  assert.ok(
    items.some((i) => /model\.layers\.1\d?/.test(i.insertText)),
    items
      .map((i) => i.label)
      .slice(0, 5)
      .join(' '),
  );
  assert.ok(items.every((i) => i.replace.cell === cell));
  const program = NotebookProgram.of(cells);
  const hover = notebookHover(program, FILE, cell, cells[cell]!.text.indexOf('model.embed_tokens') + 3, exampleEnv);
  assert.ok(hover, 'hover on a key');
  assert.equal(hover!.span.cell, cell);
  assert.match(cells[cell]!.text.slice(hover!.span.start, hover!.span.end), /model\.embed_tokens/);
  const lenses = notebookLenses(program, FILE, exampleEnv);
  assert.ok(lenses.length > 0);
  assert.ok(
    lenses.every((l) => l.span.cell === 3 || l.span.cell === 4),
    lenses.map((l) => l.span.cell).join(' '),
  );
});

test('a quick fix edits the cell its finding is in', () => {
  const cells = [
    code('from transformers import AutoModelForCausalLM'),
    code('device_map = "balance"'),
    code('m = AutoModelForCausalLM.from_pretrained("meta-llama/Llama-2-7b-hf", device_map=device_map)'),
  ];
  const program = NotebookProgram.of(cells);
  const { findings } = analyzeNotebook(program, FILE, exampleEnv);
  const dm008 = findings.find((f) => f.code === 'DM008');
  assert.ok(dm008, findings.map((f) => f.code).join(' '));
  assert.equal(dm008!.cell, 1);
  const actions = notebookCodeActions(program, FILE, { cell: 1, start: dm008!.start, end: dm008!.end }, [dm008!], exampleEnv);
  const fix = actions.find((a) => a.fixes.includes('DM008'));
  assert.ok(fix, actions.map((a) => a.title).join(' | '));
  assert.ok(fix!.edits.every((e) => e.cell === 1));
  let text = cells[1]!.text;
  for (const e of [...fix!.edits].sort((a, b) => b.offset - a.offset))
    text = text.slice(0, e.offset) + e.text + text.slice(e.offset + e.length);
  assert.equal(text, 'device_map = "balanced"');
});
