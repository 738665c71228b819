// A notebook is one program: the same code split over cells (magics, markdown and %%bash cells
// between) gets exactly the verdicts it gets as one .py file, each finding in the cell its text
// is in, related places in theirs. Verdicts are compared by code, severity and place, not wording.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeDocument } from '../../../src/core/analysis/analyze';
import { analyzeNotebook, type CellFinding } from '../../../src/core/analysis/notebook';
import type { AnalysisEnv, Finding } from '../../../src/core/analysis/api';
import { NotebookProgram, readNotebook } from '../../../src/core/text/notebook/index';
import { notebookJson } from '../../helpers/notebooks';
import { loadExample } from './exampleEnv';
import { EXAMPLES_ROOT, exampleEnv } from './repoExampleEnv';
import { splitIntoCells, type SplitNotebook } from './notebookSplit';

function fileVerdicts(findings: readonly Finding[], nb: SplitNotebook): string[] {
  return findings
    .map((f) => {
      const at = nb.place(f);
      const related = (f.related ?? []).map((r) => nb.place(r.span)).map((r) => `${r.cell}:${r.start}-${r.end}`);
      return `${f.code} ${f.severity} cell ${at.cell} ${at.start}-${at.end} [${related.join(' ')}]`;
    })
    .sort();
}

function notebookVerdicts(findings: readonly CellFinding[]): string[] {
  return findings
    .map(
      (f) =>
        `${f.code} ${f.severity} cell ${f.cell} ${f.start}-${f.end} [${(f.related ?? []).map((r) => `${r.span.cell}:${r.span.start}-${r.span.end}`).join(' ')}]`,
    )
    .sort();
}

function compare(text: string, fileName: string, env: AnalysisEnv, every: number): string[] {
  const asFile = analyzeDocument({ text, languageId: 'python', fileName }, env).findings;
  const nb = splitIntoCells(text, every);
  // Through real notebook JSON, as Jupyter writes it.
  const read = readNotebook(notebookJson(nb.cells.map((c) => ({ kind: c.kind, text: c.text, pngBytes: 3000 }))));
  assert.ok(read.ok);
  const program = NotebookProgram.of(read.notebook.cells);
  const inCells = analyzeNotebook(program, fileName, env).findings;
  assert.deepEqual(notebookVerdicts(inCells), fileVerdicts(asFile, nb));
  return asFile.map((f) => f.code);
}

const FIXTURES = [
  'dm001_missing_lm_head.py',
  'dm003_split_attention.py',
  'dm005_tied_split.py',
  'dm007_device_out_of_range.py',
  'dm010_lora_on_cpu_blocks.py',
  'dm012_training_reserve.py',
  'dm013_bnb_cpu_offload.py',
  'dm014_bad_max_memory.py',
  'dm016_model_not_found.py',
  'dm017_zero_two_ways.py',
];

describe('notebook verdicts equal the same code as one .py file', () => {
  for (const name of FIXTURES) {
    test(name, () => {
      const ex = loadExample(name);
      for (const every of [1, 2]) {
        const codes = compare(ex.doc.text, ex.doc.fileName, ex.env, every);
        for (const code of ex.expect)
          assert.ok(codes.includes(code), `${name} split by ${every}: ${code} expected, got ${codes.join(' ')}`);
      }
    });
  }
  for (const name of [
    'qlora_llama2_13b_2x24gb.py',
    'llama2_70b_8_cards.py',
    'qwen_7b_manual_map.py',
    'diagnostics/DM003_split_block.py',
    'diagnostics/DM012_training_reserve.py',
  ]) {
    test(`examples/${name}`, () => {
      const path = join(EXAMPLES_ROOT, name);
      for (const every of [1, 3]) compare(readFileSync(path, 'utf8'), path, exampleEnv, every);
    });
  }
});
