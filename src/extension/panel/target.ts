/**
 * What the layout panel is bound to: a text document, or a notebook whose
 * code cells the engine reads as one program. The panel asks the target for
 * the text it draws, for the WorkspaceEdit of an intent (one undo step, in the
 * right cells) and for where to reveal a span; it never converts notebook
 * offsets itself.
 */
import * as vscode from 'vscode';
import { NotebookProgram, type PanelDocument, type Span, type TextEdit } from '../../core/index';
import { toRange, toWorkspaceEdit } from '../convert';
import { cellsOf, cellWorkspaceEdit, isCellDocument, notebookFileName, notebookOfCell, notebookVersion } from '../notebookCells';

export interface PanelTarget {
  readonly doc: PanelDocument;
  /** Undefined when the edits cannot be written back (they touch text a notebook's program made up). */
  workspaceEdit(edits: readonly TextEdit[]): vscode.WorkspaceEdit | undefined;
  reveal(span: Span): Promise<void>;
}

/** A number that changes with any cell edit or cell move (the panel's intents echo it). */
function versionNumber(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  return h >>> 0;
}

function textTarget(d: vscode.TextDocument): PanelTarget {
  return {
    doc: { text: d.getText(), languageId: d.languageId, fileName: d.fileName, uri: d.uri.toString(), version: d.version },
    workspaceEdit: (edits) => toWorkspaceEdit(d, edits),
    reveal: async (span) => {
      const editor = await vscode.window.showTextDocument(d, { viewColumn: vscode.ViewColumn.One, preserveFocus: false });
      const range = toRange(d, span);
      editor.selection = new vscode.Selection(range.start, range.end);
      editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    },
  };
}

function notebookTarget(nb: vscode.NotebookDocument): { target: PanelTarget; program: NotebookProgram } {
  const program = NotebookProgram.of(cellsOf(nb));
  const target: PanelTarget = {
    doc: {
      text: program.text,
      languageId: 'python',
      fileName: notebookFileName(nb),
      uri: nb.uri.toString(),
      version: versionNumber(notebookVersion(nb)),
    },
    workspaceEdit: (edits) => {
      const cellEdits = program.editsToCells(edits);
      return cellEdits ? cellWorkspaceEdit(nb, cellEdits) : undefined;
    },
    reveal: async (span) => {
      const at = program.spanToCell(span);
      if (!at || at.cell >= nb.cellCount) return;
      const cellDoc = nb.cellAt(at.cell).document;
      const editor = await vscode.window.showTextDocument(cellDoc, { viewColumn: vscode.ViewColumn.One, preserveFocus: false });
      const range = toRange(cellDoc, at);
      editor.selection = new vscode.Selection(range.start, range.end);
      editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    },
  };
  return { target, program };
}

function openNotebook(uri: vscode.Uri): vscode.NotebookDocument | undefined {
  const key = uri.toString();
  return vscode.workspace.notebookDocuments.find((nb) => nb.uri.toString() === key);
}

export async function panelTarget(uri: vscode.Uri): Promise<PanelTarget | undefined> {
  const nb = openNotebook(uri);
  if (nb) return notebookTarget(nb).target;
  const key = uri.toString();
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
  if (open) return textTarget(open);
  try {
    if (/\.ipynb$/i.test(uri.path)) return notebookTarget(await vscode.workspace.openNotebookDocument(uri)).target;
    return textTarget(await vscode.workspace.openTextDocument(uri));
  } catch {
    return undefined;
  }
}

/** The target an editor shows (a cell's notebook, or the document) and the cursor offset in the target's text. */
export function editorTarget(
  doc: vscode.TextDocument,
  offset: number,
): { uri: vscode.Uri; target: PanelTarget; offset: number } | undefined {
  if (!isCellDocument(doc)) return { uri: doc.uri, target: textTarget(doc), offset };
  const owner = notebookOfCell(doc);
  if (!owner) return undefined;
  const { target, program } = notebookTarget(owner.notebook);
  const at = program.toProgram(owner.index, offset);
  return at === undefined ? undefined : { uri: owner.notebook.uri, target, offset: at };
}

/** Whether a changed text document is (part of) the bound target. */
export function isPartOf(bound: vscode.Uri, changed: vscode.TextDocument): boolean {
  if (changed.uri.toString() === bound.toString()) return true;
  return isCellDocument(changed) && notebookOfCell(changed)?.notebook.uri.toString() === bound.toString();
}
