/**
 * Keeps one analysis per open Python/JSON document: debounced on typing,
 * re-run when settings change or a model lookup completes, published as
 * diagnostics. Providers read the latest result from here.
 */
import * as vscode from 'vscode';
import {
  type AnalysisEnv,
  type Finding,
  type LaunchContext,
  type MachineSetup,
  mayHoldMap,
  type NotebookProgram,
  primeFacts,
  type SourceDocument,
  withDetectedGpus,
} from '../core/index';
import { Disposable, timeout } from './disposable';
import { SOURCE, toDiagnostic } from './convert';
import type { LanguageService } from './engine';
import type { ModelSource } from './modelSource';
import { affectsUs, readSettings, type ExtensionSettings } from './settings';
import { log } from './log';
import type { FactsFinder } from './finder/offThread';
import { analyseForEditor, analyseNotebookForEditor, type NotebookEditorAnalysis } from './finder/route';
import { AnswerFacts, type Cancellation, type WithFacts } from './finder/answerFacts';
import { whenAnalysed } from './whenAnalysed';
import { envFromWire, type WireEnv } from './finder/wireEnv';
import { localModelHints } from './models/localModelHints';
import type { HostGpuSource } from './gpuHost/hostGpuSource';

/** How a script on disk is started (the launch scripts beside it); Node builds only, so injected. */
export type LaunchLookup = (fsPath: string, processes?: number) => LaunchContext | undefined;

/** Shell scripts (ms-swift command lines) and YAML training configs are analysed when they pass `mayHoldMap` too. */
export const LANGUAGES = ['python', 'json', 'jsonc', 'shellscript', 'yaml'] as const;
export const SELECTOR: vscode.DocumentSelector = LANGUAGES.map((language) => ({ language }));

/** Beyond this many UTF-16 units a file is not analysed (a diagnostic says so). */
export const MAX_CHARS = 2_000_000;
const DEBOUNCE_MS = 250;
/** The config files the core resolver reads (core/config/names.ts). */
const CONFIG_GLOB = '**/{pyproject.toml,device-map-studio.toml,.device-map-studio.toml}';

export interface Analysis {
  readonly version: number;
  readonly findings: readonly Finding[];
}

/** Read-only views of other content (diffs, output, SCM input): never analysed. Notebook cells are analysed as their notebook (notebookAnalyses.ts). */
const SKIPPED_SCHEMES = new Set(['output', 'git', 'vscode-scm', 'debug', 'vscode-settings', 'vscode-notebook-cell']);

export function isOurs(doc: vscode.TextDocument): boolean {
  return (LANGUAGES as readonly string[]).includes(doc.languageId) && !SKIPPED_SCHEMES.has(doc.uri.scheme);
}

export function sourceOf(doc: vscode.TextDocument): SourceDocument {
  return { text: doc.getText(), languageId: doc.languageId, fileName: doc.uri.scheme === 'file' ? doc.uri.fsPath : doc.uri.toString() };
}

export class DocumentAnalyses extends Disposable {
  private readonly results = new Map<string, Analysis>();
  private readonly pending = new Map<string, vscode.Disposable>();
  private readonly diagnostics = this.register(vscode.languages.createDiagnosticCollection('deviceMapStudio'));
  private readonly changed = this.register(new vscode.EventEmitter<vscode.Uri>());
  /** Fires after a document's analysis was published. */
  readonly onDidAnalyse = this.changed.event;
  /** Read on first use, not at activation (it reads the project's config file and needs the engine). */
  private loaded: ExtensionSettings | undefined;
  /** Settings per document folder: the nearest config file can differ between folders. */
  private readonly perFolder = new Map<string, ExtensionSettings>();
  /** Launch facts per script path: the shell scripts beside it are read once, again only when a script or the settings change. */
  private readonly launches = new Map<string, LaunchContext | undefined>();
  private readonly reportedProblems = new Set<string>();
  /** The version of each document whose worker analysis is under way. */
  private readonly inFlight = new Map<string, number>();
  /** The worker's facts for the answers (completion, hover, fixes, lenses), files and notebooks alike. */
  readonly answerFacts: AnswerFacts;

