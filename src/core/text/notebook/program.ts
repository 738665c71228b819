/**
 * A notebook's code cells as ONE Python program, in notebook order, the way
 * the kernel runs them top to bottom: facts set in one cell (the model id, the
 * map, `max_memory`, `%env CUDA_VISIBLE_DEVICES`) reach the load in another.
 * Every offset maps both ways between the program and (cell, offset in cell),
 * so findings, completions, hovers and edits land in the cell their text is in.
 */
import type { Span, TextEdit } from '../types';
import { cellPython } from './ipython';
import type { NotebookCell } from './readNotebook';

/** A place in a cell: the cell's index in the notebook and a UTF-16 offset into its text. */
export interface CellOffset {
  readonly cell: number;
  readonly offset: number;
}

export interface CellSpan {
  readonly cell: number;
  readonly start: number;
  readonly end: number;
}

export interface CellEdit extends TextEdit {
  readonly cell: number;
}

/** A stretch of the program and the stretch of one cell it stands for. */
interface Segment {
  readonly pStart: number;
  readonly pEnd: number;
  readonly cell: number;
  readonly cStart: number;
  readonly cEnd: number;
  /** Offset for offset (else the segment maps as a whole: synthetic `%env` lines, cell separators). */
  readonly exact: boolean;
}

/** Languages whose cells are Python. */
const PYTHON_IDS = new Set(['python', 'python3', 'ipython', 'ipython3', 'py']);

export function isPythonCell(cell: Pick<NotebookCell, 'kind' | 'languageId'>): boolean {
  return cell.kind === 'code' && PYTHON_IDS.has(cell.languageId.toLowerCase());
}

export interface SkippedCell {
  readonly cell: number;
  /** Why it is not part of the program: `markdown`, `r`, `%%bash`... */
  readonly reason: string;
}

export class NotebookProgram {
  private constructor(
    /** The program text (plain Python). */
    readonly text: string,
    private readonly segments: readonly Segment[],
    /** Code cells left out (other languages, non-Python cell magics). */
    readonly skipped: readonly SkippedCell[],
    /** The cells' texts, to turn offsets into lines and columns. */
    readonly cellTexts: readonly string[],
  ) {}

  /** Builds the program from the notebook's cells (their index is their position). */
  static of(cells: ReadonlyArray<Pick<NotebookCell, 'kind' | 'languageId' | 'text'>>): NotebookProgram {
    let text = '';
    const segments: Segment[] = [];
    const skipped: SkippedCell[] = [];
    cells.forEach((cell, index) => {
      if (cell.kind !== 'code') return;
      if (!isPythonCell(cell)) {
        skipped.push({ cell: index, reason: cell.languageId });
        return;
      }
      const py = cellPython(cell.text);
      if (!py.python) {
        skipped.push({ cell: index, reason: py.magic });
        return;
      }
      for (const p of py.pieces) {
        segments.push({
          pStart: text.length,
          pEnd: text.length + p.text.length,
          cell: index,
          cStart: p.start,
          cEnd: p.end,
          exact: p.exact,
        });
        text += p.text;
      }
      // Each cell ends its statements: a separator stands for the end of the cell.
      segments.push({
        pStart: text.length,
        pEnd: text.length + 1,
        cell: index,
        cStart: cell.text.length,
        cEnd: cell.text.length,
        exact: false,
      });
      text += '\n';
    });
    return new NotebookProgram(
      text,
      segments,
      skipped,
      cells.map((c) => c.text),
    );
  }

  /** The cells that are part of the program, in order. */
  get cells(): number[] {
    return [...new Set(this.segments.map((s) => s.cell))];
  }

