/**
 * Completion, hover, quick fixes and CodeLens, for files and notebook cells alike (one set of
 * providers: the language selector matches Python cells too; notebookAnswers.ts answers those from
 * the whole notebook): thin shells that ask the language service and convert its answers.
 * Completion answers only inside device_map / max_memory contexts (the service returns nothing
 * elsewhere), so it sits beside Pylance without duplicates.
 */
import * as vscode from 'vscode';
import { Disposable } from './disposable';
import { toCodeAction, toCompletionItem, toHover, toRange, toSpan } from './convert';
import type { LanguageService } from './engine';
import { findingTouches } from '../core/index';
import { MAX_CHARS, SELECTOR, sourceOf, type DocumentAnalyses } from './documentAnalyses';
import { isCellDocument } from './notebookCells';
import type { NotebookAnalyses } from './notebookAnalyses';
import { NotebookAnswers } from './notebookAnswers';

export class LanguageProviders extends Disposable {
  private readonly lensesChanged = this.register(new vscode.EventEmitter<void>());
  private readonly cells: NotebookAnswers;

  constructor(
    private readonly service: LanguageService,
    private readonly analyses: DocumentAnalyses,
    notebooks: NotebookAnalyses,
  ) {
    super();
    this.cells = new NotebookAnswers(notebooks);
    this.register(
      vscode.languages.registerCompletionItemProvider(
        SELECTOR,
        { provideCompletionItems: (d, p, t) => this.complete(d, p, t) },
        '"',
        "'",
        '.',
        ':',
      ),
    );
    this.register(vscode.languages.registerHoverProvider(SELECTOR, { provideHover: (d, p, t) => this.hover(d, p, t) }));
    this.register(
      vscode.languages.registerCodeActionsProvider(
        SELECTOR,
        { provideCodeActions: (d, r, c, t) => this.actions(d, r, c, t) },
        {
          providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, vscode.CodeActionKind.RefactorRewrite],
        },
      ),
    );
    this.register(
      vscode.languages.registerCodeLensProvider(SELECTOR, {
        onDidChangeCodeLenses: this.lensesChanged.event,
        provideCodeLenses: (d, t) => this.lenses(d, t),
      }),
    );
    // Lenses show per-card totals: refresh them whenever an analysis (a file's, a notebook's) is published.
    this.register(analyses.onDidAnalyse(() => this.lensesChanged.fire()));
    this.register(notebooks.onDidAnalyse(() => this.lensesChanged.fire()));
  }

  /** Too large to analyse (a diagnostic says so). */
  private tooLarge(doc: vscode.TextDocument): boolean {
    return doc.getText().length > MAX_CHARS;
  }

  private async complete(
    doc: vscode.TextDocument,
    pos: vscode.Position,
    token: vscode.CancellationToken,
  ): Promise<vscode.CompletionList | undefined> {
    if (isCellDocument(doc)) return this.cells.complete(doc, pos, token);
    if (this.tooLarge(doc)) return undefined;
    const offset = doc.offsetAt(pos);
    const version = doc.version;
    const f = await this.analyses.withFacts(doc, token);
    if (!f || doc.version !== version) return undefined;
    const items = f.run(() => this.service.completions(f.source, offset, this.analyses.env(doc)));
    if (items.length === 0) return undefined;
    return new vscode.CompletionList(
      items.map((c) => toCompletionItem(doc, c)),
      false,
    );
  }

  private async hover(doc: vscode.TextDocument, pos: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    if (isCellDocument(doc)) return this.cells.hover(doc, pos, token);
    if (this.tooLarge(doc)) return undefined;
    const offset = doc.offsetAt(pos);
    const version = doc.version;
    const f = await this.analyses.withFacts(doc, token);
    if (!f || doc.version !== version) return undefined;
    const h = f.run(() => this.service.hover(f.source, offset, this.analyses.env(doc)));
    return h ? toHover(doc, h) : undefined;
  }

  private async actions(
    doc: vscode.TextDocument,
    range: vscode.Range,
    ctx: vscode.CodeActionContext,
    token: vscode.CancellationToken,
  ): Promise<vscode.CodeAction[]> {
    if (isCellDocument(doc)) return this.cells.actions(doc, range, ctx, token);
    if (this.tooLarge(doc)) return [];
    const version = doc.version;
    const analysis = await this.analyses.analysed(doc, token);
    const f = analysis && (await this.analyses.withFacts(doc, token));
    if (!analysis || !f || doc.version !== version) return [];
    // The findings under the cursor or selection, or whose related locations are, are the ones a quick fix can act on.
    const span = toSpan(doc, range);
    const findings = analysis.findings.filter((x) => findingTouches(span, x));
    const wanted = ctx.only;
    return f
      .run(() => this.service.codeActions(f.source, span, findings, this.analyses.env(doc)))
      .map((a) => toCodeAction(doc, a, ctx.diagnostics))
      .filter((a) => !wanted || (a.kind !== undefined && wanted.contains(a.kind)));
  }

  private async lenses(doc: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    if (isCellDocument(doc)) return this.cells.lenses(doc, token);
    if (this.tooLarge(doc)) return [];
    const version = doc.version;
    const f = await this.analyses.withFacts(doc, token);
    if (!f || doc.version !== version) return [];
    return f
      .run(() => this.service.lenses(f.source, this.analyses.env(doc)))
      .map((l) => {
        const command = l.command
          ? { title: l.title, command: l.command.id, arguments: [...l.command.args] }
          : { title: l.title, command: '' };
        return new vscode.CodeLens(toRange(doc, l.span), command);
      });
  }
}
