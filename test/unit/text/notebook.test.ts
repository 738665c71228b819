// Notebooks as one program: reading .ipynb (nbformat 3 and 4), IPython syntax made plain Python
// without moving text, and offsets mapped both ways between the program and the cells.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cellPython, NotebookProgram, readNotebook, type NotebookCell } from '../../../src/core/text/notebook/index';
import { notebookJson, notebookJsonV3 } from '../../helpers/notebooks';

const code = (text: string, languageId = 'python'): NotebookCell => ({ kind: 'code', text, languageId });

test('reads nbformat 4.5 with list sources, outputs and per-cell languages', () => {
  const json = notebookJson([
    { kind: 'markdown', text: '# Title\nsome text' },
    { text: 'import torch\nx = 1\n', pngBytes: 2000 },
    { text: 'SELECT 1', languageId: 'sql' },
  ]);
  const r = readNotebook(json);
  assert.ok(r.ok);
  assert.equal(r.notebook.nbformat, 4);
  assert.equal(r.notebook.language, 'python');
  assert.deepEqual(
    r.notebook.cells.map((c) => [c.kind, c.languageId, c.text]),
    [
      ['markdown', 'markdown', '# Title\nsome text'],
      ['code', 'python', 'import torch\nx = 1\n'],
      ['code', 'sql', 'SELECT 1'],
    ],
  );
});

test('reads string sources and nbformat 3 worksheets', () => {
  const four = readNotebook(notebookJson([{ text: 'a = 1\nb = 2' }], { stringSources: true }));
  assert.ok(four.ok);
  assert.equal(four.notebook.cells[0]!.text, 'a = 1\nb = 2');
  const three = readNotebook(
    notebookJsonV3([{ kind: 'markdown', text: 'hi' }, { text: 'a = 1\nb = 2' }, { text: 'x <- 1', languageId: 'r' }]),
  );
  assert.ok(three.ok);
  assert.equal(three.notebook.nbformat, 3);
  assert.deepEqual(
    three.notebook.cells.map((c) => [c.kind, c.languageId, c.text]),
    [
      ['markdown', 'markdown', 'hi'],
      ['code', 'python', 'a = 1\nb = 2'],
      ['code', 'r', 'x <- 1'],
    ],
  );
});

test('bad input gives a clear message, never a throw', () => {
  for (const bad of ['{"cells": [', '[]', '"text"', '{"nbformat": 4}', '{"nbformat": 3}', '']) {
    const r = readNotebook(bad);
    assert.equal(r.ok, false, bad);
    if (!r.ok) assert.match(r.message, /^not a notebook: /);
  }
  // Cells of the wrong shape keep their index (as empty raw cells).
  const odd = readNotebook(
    '{"nbformat": 4, "cells": [1, null, {"cell_type": "code", "source": 5}, {"cell_type": "code", "source": ["x = 1"]}]}',
  );
  assert.ok(odd.ok);
  assert.deepEqual(
    odd.notebook.cells.map((c) => c.text),
    ['', '', '', 'x = 1'],
  );
});

test('an R kernel makes every code cell R', () => {
  const r = readNotebook(notebookJson([{ text: 'library(x)' }], { language: 'R' }));
  assert.ok(r.ok);
  assert.equal(r.notebook.cells[0]!.languageId, 'r');
  const p = NotebookProgram.of(r.notebook.cells);
  assert.equal(p.text, '');
  assert.deepEqual(p.skipped, [{ cell: 0, reason: 'r' }]);
});

test('IPython lines become plain Python of the same length', () => {
  const cell = [
    '%pip install -q peft',
    '!nvidia-smi',
    'files = !ls -la',
    'model_id?',
    '??AutoModel',
    'if True:',
    '    !echo hi',
    'x = 1  # a comment?',
    's = """',
    '!not a shell line',
    '%not a magic',
    '"""',
    'y = (1,',
    '  2)',
  ].join('\n');
  const py = cellPython(cell);
  assert.ok(py.python);
  const text = py.pieces.map((p) => p.text).join('');
  assert.equal(text.length, cell.length);
  assert.ok(py.pieces.every((p) => p.exact));
  assert.deepEqual(text.split('\n'), [
    '0#ip install -q peft',
    '0#vidia-smi',
    'files = 0#s -la',
    '0#del_id?',
    '0#AutoModel',
    'if True:',
    '    0#cho hi',
    'x = 1  # a comment?',
    's = """',
    '!not a shell line',
    '%not a magic',
    '"""',
    'y = (1,',
    '  2)',
  ]);
});

test('a cell magic on the first line: Python bodies are kept, other languages skip the cell', () => {
  const timed = cellPython('\n%%time\nx = 1\n');
  assert.ok(timed.python);
  assert.equal(timed.pieces.map((p) => p.text).join(''), '\n0#time\nx = 1\n');
  for (const magic of ['%%bash', '%%sql', '%%writefile train.py', '%%R', '%%html']) {
    const r = cellPython(`${magic}\necho device_map\n`);
    assert.equal(r.python, false, magic);
    if (!r.python) assert.equal(r.magic, magic.split(' ')[0]);
  }
});

test('%env sets the variable the program sees; shell continuations stay neutral', () => {
  const py = cellPython('%env CUDA_VISIBLE_DEVICES=0,1\n%env HF_HOME /tmp/hf\n%env\n!pip install \\\n   peft\nx = 1');
  assert.ok(py.python);
  assert.equal(
    py.pieces.map((p) => p.text).join(''),
    'os.environ["CUDA_VISIBLE_DEVICES"] = "0,1"\nos.environ["HF_HOME"] = "/tmp/hf"\n0#nv\n0#ip install \\\n   #eft\nx = 1',
  );
});

