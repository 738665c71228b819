/**
 * Splits a Python file into notebook cells at top-level statements, the way
 * people paste a script into Jupyter, with IPython lines and markdown cells
 * between. Knows where each piece of the file went, so a finding on the file
 * can be placed in the cell the notebook must report it in.
 */
import { parser } from '@lezer/python';
import type { NotebookCell } from '../../../src/core/text/notebook/index';
import type { Span } from '../../../src/core/text/types';

/** IPython lines put at the top of code cells, in turn (cell magics only ever go first). */
const PREFIXES = [
  '%%time\n',
  '!nvidia-smi\n%pip install -q peft bitsandbytes\n',
  '',
  '%%capture\nx_help = 1\nx_help?\n',
  '%load_ext autoreload\n%autoreload 2\n',
];

export interface SplitNotebook {
  readonly cells: NotebookCell[];
  /** The cell span a span of the file lands in (clipped to its first cell, as the notebook clips it). */
  place(span: Span): { cell: number; start: number; end: number };
}

/** `every`: statements per cell. */
export function splitIntoCells(text: string, every = 1): SplitNotebook {
  const starts: number[] = [];
  let node = parser.parse(text).topNode.firstChild;
  let n = 0;
  while (node) {
    if (node.name !== 'Comment') {
      if (n % every === 0 && node.from > 0) starts.push(node.from);
      n++;
    }
    node = node.nextSibling;
  }
  const bounds = [0, ...starts, text.length];
  const cells: NotebookCell[] = [];
  const pieces: Array<{ cell: number; from: number; to: number; prefix: number }> = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    // A markdown note and a shell-only cell between code cells, now and then.
    if (i % 3 === 1) cells.push({ kind: 'markdown', text: `## Step ${i}\nWhat this cell does.`, languageId: 'markdown' });
    if (i % 4 === 2) cells.push({ kind: 'code', text: '%%bash\nnvidia-smi --query-gpu=memory.total --format=csv\n', languageId: 'python' });
    const prefix = PREFIXES[i % PREFIXES.length]!;
    pieces.push({ cell: cells.length, from: bounds[i]!, to: bounds[i + 1]!, prefix: prefix.length });
    cells.push({ kind: 'code', text: prefix + text.slice(bounds[i]!, bounds[i + 1]!), languageId: 'python' });
  }
  return {
    cells,
    place(span) {
      const p = pieces.find((q) => span.start >= q.from && (span.start < q.to || q.to === text.length))!;
      return { cell: p.cell, start: p.prefix + span.start - p.from, end: p.prefix + Math.min(span.end, p.to) - p.from };
    },
  };
}
