/**
 * One layout panel: a `WebviewPanel` bound to one map of one document. It
 * redraws from document changes only (typing, undo/redo and our own edits take
 * the same path), turns the webview's intents into one `WorkspaceEdit` each
 * (one undo step), and follows the map under the cursor when asked to.
 */
import * as vscode from 'vscode';
import { parseWebviewMessage, type HostToWebview, type WebviewToHost } from '../../protocol/messages';
import { respond } from '../../protocol/rpc';
import { DEFAULT_OPTIONS, type PanelOptions } from '../../protocol/snapshot';
import { Disposable } from '../disposable';
import { affectsUs } from '../settings';
import type { PanelDeps } from '../../core/index';
import { panelHtml } from './html';
import { localPanelText } from './panelText';
import { PanelSession, staleEdit, type IntentResult, type PanelDocument } from '../../core/index';
import { editorTarget, isPartOf, panelTarget, type PanelTarget } from './target';
import { PanelLiveMemory } from './liveMemory';
import type { PanelColumn } from '../../protocol/snapshot';
import { PanelDraws, type PanelWorker } from './panelDraws';

export const VIEW_TYPE = 'deviceMapStudio.layout';
const LANGS = new Set(['python', 'json', 'jsonc']);

export interface Binding {
  uri: vscode.Uri;
  mapIndex: number;
}

/** Webview options shared by new and restored panels: scripts on, files only from dist/ and media/. */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    retainContextWhenHidden: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

export class LayoutPanel extends Disposable {
  private readonly session: PanelSession;
  /** The engine's work for this panel: on the analysis worker when there is one (issue 18). */
  private readonly draws: PanelDraws;
  /** Counts refreshes: one that finishes after a newer one started posts nothing. */
  private refreshes = 0;
  private options: PanelOptions = DEFAULT_OPTIONS;
  /** Until the user changes an option, the defaults follow the bound document (training or not). */
  private optionsChosen = false;
  private follow = false;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  /** The columns on screen, for the live memory's estimates. */
  private columns: readonly PanelColumn[] | undefined;
  private live: PanelLiveMemory | undefined;
  private readonly closed = new vscode.EventEmitter<void>();
  readonly onDidClose = this.closed.event;

  constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly deps: PanelDeps,
    private binding: Binding,
    off: PanelWorker,
    restored?: { follow?: boolean; options?: PanelOptions },
  ) {
    super();
    this.session = new PanelSession(deps);
    this.draws = new PanelDraws(this.session, deps, off);
    this.follow = !!restored?.follow;
    if (restored?.options) {
      this.options = restored.options;
      this.optionsChosen = true;
    }
    const webview = panel.webview;
    webview.options = webviewOptions(extensionUri);
    webview.html = panelHtml({
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'panel.css')).toString(),
      text: localPanelText(),
      lang: vscode.env.language,
    });
    this.register(this.closed);
    this.register(webview.onDidReceiveMessage((m: unknown) => this.onMessage(m)));
    this.register(panel.onDidDispose(() => this.dispose()));
    this.register(
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length && isPartOf(this.binding.uri, e.document)) this.scheduleRefresh();
      }),
    );
    // A notebook's cells added, removed or moved.
    this.register(
      vscode.workspace.onDidChangeNotebookDocument((e) => {
        if (e.notebook.uri.toString() === this.binding.uri.toString()) this.scheduleRefresh();
      }),
    );
    this.register(vscode.workspace.onDidChangeConfiguration((e) => affectsUs(e) && this.scheduleRefresh()));
    this.register(deps.onModelsResolved(() => this.scheduleRefresh()));
    if (deps.hostGpus) {
      this.register(deps.hostGpus.onDidChange(() => this.scheduleRefresh()));
      this.live = this.register(
        new PanelLiveMemory(
          panel,
          deps.hostGpus,
          () => this.columns,
          (m) => this.post(m),
        ),
      );
    }
    this.register(vscode.window.onDidChangeTextEditorSelection((e) => this.onSelection(e)));
    this.register({ dispose: () => this.refreshTimer && clearTimeout(this.refreshTimer) });
    this.updateTitle();
  }

  override dispose(): void {
    if (this.isDisposed) return;
    this.closed.fire();
    super.dispose();
    this.panel.dispose();
  }

  /** Points the panel at another map (CodeLens, command, cursor). */
  bind(binding: Binding): void {
    this.binding = binding;
    this.updateTitle();
    void this.refresh();
  }

  private updateTitle(): void {
    const base = this.binding.uri.path.split('/').pop() ?? '';
    const name = this.binding.mapIndex ? `${base} #${this.binding.mapIndex + 1}` : base;
    this.panel.title = vscode.l10n.t('Layout: {0}', name);
  }

  private post(m: HostToWebview): Thenable<boolean> {
    return this.panel.webview.postMessage(m);
  }

  private scheduleRefresh(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => void this.refresh(), 60);
  }

  private document(): Promise<PanelTarget | undefined> {
    return panelTarget(this.binding.uri);
  }

  /**
   * Draws the bound map. The facts and findings come from the analysis worker when there is one, so
   * this waits for them; a refresh that a newer one overtook posts nothing (no stale snapshot after a newer one).
   */
  async refresh(): Promise<void> {
    if (this.isDisposed) return;
    const refresh = ++this.refreshes;
    const overtaken = () => refresh !== this.refreshes || this.isDisposed;
    const doc = await this.document();
    if (overtaken()) return;
    if (!doc) {
      await this.post({ type: 'empty', message: vscode.l10n.t('{0} is not available.', this.binding.uri.fsPath) });
      return;
    }
    const pdoc = doc.doc;
    const mapIndex = this.binding.mapIndex;
    const r = await this.draws.draw(pdoc, 'panel', () => {
      if (!this.optionsChosen) this.options = this.session.defaultOptions(pdoc);
      return this.session.drawSnapshot(pdoc, mapIndex, this.options);
    });
    if (!r || overtaken()) return;
    this.columns = r.kind === 'snapshot' ? r.snapshot.columns : undefined;
    this.live?.nudge();
    await this.post(
      r.kind === 'snapshot' ? { type: 'snapshot', snapshot: r.snapshot, followCursor: this.follow } : { type: 'empty', message: r.message },
    );
  }

  private async onSelection(e: vscode.TextEditorSelectionChangeEvent): Promise<void> {
    if (!this.follow || !LANGS.has(e.textEditor.document.languageId)) return;
    const doc = e.textEditor.document;
    // In a notebook cell, the map under the cursor is one of the notebook's.
    const at = editorTarget(doc, doc.offsetAt(e.selections[0]!.active));
    if (!at) return;
    const index = await this.draws.withFacts(at.target.doc, () => this.session.mapAt(at.target.doc, at.offset));
    if (index === undefined || this.isDisposed) return;
    if (at.uri.toString() === this.binding.uri.toString() && index === this.binding.mapIndex) return;
    this.bind({ uri: at.uri, mapIndex: index });
  }

  private async onMessage(raw: unknown): Promise<void> {
    const parsed = parseWebviewMessage(raw);
    if (!parsed.ok) {
      void this.post({ type: 'notice', message: vscode.l10n.t('Ignored a malformed message from the panel: {0}', parsed.error) });
      return;
    }
    await this.handle(parsed.value);
  }

  private async handle(m: WebviewToHost): Promise<void> {
    switch (m.type) {
      case 'ready':
        return this.refresh();
      case 'moveModules':
        return this.intent((doc) => this.session.moveModules(doc, m, this.options));
      case 'applyMap':
        return this.intent((doc) => this.session.applyMap(doc, m, this.options));
      case 'setGpus':
        await this.deps.saveGpus(m.gpus);
        return; // the configuration change redraws
      case 'setOptions':
        this.options = m.options;
        this.optionsChosen = true;
        return this.refresh();
      case 'setFollowCursor':
        this.follow = m.follow;
        return;
      case 'reveal':
        return this.reveal(m.module);
      case 'request': {
        const doc = await this.document();
        const request = m.request;
        await respond(
          m.id,
          async () => {
            if (!doc) throw new Error(vscode.l10n.t('The document is not available.'));
            const mapIndex = this.binding.mapIndex;
            const options = this.options;
            const ghost = await this.draws.draw(doc.doc, 'panel-preview', () =>
              this.session.drawPreview(doc.doc, mapIndex, options, request.strategy),
            );
            if (!ghost) throw new Error(vscode.l10n.t('A newer preview or a newer text replaced this preview.'));
            return ghost;
          },
          (r) => this.post(r),
        );
        return;
      }
      default: {
        const never: never = m;
        return never;
      }
    }
  }

  /**
   * An intent turned into edits with the facts of the text (from the worker when there is one).
   * The edits are only for the text they were made from: if the document changed while the facts
   * came, the intent is dropped as stale.
   */
  private async intent(make: (doc: PanelDocument) => IntentResult): Promise<void> {
    const target = await this.document();
    if (!target) return;
    const made = await this.draws.withFacts(target.doc, () => make(target.doc));
    const now = await this.document();
    if (!now) return;
    await this.applyIntent(now, made && now.doc.version === target.doc.version && now.doc.text === target.doc.text ? made : staleEdit());
  }

  /** One intent, one WorkspaceEdit, one undo step; the redraw comes from the resulting document change. */
  private async applyIntent(target: PanelTarget, r: IntentResult): Promise<void> {
    if (r.kind === 'dropped') {
      await this.post({ type: 'notice', message: r.reason });
      await this.refresh();
      return;
    }
    if (r.edits.length === 0) return;
    const edit = target.workspaceEdit(r.edits);
    if (!edit) {
      await this.post({
        type: 'notice',
        message: vscode.l10n.t('This edit would change a line the notebook writes with IPython syntax (%env...); it was not applied.'),
      });
      return;
    }
    const ok = await vscode.workspace.applyEdit(edit);
    if (!ok) await this.post({ type: 'notice', message: vscode.l10n.t('VS Code refused the edit (is the file read-only?).') });
  }

  private async reveal(module: string): Promise<void> {
    const doc = await this.document();
    if (!doc) return;
    const mapIndex = this.binding.mapIndex;
    const map = await this.draws.withFacts(doc.doc, () => this.deps.findMaps(doc.doc).maps[mapIndex]);
    if (!map) return;
    // The key that places the module: itself, else its longest covering key, else the whole map.
    const entry = [...map.entries]
      .filter((e) => e.key === module || module.startsWith(`${e.key}.`) || e.key === '' || e.key.startsWith(`${module}.`))
      .sort((a, b) => (b.key === module ? 1 : 0) - (a.key === module ? 1 : 0) || b.key.length - a.key.length)[0];
    await doc.reveal(entry?.entrySpan ?? map.span);
  }
}
