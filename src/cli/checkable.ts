/**
 * What `check` analyses for a file: a Python or JSON file as it is, or a
 * Jupyter notebook as the one program its code cells make, with findings
 * placed in their cell (`cell` = index into the notebook's `cells` array,
 * `line`/`column` 1-based inside that cell).
 */
import {
  analyzeDocument,
  analyzeNotebook,
  codeDescription,
  NotebookProgram,
  notebookSource,
  readNotebook,
  type AnalysisEnv,
  type SourceDocument,
} from '../core/index';
import { UsageError } from './args';
import { NOTEBOOK } from './collectFiles';
import type { ReportedFinding } from './format/index';
import { lineColumn } from './loadModel';

export interface Checkable {
  /** The source the analysis reads (a notebook's program for `.ipynb`). */
  readonly doc: SourceDocument;
  findings(env: AnalysisEnv): ReportedFinding[];
}

type Place = { line: number; column: number; endLine: number; endColumn: number };

function inText(text: string, start: number, end: number): Place {
  const a = lineColumn(text, start);
  const b = lineColumn(text, end);
  return { line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
}

function notebookCheckable(shown: string, fileName: string, text: string): Checkable {
  const read = readNotebook(text);
  if (!read.ok) throw new UsageError(`${shown}: ${read.message}`);
  const program = NotebookProgram.of(read.notebook.cells);
  const inCell = (cell: number, start: number, end: number): Place & { cell: number } => {
    const a = program.lineColumn(cell, start);
    const b = program.lineColumn(cell, end);
    return { cell, line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
  };
  return {
    doc: notebookSource(program, fileName),
    findings: (env) =>
      analyzeNotebook(program, fileName, env).findings.map((f) => ({
        code: f.code,
        // The code's own generated page, as LSP's codeDescription (docs/diagnostics/<code>.md).
        ...(codeDescription(f.code) ? { codeDescription: codeDescription(f.code)! } : {}),
        severity: f.severity,
        ...inCell(f.cell, f.start, f.end),
        message: f.message,
        ...(f.related && f.related.length > 0
          ? { related: f.related.map((r) => ({ ...inCell(r.span.cell, r.span.start, r.span.end), message: r.message })) }
          : {}),
      })),
  };
}

/**
 * `fileName`: the absolute path (relative model folders resolve against it); `shown`: the path as
 * reported, for messages; `languageId`: from `languageOfPath` (`NOTEBOOK` for `.ipynb`).
 */
export function checkableOf(shown: string, fileName: string, text: string, languageId: string): Checkable {
  if (languageId === NOTEBOOK) return notebookCheckable(shown, fileName, text);
  const doc: SourceDocument = { text, languageId, fileName };
  return {
    doc,
    findings: (env) =>
      analyzeDocument(doc, env).findings.map((f) => ({
        code: f.code,
        // The code's own generated page, as LSP's codeDescription (docs/diagnostics/<code>.md).
        ...(codeDescription(f.code) ? { codeDescription: codeDescription(f.code)! } : {}),
        severity: f.severity,
        ...inText(text, f.start, f.end),
        message: f.message,
        ...(f.related && f.related.length > 0
          ? { related: f.related.map((r) => ({ ...inText(text, r.span.start, r.span.end), message: r.message })) }
          : {}),
      })),
  };
}
