/**
 * Completion, hover, quick fixes and CodeLens inside notebook cells, for the one set of providers
 * (providers.ts): the same engine answers as for files, asked about the notebook's program and
 * mapped back to the cell under the cursor. A fix's edits, whichever cells they touch, are one
 * WorkspaceEdit: one undo step.
 */
import * as vscode from 'vscode';
import { codeOf, SOURCE, toCompletionItem, toHover, toRange } from './convert';
import { cellWorkspaceEdit } from './notebookCells';
import type { NotebookAnalyses } from './notebookAnalyses';
import { FIX_APPLIED } from './walkthrough/commandIds';

export class NotebookAnswers {
  constructor(private readonly notebooks: NotebookAnalyses) {}

  async complete(
    doc: vscode.TextDocument,
    pos: vscode.Position,
    token: vscode.CancellationToken,
  ): Promise<vscode.CompletionList | undefined> {
    const ctx = await this.notebooks.cellContext(doc, token);
    if (!ctx) return undefined;
    const items = this.notebooks.completions(ctx, doc.offsetAt(pos));
    if (items.length === 0) return undefined;
    return new vscode.CompletionList(
      items.map((c) => toCompletionItem(doc, { ...c, replace: c.replace })),
      false,
    );
  }

  async hover(doc: vscode.TextDocument, pos: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    const ctx = await this.notebooks.cellContext(doc, token);
    const h = ctx ? this.notebooks.hover(ctx, doc.offsetAt(pos)) : undefined;
    return h ? toHover(doc, h) : undefined;
  }

  async actions(
    doc: vscode.TextDocument,
    range: vscode.Range,
    context: vscode.CodeActionContext,
    token: vscode.CancellationToken,
  ): Promise<vscode.CodeAction[]> {
    const ctx = await this.notebooks.cellContext(doc, token);
    if (!ctx) return [];
    const span = { cell: ctx.index, start: doc.offsetAt(range.start), end: doc.offsetAt(range.end) };
    const wanted = context.only;
    return this.notebooks.codeActions(ctx, span).flatMap((a) => {
      const kind = a.kind === 'quickfix' ? vscode.CodeActionKind.QuickFix : vscode.CodeActionKind.RefactorRewrite;
      if (wanted && !wanted.contains(kind)) return [];
      const action = new vscode.CodeAction(a.title, kind);
      action.edit = cellWorkspaceEdit(ctx.notebook, a.edits);
      action.command = { title: a.title, command: FIX_APPLIED };
      action.isPreferred = a.preferred ?? false;
      const fixed = context.diagnostics.filter((d) => d.source === SOURCE && a.fixes.includes(codeOf(d) ?? ''));
      if (fixed.length) action.diagnostics = fixed;
      return [action];
    });
  }

  async lenses(doc: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    const ctx = await this.notebooks.cellContext(doc, token);
    if (!ctx) return [];
    return this.notebooks.lenses(ctx).map((l) => {
      // The layout panel binds the notebook, so the lens hands it the notebook's URI.
      const command = l.command
        ? { title: l.title, command: l.command.id, arguments: [...l.command.args.slice(0, 1), ctx.notebook.uri] }
        : { title: l.title, command: '' };
      return new vscode.CodeLens(toRange(doc, l.span), command);
    });
  }
}
