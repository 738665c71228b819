// The notebooks in examples/: the QLoRA run split over cells (magics between) is as clean as
// qlora_llama2_13b_2x24gb.py, with the same per-card totals; the broken split reports its two errors in the map's cell.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeDocument } from '../../../src/core/analysis/analyze';
import { codeLenses } from '../../../src/core/analysis/codeLens';
import { analyzeNotebook, notebookLenses } from '../../../src/core/analysis/notebook';
import { NotebookProgram, readNotebook } from '../../../src/core/text/notebook/index';
import { EXAMPLES_ROOT, exampleEnv } from './repoExampleEnv';

function program(name: string): NotebookProgram {
  const r = readNotebook(readFileSync(join(EXAMPLES_ROOT, name), 'utf8'));
  assert.ok(r.ok, name);
  return NotebookProgram.of(r.notebook.cells);
}

test('the QLoRA notebook gets the verdicts and per-card totals of the same run as a .py file', () => {
  const file = join(EXAMPLES_ROOT, 'qlora_llama2_13b_notebook.ipynb');
  const p = program('qlora_llama2_13b_notebook.ipynb');
  const { facts, findings } = analyzeNotebook(p, file, exampleEnv);
  const py = join(EXAMPLES_ROOT, 'qlora_llama2_13b_2x24gb.py');
  const asPy = analyzeDocument({ text: readFileSync(py, 'utf8'), languageId: 'python', fileName: py }, exampleEnv);
  assert.deepEqual(
    findings.map((f) => f.code),
    asPy.findings.map((f) => f.code),
  );
  const map = facts.maps.find((m) => m.reachesModel)!;
  assert.equal(map.entries.length, 44, 'the literal and both updates from another cell');
  assert.equal(map.visibleDevices, 2, '%env CUDA_VISIBLE_DEVICES=0,1');
  assert.equal(map.quantization !== undefined, true);
  assert.equal(facts.trains, true);
  assert.deepEqual(facts.loraTargets, ['q_proj', 'v_proj']);
  const lens = (titles: string[]) => titles.find((t) => /cuda:0/.test(t));
  const nbLens = lens(notebookLenses(p, file, exampleEnv).map((l) => l.title));
  assert.ok(nbLens);
  assert.equal(
    nbLens,
    lens(codeLenses({ text: readFileSync(py, 'utf8'), languageId: 'python', fileName: py }, exampleEnv).map((l) => l.title)),
  );
});

test('the broken split notebook reports DM001 and DM003 in the map cell', () => {
  const file = join(EXAMPLES_ROOT, 'diagnostics/notebook_DM001_DM003.ipynb');
  const { findings } = analyzeNotebook(program('diagnostics/notebook_DM001_DM003.ipynb'), file, exampleEnv);
  assert.deepEqual(
    findings
      .filter((f) => f.severity === 'error')
      .map((f) => `${f.code}@${f.cell}`)
      .sort(),
    ['DM001@3', 'DM003@3'],
  );
});