  /**
   * The cell position of a program offset. `side: 'end'` reads an offset that ends a span
   * (it belongs to the text before it, so a span never spills into the next cell).
   */
  toCell(offset: number, side: 'start' | 'end' = 'start'): CellOffset | undefined {
    const segs = this.segments;
    if (segs.length === 0) return undefined;
    // Binary search: the first segment that ends after (or, for an end, at or after) the offset.
    let lo = 0;
    let hi = segs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const s = segs[mid]!;
      if (side === 'end' ? s.pEnd >= offset : s.pEnd > offset) hi = mid;
      else lo = mid + 1;
    }
    const s = segs[lo]!;
    if (s.exact) return { cell: s.cell, offset: s.cStart + Math.max(0, Math.min(offset - s.pStart, s.cEnd - s.cStart)) };
    return { cell: s.cell, offset: side === 'end' && offset > s.pStart ? s.cEnd : s.cStart };
  }

  /** A program span in one cell (a span that crosses cells is cut at the end of its first cell). */
  spanToCell(span: Span): CellSpan | undefined {
    const start = this.toCell(span.start, 'start');
    if (!start) return undefined;
    const end = this.toCell(Math.max(span.start, span.end), 'end');
    const endOffset = end && end.cell === start.cell ? end.offset : (this.cellTexts[start.cell] ?? '').length;
    return { cell: start.cell, start: start.offset, end: Math.max(start.offset, endOffset) };
  }

  /** The program offset of a place in a cell; undefined for cells outside the program. */
  toProgram(cell: number, offset: number): number | undefined {
    let best: Segment | undefined;
    for (const s of this.segments) {
      if (s.cell !== cell) continue;
      if (offset >= s.cStart && (offset < s.cEnd || (s.exact && offset === s.cEnd))) {
        if (s.exact) return s.pStart + (offset - s.cStart);
        best ??= s;
      }
    }
    if (best) return best.pStart;
    // Past the cell's last piece (its end): the separator.
    const last = [...this.segments].reverse().find((s) => s.cell === cell);
    return last ? last.pStart : undefined;
  }

  /**
   * Program edits as edits of cells. Undefined when an edit would touch text
   * the program made up (an `%env` line rewritten as Python) or span two cells:
   * such an edit cannot be written back faithfully, so it is not offered.
   */
  editsToCells(edits: readonly TextEdit[]): CellEdit[] | undefined {
    const out: CellEdit[] = [];
    for (const e of edits) {
      const start = this.segmentAt(e.offset, 'start');
      if (!start) return undefined;
      if (e.length === 0) {
        // An insertion: inside copied text, or right after a cell's last text (its separator).
        if (!start.exact && start.cStart !== start.cEnd) return undefined;
        out.push({
          cell: start.cell,
          offset: start.exact ? start.cStart + (e.offset - start.pStart) : start.cEnd,
          length: 0,
          text: e.text,
        });
        continue;
      }
      const end = this.segmentAt(e.offset + e.length, 'end');
      if (!end || start.cell !== end.cell || !start.exact || !end.exact) return undefined;
      const from = start.cStart + (e.offset - start.pStart);
      const to = end.cStart + (e.offset + e.length - end.pStart);
      out.push({ cell: start.cell, offset: from, length: Math.max(0, to - from), text: e.text });
    }
    return out;
  }

  /** 1-based line and column of an offset in a cell. */
  lineColumn(cell: number, offset: number): { line: number; column: number } {
    const text = this.cellTexts[cell] ?? '';
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < offset && i < text.length; i++) {
      if (text.charCodeAt(i) === 10) {
        line++;
        lineStart = i + 1;
      }
    }
    return { line, column: offset - lineStart + 1 };
  }

  private segmentAt(offset: number, side: 'start' | 'end'): Segment | undefined {
    const segs = this.segments;
    const i = segs.findIndex((s) => (side === 'end' ? s.pEnd >= offset && s.pStart <= offset : s.pEnd > offset && s.pStart <= offset));
    if (i >= 0) {
      // An insertion between an exact piece and the cell's separator belongs to the exact piece.
      if (
        side === 'start' &&
        !segs[i]!.exact &&
        i > 0 &&
        segs[i - 1]!.pEnd === offset &&
        segs[i - 1]!.cell === segs[i]!.cell &&
        segs[i - 1]!.exact
      )
        return segs[i - 1];
      return segs[i];
    }
    return undefined;
  }
}
