/**
 * Notebooks in VS Code's built-in notebook editor: the code cells of each open
 * notebook are analysed once, as the one program the kernel runs top to
 * bottom, and each finding is published on the cell its text is in (related
 * places in other cells link there). Follows cell edits and added, removed
 * or moved cells. A notebook where no cell mentions `device_map` or
 * `max_memory` costs a substring search per change and nothing more.
 */
import * as vscode from 'vscode';
import {
  type DocumentFacts,
  NotebookProgram,
  notebookSource,
  notebookCodeActions,
  notebookCompletions,
  notebookHover,
  notebookLenses,
  type CellCodeAction,
  type CellCodeLens,
  type CellCompletion,
  type CellFinding,
  type CellHover,
  type CellSpan,
} from '../core/index';
import { Disposable, timeout } from './disposable';
import { SOURCE, toDiagnostic } from './convert';
import { MAX_CHARS, type DocumentAnalyses } from './documentAnalyses';
import { cellLocation, cellsOf, isCellDocument, NOTEBOOK_TYPE, notebookFileName, notebookOfCell, notebookVersion } from './notebookCells';
import type { ModelSource } from './modelSource';
import { affectsUs } from './settings';
import { log, logError } from './log';
import type { Cancellation, WithFacts } from './finder/answerFacts';
import { whenAnalysed } from './whenAnalysed';

const DEBOUNCE_MS = 250;

interface NotebookResult {
  readonly version: string;
  /** Undefined when no cell mentions a map (nothing was analysed). */
  readonly program?: NotebookProgram;
  readonly findings: readonly CellFinding[];
}

/** A cell document as the notebook analysis sees it. */
export interface CellContext {
  readonly notebook: vscode.NotebookDocument;
  readonly index: number;
  readonly program: NotebookProgram;
  readonly findings: readonly CellFinding[];
  readonly fileName: string;
  /** Runs an answer with the program's facts (from the worker) in the engine's cache. */
  readonly run: WithFacts;
}

function mayHoldMap(notebook: vscode.NotebookDocument): boolean {
  return (
    notebook.notebookType === NOTEBOOK_TYPE &&
    notebook.getCells().some((c) => c.kind === vscode.NotebookCellKind.Code && /device_map|max_memory/.test(c.document.getText()))
  );
}

export class NotebookAnalyses extends Disposable {
  private readonly results = new Map<string, NotebookResult>();
  private readonly pending = new Map<string, vscode.Disposable>();
  /** Cell URIs that carry our diagnostics, per notebook (to clear cells that were removed). */
  private readonly published = new Map<string, Set<string>>();
  /** The version of each notebook whose analysis (on the worker) is under way. */
  private readonly inFlight = new Map<string, string>();
  private readonly diagnostics = this.register(vscode.languages.createDiagnosticCollection('deviceMapStudio.notebooks'));
  private readonly changed = this.register(new vscode.EventEmitter<vscode.Uri>());
  readonly onDidAnalyse = this.changed.event;

