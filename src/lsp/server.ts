/**
 * The language server (`device-map lsp --stdio`): the engine's diagnostics,
 * completion, hover, code actions and CodeLens text for any LSP client. Every
 * request is guarded: an unknown document, a position outside it or a
 * cancelled request answers with an LSP error; an engine bug answers with an
 * InternalError; nothing kills the server.
 */
import {
  CodeActionKind,
  DidChangeWatchedFilesNotification,
  ErrorCodes,
  LSPErrorCodes,
  ResponseError,
  TextDocumentSyncKind,
  TextDocuments,
  type CancellationToken,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver';
import { createConnection } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { codeActionsFor, codeLenses, completeAt, hoverAt, type StudioSettings } from '../core/index';
import { VERSION } from '../node/packageInfo';
import { explicitFromClient } from './clientSettings';
import { toCodeAction, toCodeLens, toCompletionItem, toDiagnostic, toHover } from './convert';
import { analyse, filePathOf, languageOf, type Analysis } from './documentState';
import { checkedOffset, checkedSpan } from './positions';
import { lspSay, useClientLocale } from './messages';

const DEBOUNCE_MS = 150;

export function startServer(connection: Connection, processEnv: Readonly<Record<string, string | undefined>> = process.env): void {
  const documents = new TextDocuments(TextDocument);
  const analyses = new Map<string, Promise<Analysis>>();
  const timers = new Map<string, NodeJS.Timeout>();
  let initOptions: StudioSettings = {};
  let pulled: StudioSettings = {};
  let canPullConfiguration = false;
  let canWatchFiles = false;
  let snippets = false;
  let workspaceDir: string | undefined;

  const log = (message: string): void => void connection.console.log(message);
  const problemsShown = new Set<string>();

  const explicit = (): StudioSettings => ({
    ...initOptions,
    ...pulled,
    ...(initOptions.rules || pulled.rules ? { rules: { ...initOptions.rules, ...pulled.rules } } : {}),
  });

  function run(doc: TextDocument): Promise<Analysis> {
    const p = analyse(doc, explicit(), workspaceDir, processEnv).then((a) => {
      for (const problem of a.settings.problems) {
        if (problemsShown.has(problem)) continue;
        problemsShown.add(problem);
        void connection.window.showWarningMessage(lspSay.text('configProblem', { problem }));
        log(`config: ${problem}`);
      }
      // Publish only if the document is still open at this version.
      const current = documents.get(doc.uri);
      if (current && current.version === a.version)
        void connection.sendDiagnostics({ uri: doc.uri, version: a.version, diagnostics: a.findings.map((f) => toDiagnostic(doc, f)) });
      return a;
    });
    p.catch((e) => log(`analysis failed for ${doc.uri}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`));
    analyses.set(doc.uri, p);
    return p;
  }

  /** A debounced analysis not started yet: requests wait on `promise`, which the timer settles. */
  const waiting = new Map<string, { release: (a: Promise<Analysis>) => void }>();

  function schedule(doc: TextDocument, delay: number): void {
    if (!languageOf(doc)) return;
    clearTimeout(timers.get(doc.uri));
    let entry = waiting.get(doc.uri);
    if (!entry) {
      // Requests in between wait on this promise, so they never see a stale analysis.
      let release: (a: Promise<Analysis>) => void = () => undefined;
      const promise = new Promise<Analysis>((resolve) => (release = resolve));
      promise.catch(() => undefined);
      entry = { release };
      waiting.set(doc.uri, entry);
      analyses.set(doc.uri, promise);
    }
    const settle = entry.release;
    timers.set(
      doc.uri,
      setTimeout(() => {
        timers.delete(doc.uri);
        waiting.delete(doc.uri);
        const latest = documents.get(doc.uri);
        settle(latest ? run(latest) : Promise.reject(new ResponseError(ErrorCodes.InvalidParams, lspSay.text('closed', { uri: doc.uri }))));
      }, delay),
    );
  }

  async function pullConfiguration(): Promise<void> {
    if (!canPullConfiguration) return;
    try {
      const [value] = await connection.workspace.getConfiguration([{ section: 'deviceMapStudio' }]);
      pulled = explicitFromClient(value);
    } catch (e) {
      log(`workspace/configuration failed: ${String(e)}`);
    }
  }

  function reanalyseAll(): void {
    for (const d of documents.all()) schedule(d, 0);
  }

  /** The open document and its current analysis, or an LSP error. */
  async function stateOf(uri: string | undefined, token: CancellationToken): Promise<{ doc: TextDocument; analysis: Analysis }> {
    const doc = uri ? documents.get(uri) : undefined;
    if (!doc || !uri) throw new ResponseError(ErrorCodes.InvalidParams, lspSay.text('unknownDocument', { uri: uri ?? '(none)' }));
    if (!languageOf(doc)) throw new ResponseError(ErrorCodes.InvalidParams, lspSay.text('notAnalysed', { uri }));
    const analysis = await (analyses.get(uri) ?? run(doc));
    if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'request cancelled');
    return { doc, analysis };
  }

  /** Runs a handler; a non-LSP exception becomes an InternalError answer (the server lives on). */
  const guard =
    <P, R>(name: string, fn: (params: P, token: CancellationToken) => Promise<R>) =>
    async (params: P, token: CancellationToken): Promise<R | ResponseError<void>> => {
      try {
        return await fn(params, token);
      } catch (e) {
        if (e instanceof ResponseError) return e;
        log(`${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
        return new ResponseError(ErrorCodes.InternalError, `${name} failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    // The findings', hovers' and fixes' language: the client's locale (before any analysis runs).
    useClientLocale(params, processEnv);
    initOptions = explicitFromClient(params.initializationOptions);
    canPullConfiguration = params.capabilities.workspace?.configuration === true;
    snippets = params.capabilities.textDocument?.completion?.completionItem?.snippetSupport === true;
    canWatchFiles = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    const root = params.workspaceFolders?.[0]?.uri ?? params.rootUri ?? undefined;
    workspaceDir = root ? filePathOf(root) : undefined;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        completionProvider: { triggerCharacters: ['"', "'", ':', ' ', '.'] },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite] },
        codeLensProvider: { resolveProvider: false },
        // Notebook documents (notebookDocumentSync) are not served yet; the mapping to wire them to is
        // core/analysis/notebook.ts over NotebookProgram (README "Other editors").
      },
      serverInfo: { name: 'device-map', version: VERSION },
    };
  });

  connection.onInitialized(() => {
    // Ask the client to tell us when a config file changes (core/config/names.ts), so verdicts follow it.
    if (canWatchFiles) {
      void connection.client
        .register(DidChangeWatchedFilesNotification.type, {
          watchers: [{ globPattern: '**/{pyproject.toml,device-map-studio.toml,.device-map-studio.toml}' }],
        })
        .catch(() => undefined);
    }
    void pullConfiguration().then(reanalyseAll);
  });

  connection.onDidChangeConfiguration((change) => {
    const pushed = explicitFromClient(change.settings);
    if (Object.keys(pushed).length > 0) pulled = pushed;
    void pullConfiguration().then(reanalyseAll);
  });

  // A config file changed on disk (clients that watch *.toml tell us): re-read on the next analysis.
  connection.onDidChangeWatchedFiles(() => reanalyseAll());

  documents.onDidOpen((e) => schedule(e.document, 0));
  documents.onDidChangeContent((e) => schedule(e.document, DEBOUNCE_MS));
  documents.onDidClose((e) => {
    clearTimeout(timers.get(e.document.uri));
    timers.delete(e.document.uri);
    waiting
      .get(e.document.uri)
      ?.release(Promise.reject(new ResponseError(ErrorCodes.InvalidParams, lspSay.text('closed', { uri: e.document.uri }))));
    waiting.delete(e.document.uri);
    analyses.delete(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.onCompletion(
    guard('completion', async (params, token) => {
      const { doc, analysis } = await stateOf(params.textDocument?.uri, token);
      const offset = checkedOffset(doc, params.position);
      if (analysis.excluded) return [];
      return completeAt(analysis.source, offset, analysis.env).map((c) => toCompletionItem(doc, c, snippets));
    }),
  );

  connection.onHover(
    guard('hover', async (params, token) => {
      const { doc, analysis } = await stateOf(params.textDocument?.uri, token);
      const offset = checkedOffset(doc, params.position);
      if (analysis.excluded) return null;
      const h = hoverAt(analysis.source, offset, analysis.env);
      return h ? toHover(doc, h) : null;
    }),
  );

  connection.onCodeAction(
    guard('code actions', async (params, token) => {
      const { doc, analysis } = await stateOf(params.textDocument?.uri, token);
      const span = checkedSpan(doc, params.range);
      const actions = codeActionsFor(analysis.source, span, analysis.findings, analysis.env);
      // An action with a `command` opens an editor's own UI (Set Up GPUs) and has no edit: a
      // language-server client sets its GPUs through its settings or the config file instead.
      return actions.filter((a) => !a.command).map((a) => toCodeAction(doc, a, params.context?.diagnostics ?? []));
    }),
  );

  connection.onCodeLens(
    guard('code lens', async (params, token) => {
      const { doc, analysis } = await stateOf(params.textDocument?.uri, token);
      if (analysis.excluded) return [];
      return codeLenses(analysis.source, analysis.env).map((l) => toCodeLens(doc, l));
    }),
  );

  documents.listen(connection);
  connection.listen();
}

/** `device-map lsp --stdio`. */
export async function startStdioServer(): Promise<void> {
  const connection = createConnection(process.stdin, process.stdout);
  startServer(connection);
  connection.onExit(() => process.exit(0));
}
