/**
 * Browser entry (vscode.dev-style hosts): the same language features without
 * Node APIs. Models come from the built-in catalogue only: no file system
 * reads outside the editor's documents, no Hugging Face cache.
 */
import * as vscode from 'vscode';
import { registerCoreFeatures } from './features';
import { CatalogueModelSource } from './catalogueModels';
import { readSettings } from './settings';
import { OffThreadFinder } from './finder/offThread';
import { webWorker } from './finder/webWorkerPort';
import { logWorker } from './finder/workerLog';
import { engineLoaded } from './engineLoad';

export function activate(context: vscode.ExtensionContext): void {
  // One extension bundle here: the engine is in already.
  engineLoaded();
  // Analyses run in a Web Worker of their own (dist/web/finder-worker.js, built by esbuild target
  // webFinderWorker), never on this extension host, which is itself the browser's web worker.
  const script = vscode.Uri.joinPath(context.extensionUri, 'dist', 'web', 'finder-worker.js');
  const finder = new OffThreadFinder(
    webWorker(() => workerUrl(script)),
    logWorker('web'),
  );
  context.subscriptions.push(finder);
  registerCoreFeatures(
    context,
    new CatalogueModelSource(
      () => readSettings().transformers,
      'the web version cannot read model folders or the Hugging Face cache: open the folder in desktop VS Code',
    ),
    finder,
  );
  // The palette shows the command in every build (it activates the extension); its files are written by the desktop build.
  context.subscriptions.push(
    vscode.commands.registerCommand(
      'deviceMapStudio.newSetup',
      () =>
        void vscode.window.showInformationMessage(
          'New Setup writes files next to your project: open the folder in desktop VS Code (or use `device-map init`).',
        ),
    ),
  );
}

/** A URL the browser can start a worker from: the script's own, or (installed on a server) a blob: of its bytes. */
async function workerUrl(script: vscode.Uri): Promise<string> {
  if (script.scheme !== 'vscode-remote') return script.toString(true);
  const bytes = await vscode.workspace.fs.readFile(script);
  return URL.createObjectURL(new Blob([new TextDecoder().decode(bytes)], { type: 'text/javascript' }));
}

export function deactivate(): void {
  /* disposed through context.subscriptions */
}