  constructor(
    private readonly service: LanguageService,
    private readonly models: ModelSource,
    private readonly offThread?: FactsFinder,
    private readonly hostGpus?: HostGpuSource,
    private readonly launchOf?: LaunchLookup,
  ) {
    super();
    this.answerFacts = new AnswerFacts(offThread);
    // Detected cards stand in for an empty `deviceMapStudio.gpus`: a change of cards re-checks.
    if (hostGpus) this.register(hostGpus.onDidChange(() => this.analyseAll()));
    this.register(vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)));
    this.register(vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document, DEBOUNCE_MS)));
    this.register(vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri)));
    this.register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!affectsUs(e)) return;
        this.reloadSettings();
      }),
    );
    this.register(vscode.workspace.onDidGrantWorkspaceTrust(() => this.reloadSettings()));
    // A config file created, edited or deleted changes the verdict like a setting does.
    const watcher = this.register(vscode.workspace.createFileSystemWatcher(CONFIG_GLOB));
    for (const ev of [watcher.onDidCreate, watcher.onDidChange, watcher.onDidDelete]) this.register(ev(() => this.reloadSettings()));
    if (launchOf) {
      // Launch scripts, accelerate config files and launch.json: each can change how a script is started.
      const scripts = this.register(vscode.workspace.createFileSystemWatcher('**/{*.sh,*.yaml,*.yml,launch.json}'));
      const relaunch = (): void => {
        this.launches.clear();
        this.analyseAll();
      };
      for (const ev of [scripts.onDidCreate, scripts.onDidChange, scripts.onDidDelete]) this.register(ev(relaunch));
    }
    this.register(models.onDidResolve(() => this.analyseAll()));
    this.register({ dispose: () => this.pending.forEach((p) => p.dispose()) });
    // Documents already open when we wake up (the one that activated us).
    for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
  }

  private get settings(): ExtensionSettings {
    return (this.loaded ??= this.loadSettings());
  }

  get currentSettings(): ExtensionSettings {
    return this.settings;
  }

  /** The machine the checks use for a document: its GPU setting, else the cards detected on this host. */
  setupFor(doc: vscode.TextDocument | undefined): MachineSetup {
    return withDetectedGpus(this.settingsFor(doc).setup, this.hostGpus?.detection);
  }

  /** The settings for a document: explicit settings over its nearest config file over the defaults. */
  settingsFor(doc: vscode.TextDocument | undefined): ExtensionSettings {
    if (!doc || doc.uri.scheme !== 'file') return this.settings;
    const folder = vscode.Uri.joinPath(doc.uri, '..').toString();
    let s = this.perFolder.get(folder);
    if (!s) this.perFolder.set(folder, (s = this.loadSettings(doc.uri)));
    return s;
  }

  /** The environment the engine analyses `doc` in: the machine from its settings, models from the resolver's cache. */
  env(doc?: vscode.TextDocument): AnalysisEnv {
    const models = this.models;
    return envFromWire(this.wireEnv(doc), (ref, fileName) => models.lookup(ref, fileName));
  }

  /** `env` as plain data, for an analysis on the worker thread (the same settings, the same launch facts). */
  wireEnv(doc?: vscode.TextDocument): WireEnv {
    const settings = this.settingsFor(doc);
    // The same launch facts `device-map check` reads: a script started by torchrun/accelerate/deepspeed/swift
    // next to it, or the config's `processes`. Never in untrusted workspaces (it reads files beside the script).
    const launch =
      doc && this.launchOf && vscode.workspace.isTrusted && doc.uri.scheme === 'file' && doc.languageId === 'python'
        ? this.launchFor(doc.uri.fsPath, settings.processes)
        : undefined;
    return {
      ...(launch ? { launch } : {}),
      setup: withDetectedGpus(settings.setup, this.hostGpus?.detection),
      rules: settings.rules,
      estimate: settings.estimate,
      // The worker thread's core follows the host's display language; the hints are already translated.
      locale: vscode.env.language,
      modelHints: localModelHints(),
    };
  }

  private launchFor(fsPath: string, processes: number | undefined): LaunchContext | undefined {
    const key = `${processes ?? ''}\u0000${fsPath}`;
    if (!this.launches.has(key)) this.launches.set(key, this.launchOf!(fsPath, processes));
    return this.launches.get(key);
  }

  private reloadSettings(): void {
    this.perFolder.clear();
    this.launches.clear();
    this.loaded = this.loadSettings();
    this.analyseAll();
  }

  /** The latest analysis of `doc`, if it matches the document's current version. */
  resultFor(doc: vscode.TextDocument): Analysis | undefined {
    const r = this.results.get(doc.uri.toString());
    return r && r.version === doc.version ? r : undefined;
  }

  /**
   * The analysis of the document's current version, for a quick fix: the one already published,
   * else the one under way (or started now, skipping the debounce) on the worker; without a worker
   * it runs here, as before. `undefined` when cancelled or the document changed meanwhile.
   */
  async analysed(doc: vscode.TextDocument, token?: Cancellation): Promise<Analysis | undefined> {
    const known = this.resultFor(doc);
    if (known || !this.offThread || !isOurs(doc)) return known ?? this.analyseNow(doc);
    const key = doc.uri.toString();
    if (this.pending.has(key) || this.inFlight.get(key) !== doc.version) this.runNow(doc);
    const version = doc.version;
    const r = await whenAnalysed(this.onDidAnalyse, () => this.resultFor(doc), token);
    return r?.version === version ? r : undefined;
  }

  /** The facts of the document's text for an answer (finder on the worker when there is one). */
  async withFacts(doc: vscode.TextDocument, token?: Cancellation): Promise<{ source: SourceDocument; run: WithFacts } | undefined> {
    const source = sourceOf(doc);
    const run = await this.answerFacts.ready(source, token);
    return run && { source, run };
  }

  /** A notebook's program analysed like a document: on the worker when there is one (notebookAnalyses.ts publishes it). */
  analyseNotebook(program: NotebookProgram, fileName: string): Promise<NotebookEditorAnalysis | undefined> {
    const models = this.models;
    return analyseNotebookForEditor(
      this.offThread,
      program,
      fileName,
      this.wireEnv(),
      (ref, name) => models.lookup(ref, name),
      (d, env) => this.service.findings(d, env),
    );
  }

  /** Analyses now (skipping the debounce), e.g. before a command. */
  analyseNow(doc: vscode.TextDocument): Analysis | undefined {
    if (!isOurs(doc)) return undefined;
    this.pending.get(doc.uri.toString())?.dispose();
    this.pending.delete(doc.uri.toString());
    const source = sourceOf(doc);
    const text = source.text;
    if (text.length > MAX_CHARS) return this.publish(doc, [], [this.tooLong(text.length)]);
    if (!mayHoldMap(text, doc.fileName)) return this.publish(doc, []);
    const started = Date.now();
    const findings = this.service.findings(source, this.env(doc));
    const ms = Date.now() - started;
    if (ms > 200) log().info(vscode.l10n.t('analysed {0} in {1} ms ({2} findings)', doc.uri.fsPath, ms, findings.length));
    return this.publish(doc, findings);
  }

  private tooLong(chars: number): vscode.Diagnostic {
    const d = new vscode.Diagnostic(
      new vscode.Range(0, 0, 0, 0),
      vscode.l10n.t(
        'Device Map Studio skips this file: {0} M characters is over the {1} M limit, so its device maps are not checked.',
        (chars / 1e6).toFixed(1),
        MAX_CHARS / 1e6,
      ),
      vscode.DiagnosticSeverity.Information,
    );
    d.source = SOURCE;
    return d;
  }

  private publish(doc: vscode.TextDocument, findings: readonly Finding[], diags = findings.map((f) => toDiagnostic(doc, f))): Analysis {
    const result = { version: doc.version, findings };
    this.results.set(doc.uri.toString(), result);
    this.diagnostics.set(doc.uri, diags);
    this.changed.fire(doc.uri);
    return result;
  }

  analyseAll(): void {
    for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
  }

  private schedule(doc: vscode.TextDocument, delay: number): void {
    if (!isOurs(doc) || this.isDisposed) return;
    const key = doc.uri.toString();
    this.pending.get(key)?.dispose();
    this.pending.set(
      key,
      timeout(delay, () => this.runNow(doc)),
    );
  }

  private runNow(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    this.pending.get(key)?.dispose();
    this.pending.delete(key);
    // The document may have closed while we waited.
    if (doc.isClosed || this.isDisposed) return;
    // Too long, or no map possible: cheap, answered here at once (as analyseNow always did).
    const text = doc.getText();
    if (text.length > MAX_CHARS || !mayHoldMap(text, doc.fileName)) this.analyseNow(doc);
    else void this.analyseOffThread(doc);
  }

  /**
   * Every analysis that can take long runs on the worker (finder and rules), so no file, however
   * hostile, holds the extension host: typing is never blocked, findings arrive when ready, and
   * a result for an older version is dropped. Completion and hover then read the worker's facts.
   */
  private async analyseOffThread(doc: vscode.TextDocument): Promise<void> {
    const version = doc.version;
    const key = doc.uri.toString();
    this.inFlight.set(key, version);
    const source = sourceOf(doc);
    const models = this.models;
    const started = Date.now();
    const result = await analyseForEditor(
      this.offThread,
      source,
      this.wireEnv(doc),
      (ref, fileName) => models.lookup(ref, fileName),
      (d, env) => this.service.findings(d, env),
    );
    if (this.inFlight.get(key) === version) this.inFlight.delete(key);
    // A newer edit has its own analysis scheduled; a closed document needs none.
    if (!result || this.isDisposed || doc.isClosed || doc.version !== version) return;
    if (result.facts) {
      primeFacts(source, result.facts);
      this.answerFacts.remember(source, result.facts);
    }
    const ms = Date.now() - started;
    if (ms > 200) log().info(`analysed ${doc.uri.fsPath} in ${ms} ms (${result.findings.length} findings)`);
    this.publish(doc, result.findings);
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    this.pending.get(key)?.dispose();
    this.pending.delete(key);
    this.results.delete(key);
    this.diagnostics.delete(uri);
  }

  private loadSettings(scope?: vscode.Uri): ExtensionSettings {
    const s = readSettings(scope);
    // Tell the user once per distinct problem, not on every keystroke.
    const fresh = s.problems.filter((p) => !this.reportedProblems.has(p));
    if (fresh.length > 0) {
      fresh.forEach((p) => this.reportedProblems.add(p));
      void vscode.window.showWarningMessage(vscode.l10n.t('Device Map Studio settings: {0}', fresh.join('; ')));
      log().warn(fresh.join('\n'));
    }
    return s;
  }
}
