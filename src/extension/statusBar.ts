/**
 * A status-bar item with the active map's busiest card ("cuda:1 18.4/24 GiB"),
 * following the cursor between maps; warning colours when it does not fit.
 */
import * as vscode from 'vscode';
import { Disposable } from './disposable';
import type { LanguageService } from './engine';
import { isOurs, type DocumentAnalyses } from './documentAnalyses';
import { describeSetupGpus, type SourceDocument } from '../core/index';
import type { WithFacts } from './finder/answerFacts';

const GIB = 2 ** 30;
const gib = (b: number): string => (b / GIB).toFixed(b >= 10 * GIB ? 0 : 1);

export class PeakCardStatus extends Disposable {
  private readonly item = this.register(
    vscode.window.createStatusBarItem('deviceMapStudio.peakCard', vscode.StatusBarAlignment.Right, 100),
  );

  constructor(
    private readonly service: LanguageService,
    private readonly analyses: DocumentAnalyses,
  ) {
    super();
    this.item.name = vscode.l10n.t('Device Map Studio: peak card');
    this.register(vscode.window.onDidChangeActiveTextEditor(() => this.update()));
    this.register(
      vscode.window.onDidChangeTextEditorSelection((e) => {
        if (e.textEditor === vscode.window.activeTextEditor) this.update();
      }),
    );
    this.register(
      analyses.onDidAnalyse((uri) => {
        if (uri.toString() === vscode.window.activeTextEditor?.document.uri.toString()) this.update();
      }),
    );
    this.update();
  }

  update(): void {
    const editor = vscode.window.activeTextEditor;
    if (!editor || !isOurs(editor.document)) {
      this.item.hide();
      return;
    }
    // While the user types, keep what is shown until the debounced analysis catches up (no flicker).
    if (!this.analyses.resultFor(editor.document)) return;
    const doc = editor.document;
    const version = doc.version;
    // The facts of this text from the worker (no finder on the host); the editor may have moved on meanwhile.
    void this.analyses.withFacts(doc).then((f) => {
      if (f && vscode.window.activeTextEditor === editor && doc.version === version) this.show(editor, f);
    });
  }

  private show(editor: vscode.TextEditor, f: { source: SourceDocument; run: WithFacts }): void {
    const doc = editor.document;
    const peak = f.run(() => this.service.peakCard(f.source, doc.offsetAt(editor.selection.active), this.analyses.env(doc)));
    if (!peak) {
      this.item.hide();
      return;
    }
    const over = peak.capacity !== undefined && peak.bytes > peak.capacity;
    this.item.text = `$(server) ${peak.device} ${gib(peak.bytes)}${peak.capacity ? `/${gib(peak.capacity)}` : ''} GiB`;
    const tip = new vscode.MarkdownString(
      `${vscode.l10n.t('**Device Map Studio** — busiest card of this map')}\n\n${peak.lines.map((l) => `- ${l}`).join('\n')}\n\n` +
        vscode.l10n.t('GPUs: {0}', describeSetupGpus(this.analyses.setupFor(doc))),
    );
    this.item.tooltip = tip;
    this.item.backgroundColor = over ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    this.item.command = 'deviceMapStudio.configureGpus';
    this.item.show();
  }
}
