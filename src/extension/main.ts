/**
 * Desktop / remote (Node) entry: wires the model resolver, the language
 * features and the layout panel. Nothing runs at start-up beyond wiring; the
 * first analysis happens when a Python or JSON document is open.
 */
import * as vscode from 'vscode';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { OffThreadFinder } from './finder/offThread';
import { nodeWorker } from './finder/nodeWorker';
import { logWorker } from './finder/workerLog';
import { registerCoreFeatures } from './features';
import { launchFor } from '../node/launch/launchFor';
import { ResolverModelSource } from './models/resolverModelSource';
import { readSettings, setConfigFileReader } from './settings';
import { findConfigFor } from '../node/config/findConfig';
import { NodeHostGpus } from './gpuHost/nodeHostGpus';
import { registerNewSetupFor } from './setup/newSetupCommand';
import { listCachedModels } from '../node/models/cachedModels';

export function activate(context: vscode.ExtensionContext): void {
  // The desktop build reads the project's config file (the web build has no file system).
  setConfigFileReader(findConfigFor);
  const models = new ResolverModelSource(context, () => readSettings());
  // Built next to this bundle by esbuild (target finderWorker); without it everything runs here.
  const script = join(__dirname, 'finder-worker.js');
  const finder = existsSync(script) ? new OffThreadFinder(nodeWorker(script), logWorker('thread')) : undefined;
  if (finder) context.subscriptions.push(finder);
  // Launch facts are read inside the file's workspace folder only (accelerate's default config under
  // $HF_HOME lies outside it: the CLI and the language server read that one, the editor does not).
  const launchOf = (path: string, processes?: number) =>
    launchFor(path, processes, { within: vscode.workspace.getWorkspaceFolder(vscode.Uri.file(path))?.uri.fsPath ?? dirname(path) });
  const hostGpus = new NodeHostGpus();
  registerCoreFeatures(context, models, finder, hostGpus, launchOf);
  context.subscriptions.push(registerNewSetupFor(models, hostGpus, () => listCachedModels()));
  context.subscriptions.push(vscode.commands.registerCommand('deviceMapStudio.reloadModels', () => models.refresh()));
  // Only this build resolves models from files and the Hub; the palette shows Reload Models here alone.
  void vscode.commands.executeCommand('setContext', 'deviceMapStudio.resolverAvailable', true);
  // Only this build detects the machine's GPUs (the web build never runs a tool).
  void vscode.commands.executeCommand('setContext', 'deviceMapStudio.gpuHostAvailable', true);
}

export function deactivate(): void {
  /* everything is disposed through context.subscriptions */
}
