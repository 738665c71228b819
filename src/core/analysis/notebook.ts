/**
 * The language service over a notebook: analysis runs once over the program
 * its code cells make (core/text/notebook), and every answer is mapped back
 * to the cell its text is in. The extension, the CLI and a language server
 * call these; none of them converts notebook offsets by itself.
 */
import type { CellEdit, CellSpan, NotebookProgram } from '../text/notebook/program';
import type { DocumentFacts, Span } from '../text/types';
import type { AnalysisEnv, CodeAction, CodeLensInfo, CompletionItem, Finding, HoverResult, SourceDocument } from './api';
import { analyzeDocument } from './analyze';
import { codeActionsFor } from './codeActions';
import { codeLenses } from './codeLens';
import { completeAt } from './completion';
import { hoverAt } from './hover';

/** A finding placed in its cell, with its related places in theirs. */
export interface CellFinding extends Omit<Finding, 'start' | 'end' | 'related'> {
  readonly cell: number;
  readonly start: number;
  readonly end: number;
  readonly related?: ReadonlyArray<{ readonly span: CellSpan; readonly message: string }>;
  /** The finding on the program, for quick fixes. */
  readonly programFinding: Finding;
}

export interface CellCompletion extends Omit<CompletionItem, 'replace'> {
  readonly replace: CellSpan;
}

export interface CellHover {
  readonly span: CellSpan;
  readonly markdown: string;
}

export interface CellCodeAction extends Omit<CodeAction, 'edits'> {
  /** Every edit of the action, cell by cell: applied together, one undo step. */
  readonly edits: readonly CellEdit[];
}

export interface CellCodeLens extends Omit<CodeLensInfo, 'span'> {
  readonly span: CellSpan;
}

/** The notebook's program as a Python source document the engine analyses. */
export function notebookSource(program: NotebookProgram, fileName: string): SourceDocument {
  return { text: program.text, languageId: 'python', fileName };
}

/** A program finding in the cell where its text is (undefined if it has no place in any cell). */
export function findingInCell(program: NotebookProgram, f: Finding): CellFinding | undefined {
  const at = program.spanToCell(f);
  if (!at) return undefined;
  const related = (f.related ?? []).flatMap((r) => {
    const span = program.spanToCell(r.span);
    return span ? [{ span, message: r.message }] : [];
  });
  const { related: _ignored, start: _s, end: _e, ...rest } = f;
  return { ...rest, cell: at.cell, start: at.start, end: at.end, ...(related.length ? { related } : {}), programFinding: f };
}

export function analyzeNotebook(
  program: NotebookProgram,
  fileName: string,
  env: AnalysisEnv,
): { facts: DocumentFacts; findings: CellFinding[] } {
  const { facts, findings } = analyzeDocument(notebookSource(program, fileName), env);
  return { facts, findings: cellFindings(program, findings) };
}

/** The program's findings placed in their cells (the extension maps a worker's answer with this too). */
export function cellFindings(program: NotebookProgram, findings: readonly Finding[]): CellFinding[] {
  return findings.flatMap((f) => findingInCell(program, f) ?? []);
}

export function notebookCompletions(
  program: NotebookProgram,
  fileName: string,
  cell: number,
  offset: number,
  env: AnalysisEnv,
): CellCompletion[] {
  const at = program.toProgram(cell, offset);
  if (at === undefined) return [];
  return completeAt(notebookSource(program, fileName), at, env).flatMap((c) => {
    const replace = program.spanToCell(c.replace);
    return replace && replace.cell === cell ? [{ ...c, replace }] : [];
  });
}

export function notebookHover(
  program: NotebookProgram,
  fileName: string,
  cell: number,
  offset: number,
  env: AnalysisEnv,
): CellHover | undefined {
  const at = program.toProgram(cell, offset);
  if (at === undefined) return undefined;
  const h: HoverResult | undefined = hoverAt(notebookSource(program, fileName), at, env);
  const span = h ? program.spanToCell(h.span) : undefined;
  return h && span ? { span, markdown: h.markdown } : undefined;
}

/**
 * Quick fixes for the findings in a cell's range. Actions whose edits would
 * touch text the program made up (an `%env` line) are left out.
 */
export function notebookCodeActions(
  program: NotebookProgram,
  fileName: string,
  range: CellSpan,
  findings: readonly CellFinding[],
  env: AnalysisEnv,
): CellCodeAction[] {
  const start = program.toProgram(range.cell, range.start);
  const end = program.toProgram(range.cell, range.end);
  if (start === undefined || end === undefined) return [];
  const span: Span = { start, end: Math.max(start, end) };
  return codeActionsFor(
    notebookSource(program, fileName),
    span,
    findings.map((f) => f.programFinding),
    env,
  ).flatMap((a) => {
    const edits = program.editsToCells(a.edits);
    return edits ? [{ ...a, edits }] : [];
  });
}

export function notebookLenses(program: NotebookProgram, fileName: string, env: AnalysisEnv): CellCodeLens[] {
  return codeLenses(notebookSource(program, fileName), env).flatMap((l) => {
    const span = program.spanToCell(l.span);
    return span ? [{ ...l, span }] : [];
  });
}