  constructor(
    private readonly analyses: DocumentAnalyses,
    models: ModelSource,
  ) {
    super();
    this.register(vscode.workspace.onDidOpenNotebookDocument((nb) => this.schedule(nb, 0)));
    this.register(vscode.workspace.onDidChangeNotebookDocument((e) => this.schedule(e.notebook, DEBOUNCE_MS)));
    this.register(vscode.workspace.onDidCloseNotebookDocument((nb) => this.forget(nb)));
    this.register(
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (!isCellDocument(e.document) || e.contentChanges.length === 0) return;
        const owner = notebookOfCell(e.document);
        if (owner) this.schedule(owner.notebook, DEBOUNCE_MS);
      }),
    );
    this.register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affectsUs(e)) this.analyseAll();
      }),
    );
    this.register(models.onDidResolve(() => this.analyseAll()));
    this.register({ dispose: () => this.pending.forEach((p) => p.dispose()) });
    for (const nb of vscode.workspace.notebookDocuments) this.schedule(nb, 0);
  }

  /**
   * The notebook analysis a cell document belongs to: the published one, else the one under way
   * (or started now, skipping the debounce). `undefined` when cancelled or the notebook changed.
   */
  async cellContext(doc: vscode.TextDocument, token?: Cancellation): Promise<CellContext | undefined> {
    const owner = notebookOfCell(doc);
    if (!owner) return undefined;
    const { notebook } = owner;
    const version = notebookVersion(notebook);
    const key = notebook.uri.toString();
    if (!this.current(notebook) && (this.pending.has(key) || this.inFlight.get(key) !== version)) void this.analyse(notebook);
    const result = await whenAnalysed(this.onDidAnalyse, () => this.current(notebook), token);
    if (!result?.program || result.version !== version) return undefined;
    const fileName = notebookFileName(notebook);
    const run = await this.analyses.answerFacts.ready(notebookSource(result.program, fileName), token);
    if (!run || notebookVersion(notebook) !== version) return undefined;
    return { ...owner, program: result.program, findings: result.findings, fileName, run };
  }

  completions(ctx: CellContext, offset: number): CellCompletion[] {
    return this.guarded('notebook completion', [], () =>
      ctx.run(() => notebookCompletions(ctx.program, ctx.fileName, ctx.index, offset, this.analyses.env())),
    );
  }

  hover(ctx: CellContext, offset: number): CellHover | undefined {
    return this.guarded('notebook hover', undefined, () =>
      ctx.run(() => notebookHover(ctx.program, ctx.fileName, ctx.index, offset, this.analyses.env())),
    );
  }

  codeActions(ctx: CellContext, range: CellSpan): CellCodeAction[] {
    const findings = ctx.findings.filter((f) => f.cell === range.cell && f.start <= range.end && f.end >= range.start);
    return this.guarded('notebook code actions', [], () =>
      ctx.run(() => notebookCodeActions(ctx.program, ctx.fileName, range, findings, this.analyses.env())),
    );
  }

  lenses(ctx: CellContext): CellCodeLens[] {
    return this.guarded('notebook code lens', [], () =>
      ctx.run(() => notebookLenses(ctx.program, ctx.fileName, this.analyses.env())).filter((l) => l.span.cell === ctx.index),
    );
  }

  analyseAll(): void {
    for (const nb of vscode.workspace.notebookDocuments) this.schedule(nb, 0);
  }

  private current(notebook: vscode.NotebookDocument): NotebookResult | undefined {
    const r = this.results.get(notebook.uri.toString());
    return r && r.version === notebookVersion(notebook) ? r : undefined;
  }

  /**
   * Analyses the notebook and publishes its diagnostics cell by cell. The program goes to the
   * worker (issue 18: nothing a notebook holds may block the extension host); a result for an
   * older version of the notebook is dropped, its newer version has its own analysis.
   */
  private async analyse(notebook: vscode.NotebookDocument): Promise<void> {
    if (notebook.isClosed || this.isDisposed) return;
    const key = notebook.uri.toString();
    this.pending.get(key)?.dispose();
    this.pending.delete(key);
    const version = notebookVersion(notebook);
    if (!mayHoldMap(notebook)) return this.settle(notebook, { version, findings: [] }, new Map());
    const program = NotebookProgram.of(cellsOf(notebook));
    if (program.text.length > MAX_CHARS) return this.settle(notebook, { version, findings: [] }, this.tooLong(notebook, program));
    const started = Date.now();
    this.inFlight.set(key, version);
    const fileName = notebookFileName(notebook);
    let r: { findings: readonly CellFinding[]; facts?: DocumentFacts } | undefined;
    try {
      r = await this.analyses.analyseNotebook(program, fileName);
    } catch (e) {
      logError('notebook analysis', e);
      r = { findings: [] };
    }
    if (this.inFlight.get(key) === version) this.inFlight.delete(key);
    if (!r || notebook.isClosed || this.isDisposed || notebookVersion(notebook) !== version) return;
    if (r.facts) this.analyses.answerFacts.remember(notebookSource(program, fileName), r.facts);
    const ms = Date.now() - started;
    if (ms > 200) log().info(vscode.l10n.t('analysed notebook {0} ({1} cells) in {2} ms', notebook.uri.fsPath, notebook.cellCount, ms));
    this.settle(notebook, { version, program, findings: r.findings }, this.perCell(notebook, r.findings));
  }

  private settle(notebook: vscode.NotebookDocument, result: NotebookResult, perCell: Map<string, vscode.Diagnostic[]>): void {
    this.results.set(notebook.uri.toString(), result);
    this.publish(notebook, perCell);
    this.changed.fire(notebook.uri);
  }

  private tooLong(notebook: vscode.NotebookDocument, program: NotebookProgram): Map<string, vscode.Diagnostic[]> {
    const first = notebook.cellAt(program.cells[0] ?? 0).document;
    const d = new vscode.Diagnostic(
      new vscode.Range(0, 0, 0, 0),
      vscode.l10n.t(
        'Device Map Studio skips this notebook: its code cells hold {0} M characters, over the {1} M limit, so its device maps are not checked.',
        (program.text.length / 1e6).toFixed(1),
        MAX_CHARS / 1e6,
      ),
      vscode.DiagnosticSeverity.Information,
    );
    d.source = SOURCE;
    return new Map([[first.uri.toString(), [d]]]);
  }

  private perCell(notebook: vscode.NotebookDocument, findings: readonly CellFinding[]): Map<string, vscode.Diagnostic[]> {
    const perCell = new Map<string, vscode.Diagnostic[]>();
    for (const f of findings) {
      if (f.cell >= notebook.cellCount) continue;
      const doc = notebook.cellAt(f.cell).document;
      const d = toDiagnostic(doc, { ...f, related: [] });
      const related = (f.related ?? []).flatMap((r) => {
        const loc = cellLocation(notebook, r.span);
        return loc ? [new vscode.DiagnosticRelatedInformation(loc, r.message)] : [];
      });
      if (related.length) d.relatedInformation = related;
      const list = perCell.get(doc.uri.toString()) ?? [];
      list.push(d);
      perCell.set(doc.uri.toString(), list);
    }
    return perCell;
  }

  private publish(notebook: vscode.NotebookDocument, perCell: Map<string, vscode.Diagnostic[]>): void {
    const key = notebook.uri.toString();
    const before = this.published.get(key) ?? new Set<string>();
    for (const uri of before) if (!perCell.has(uri)) this.diagnostics.delete(vscode.Uri.parse(uri));
    for (const cell of notebook.getCells()) {
      const uri = cell.document.uri.toString();
      if (perCell.has(uri)) this.diagnostics.set(cell.document.uri, perCell.get(uri));
    }
    this.published.set(key, new Set(perCell.keys()));
  }

  private schedule(notebook: vscode.NotebookDocument, delay: number): void {
    if (this.isDisposed) return;
    const key = notebook.uri.toString();
    this.pending.get(key)?.dispose();
    this.pending.set(
      key,
      timeout(delay, () => {
        this.pending.delete(key);
        if (!notebook.isClosed) void this.analyse(notebook);
      }),
    );
  }

  private forget(notebook: vscode.NotebookDocument): void {
    const key = notebook.uri.toString();
    this.pending.get(key)?.dispose();
    this.pending.delete(key);
    this.results.delete(key);
    for (const uri of this.published.get(key) ?? []) this.diagnostics.delete(vscode.Uri.parse(uri));
    this.published.delete(key);
  }

  private guarded<R>(where: string, fallback: R, run: () => R): R {
    try {
      return run();
    } catch (e) {
      logError(where, e);
      return fallback;
    }
  }
}
