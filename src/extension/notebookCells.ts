/**
 * The bridge between VS Code notebooks and core's notebook program: the cells
 * of a `NotebookDocument` as core reads them, and cell spans / cell edits as
 * `vscode.*` ranges and one `WorkspaceEdit`. Nothing else converts notebook offsets.
 */
import * as vscode from 'vscode';
import type { CellEdit, CellSpan, NotebookCell } from '../core/index';
import { toRange } from './convert';

export const CELL_SCHEME = 'vscode-notebook-cell';
/** The notebook type of `.ipynb` files in VS Code's built-in notebook editor. */
export const NOTEBOOK_TYPE = 'jupyter-notebook';

export function isCellDocument(doc: vscode.TextDocument): boolean {
  return doc.uri.scheme === CELL_SCHEME;
}

/** The notebook holding a cell document, and the cell's index in it. */
export function notebookOfCell(doc: vscode.TextDocument): { notebook: vscode.NotebookDocument; index: number } | undefined {
  if (!isCellDocument(doc)) return undefined;
  const key = doc.uri.toString();
  for (const notebook of vscode.workspace.notebookDocuments) {
    const cell = notebook.getCells().find((c) => c.document.uri.toString() === key);
    if (cell) return { notebook, index: cell.index };
  }
  return undefined;
}

export function cellsOf(notebook: vscode.NotebookDocument): NotebookCell[] {
  return notebook.getCells().map((c) => ({
    kind: c.kind === vscode.NotebookCellKind.Code ? 'code' : 'markdown',
    languageId: c.document.languageId,
    text: c.document.getText(),
  }));
}

/** Changes whenever a cell's text, a cell's place or the set of cells changes. */
export function notebookVersion(notebook: vscode.NotebookDocument): string {
  return `${notebook.version}:${notebook
    .getCells()
    .map((c) => `${c.document.uri.fragment}@${c.document.version}`)
    .join(',')}`;
}

/** The file name the analysis sees (relative model folders resolve against the notebook's folder). */
export function notebookFileName(notebook: vscode.NotebookDocument): string {
  return notebook.uri.scheme === 'file' ? notebook.uri.fsPath : notebook.uri.toString();
}

export function cellLocation(notebook: vscode.NotebookDocument, span: CellSpan): vscode.Location | undefined {
  if (span.cell >= notebook.cellCount) return undefined;
  const doc = notebook.cellAt(span.cell).document;
  return new vscode.Location(doc.uri, toRange(doc, span));
}

/** All edits of one action, in whichever cells they fall, as one WorkspaceEdit: one undo step. */
export function cellWorkspaceEdit(notebook: vscode.NotebookDocument, edits: readonly CellEdit[]): vscode.WorkspaceEdit {
  const we = new vscode.WorkspaceEdit();
  const byCell = new Map<number, vscode.TextEdit[]>();
  for (const e of edits) {
    if (e.cell >= notebook.cellCount) continue;
    const doc = notebook.cellAt(e.cell).document;
    const list = byCell.get(e.cell) ?? [];
    list.push(vscode.TextEdit.replace(toRange(doc, { start: e.offset, end: e.offset + e.length }), e.text));
    byCell.set(e.cell, list);
  }
  for (const [cell, list] of byCell) we.set(notebook.cellAt(cell).document.uri, list);
  return we;
}
