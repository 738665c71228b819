// Activates a built desktop bundle (argv[2]: the folder with extension.js and engine.js) against a
// stand-in `vscode` module, outside VS Code, and prints one JSON line: whether activate() loaded
// the engine, and what the first command that needs it saw. The stand-in answers every property
// with another stand-in (registrations succeed, events never fire); only what the checks read is real.
const Module = require('node:module');
const { join } = require('node:path');

const dir = process.argv[2];
const enginePath = join(dir, 'engine.js');
const commands = new Map();
let quickPickItems;

const stub = (name) =>
  new Proxy(function () {}, {
    get(_, key) {
      if (key === 'then') return undefined;
      if (key === Symbol.toPrimitive) return () => name;
      return stub(`${name}.${String(key)}`);
    },
    set: () => true,
    apply: () => stub(`${name}()`),
    construct: () => stub(`new ${name}`),
  });
/** A namespace whose listed members are real and whose others are stand-ins. */
const namespace = (name, real) => new Proxy(real, { get: (t, k) => (k in t ? t[k] : stub(`${name}.${String(k)}`)) });

const real = {
  env: namespace('env', { language: 'zh-cn' }),
  workspace: namespace('workspace', { isTrusted: false, workspaceFolders: undefined, textDocuments: [], notebookDocuments: [] }),
  window: namespace('window', {
    activeTextEditor: undefined,
    visibleTextEditors: [],
    visibleNotebookEditors: [],
    showQuickPick: async (items) => {
      quickPickItems = items;
      return undefined;
    },
  }),
  commands: namespace('commands', {
    registerCommand: (id, fn) => {
      commands.set(id, fn);
      return { dispose() {} };
    },
  }),
};
// esbuild's import interop copies the module's own keys, so every name the extension reads is listed.
const NAMES = `CodeAction CodeActionKind CodeLens CompletionItem CompletionItemKind CompletionList ConfigurationTarget
  Diagnostic DiagnosticRelatedInformation DiagnosticSeverity Disposable EventEmitter Hover InputBoxValidationSeverity
  Location MarkdownString NotebookCellKind Position QuickInputButtons QuickPickItemKind Range Selection SnippetString
  StatusBarAlignment TextEdit TextEditorRevealType ThemeColor Uri ViewColumn WorkspaceEdit commands env l10n languages
  window workspace`.split(/\s+/);
const vscode = Object.fromEntries(NAMES.map((n) => [n, real[n] ?? stub(n)]));
const load = Module._load;
Module._load = function (request, ...rest) {
  return request === 'vscode' ? vscode : load.call(this, request, ...rest);
};

(async () => {
  const extension = require(join(dir, 'extension.js'));
  extension.activate({ subscriptions: [], extensionUri: stub('extensionUri'), extensionPath: dir, globalState: stub('globalState') });
  const loadedByActivate = require.cache[enginePath] !== undefined;
  await commands.get('deviceMapStudio.configureGpus')();
  const engine = require.cache[enginePath]?.exports;
  console.log(
    JSON.stringify({
      loadedByActivate,
      commands: [...commands.keys()].sort(),
      loadedByCommand: engine !== undefined,
      presetIds: (quickPickItems ?? []).map((i) => i.id),
      engineLocale: engine?.messageLocale(),
    }),
  );
  process.exit(0);
})();
