/**
 * What `check` analyses for a path: a Python or JSON file as it is, or a
 * Jupyter notebook as the one program its code cells make, with findings
 * placed in their cell (`cell` = index into the notebook's `cells` array,
 * `line`/`column` 1-based inside that cell).
 */
import { analyzeDocument, analyzeNotebook, NotebookProgram, notebookSource, readNotebook, type AnalysisEnv, type SourceDocument } from '../core/index';
import { UsageError } from './args';
import { lineColumn } from './loadModel';

export interface CheckDiagnostic {
  readonly code: string;
  readonly severity: string;
  /** Notebooks only: the cell's index in the notebook's `cells` array. */
  readonly cell?: number;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

export interface Checkable {
  /** The source the analysis reads (a notebook's program for `.ipynb`). */
  readonly doc: SourceDocument;
  diagnostics(env: AnalysisEnv): CheckDiagnostic[];
}

/** The file kinds `check` reads, for callers that collect files from folders. */
export const CHECKABLE = /\.(pyi?|jsonc?|ipynb)$/i;

export function isNotebookPath(path: string): boolean {
  return /\.ipynb$/i.test(path);
}

function languageOf(path: string): string {
  if (/\.pyi?$/i.test(path)) return 'python';
  if (/\.jsonc$/i.test(path)) return 'jsonc';
  if (/\.json$/i.test(path)) return 'json';
  throw new UsageError(`${path}: only .py, .json, .jsonc and .ipynb files can be checked`);
}

function notebookCheckable(path: string, fileName: string, text: string): Checkable {
  const read = readNotebook(text);
  if (!read.ok) throw new UsageError(`${path}: ${read.message}`);
  const program = NotebookProgram.of(read.notebook.cells);
  return {
    doc: notebookSource(program, fileName),
    diagnostics: (env) => analyzeNotebook(program, fileName, env).findings.map((f) => ({
      code: f.code, severity: f.severity, cell: f.cell, ...program.lineColumn(f.cell, f.start), message: f.message,
    })),
  };
}

/** `fileName`: the absolute path (relative model folders resolve against it); `path`: as the user wrote it, for messages. */
export function checkableOf(path: string, fileName: string, text: string): Checkable {
  if (isNotebookPath(path)) return notebookCheckable(path, fileName, text);
  const doc: SourceDocument = { text, languageId: languageOf(path), fileName };
  return {
    doc,
    diagnostics: (env) => analyzeDocument(doc, env).findings.map((f) => ({ code: f.code, severity: f.severity, ...lineColumn(text, f.start), message: f.message })),
  };
}

/** `path:line:col` for files, `path:cell N:line:col` for notebook cells. */
export function placeOf(path: string, d: CheckDiagnostic): string {
  return d.cell === undefined ? `${path}:${d.line}:${d.column}` : `${path}:cell ${d.cell}:${d.line}:${d.column}`;
}