test('offsets map both ways, cell by cell, around synthetic lines and skipped cells', () => {
  const cells: NotebookCell[] = [
    code('model_id = "m"\n'),
    { kind: 'markdown', text: '# notes', languageId: 'markdown' },
    code('%env CUDA_VISIBLE_DEVICES=0\nd = {"a": 0}'),
    code('%%bash\nls'),
    code('load(model_id, device_map=d)'),
  ];
  const p = NotebookProgram.of(cells);
  assert.deepEqual(p.cells, [0, 2, 4]);
  assert.deepEqual(p.skipped, [{ cell: 3, reason: '%%bash' }]);
  // Every offset of copied text goes to the program and back unchanged.
  for (const cell of [0, 2, 4]) {
    const text = cells[cell]!.text;
    const envEnd = cell === 2 ? text.indexOf('\n') + 1 : 0;
    for (let o = envEnd; o <= text.length; o++) {
      const at = p.toProgram(cell, o)!;
      assert.equal(p.text[at], o < text.length ? text[o] : '\n', `cell ${cell} offset ${o}`);
      assert.deepEqual(p.toCell(at), { cell, offset: o });
    }
  }
  assert.equal(p.toProgram(1, 0), undefined);
  assert.equal(p.toProgram(3, 0), undefined);
  // A span inside the %env line maps to the whole line; a span never spills into the next cell.
  const envAt = p.text.indexOf('CUDA_VISIBLE_DEVICES');
  assert.deepEqual(p.spanToCell({ start: envAt, end: envAt + 5 }), { cell: 2, start: 0, end: cells[2]!.text.indexOf('\n') + 1 });
  const d = p.text.indexOf('d = {');
  assert.deepEqual(p.spanToCell({ start: d, end: p.text.indexOf('load') }), {
    cell: 2,
    start: cells[2]!.text.indexOf('d = {'),
    end: cells[2]!.text.length,
  });
  assert.deepEqual(p.lineColumn(2, cells[2]!.text.indexOf('"a"')), { line: 2, column: 6 });
});

test('edits map to cells; edits into synthetic text or across cells are refused', () => {
  const cells = [code('%env CUDA_VISIBLE_DEVICES=0\nd = {"a": 0}'), code('x = 1')];
  const p = NotebookProgram.of(cells);
  const zero = p.text.indexOf('0}');
  assert.deepEqual(p.editsToCells([{ offset: zero, length: 1, text: '1' }]), [
    { cell: 0, offset: cells[0]!.text.indexOf('0}'), length: 1, text: '1' },
  ]);
  // An insertion at the very end of a cell lands at the end of that cell.
  const endOf0 = p.toProgram(0, cells[0]!.text.length)!;
  assert.deepEqual(p.editsToCells([{ offset: endOf0, length: 0, text: '\ny = 2' }]), [
    { cell: 0, offset: cells[0]!.text.length, length: 0, text: '\ny = 2' },
  ]);
  assert.equal(p.editsToCells([{ offset: 3, length: 2, text: '' }]), undefined);
  assert.equal(p.editsToCells([{ offset: zero, length: p.text.indexOf('x = 1') - zero + 1, text: '' }]), undefined);
});

test('1,000 cells and megabytes of base64 output read and map quickly enough to stay linear', () => {
  const cells = Array.from({ length: 1000 }, (_, i) => ({
    text: i % 2 ? `x${i} = ${i}\n!echo ${i}` : `# cell ${i}\n%time f()`,
    pngBytes: i === 0 ? 4_000_000 : 0,
  }));
  const json = notebookJson(cells);
  assert.ok(json.length > 5_000_000);
  const r = readNotebook(json);
  assert.ok(r.ok);
  const p = NotebookProgram.of(r.notebook.cells);
  assert.equal(p.cells.length, 1000);
  assert.doesNotMatch(p.text, /iVBOR/, 'outputs never reach the program');
  const at = p.toProgram(999, 3)!;
  assert.deepEqual(p.toCell(at), { cell: 999, offset: 3 });
});

test('property: any cells, any IPython lines: copied offsets round-trip, and nothing throws', async () => {
  const fc = (await import('fast-check')).default;
  const line = fc.constantFrom(
    'x = 1',
    '%pip install a',
    '!ls \\',
    '   more',
    'd = {"a": 0,',
    '  "b": 1}',
    '"""doc',
    '!not shell"""',
    'y?',
    '%env A=1',
    '%%time',
    '%%bash',
    '    !echo',
    '',
    '# c',
    'if x:',
    "s = '%s' % 1",
    'z = !pwd',
  );
  const cell = fc.record({
    kind: fc.constantFrom('code', 'code', 'markdown'),
    languageId: fc.constantFrom('python', 'python', 'r'),
    text: fc.array(line, { maxLength: 8 }).map((ls) => ls.join('\n')),
  });
  fc.assert(
    fc.property(fc.array(cell, { maxLength: 6 }), (cells) => {
      const p = NotebookProgram.of(cells as NotebookCell[]);
      for (const c of p.cells) {
        const text = cells[c]!.text;
        for (let o = 0; o <= text.length; o++) {
          const at = p.toProgram(c, o);
          assert.notEqual(at, undefined);
          const back = p.toCell(at!);
          assert.equal(back?.cell, c);
          // Offsets inside a rewritten %env line come back as that line's start; all others exactly.
          const lineStart = text.lastIndexOf('\n', o - 1) + 1;
          if (!/^\s*%env/.test(text.slice(lineStart))) assert.equal(back!.offset, o, `cell ${c} offset ${o}`);
        }
      }
      for (let at = 0; at <= p.text.length; at += 3) p.spanToCell({ start: at, end: at + 5 });
    }),
    { numRuns: 300 },
  );
});
