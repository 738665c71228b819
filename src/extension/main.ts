/**
 * Desktop / remote (Node) entry: wires the model resolver, the language
 * features and the layout panel. Nothing runs at start-up beyond wiring; the
 * first analysis happens when a Python or JSON document is open.
 */
import * as vscode from 'vscode';
import { registerCoreFeatures } from './features';
import { ResolverModelSource } from './models/resolverModelSource';
import { readSettings } from './settings';

export function activate(context: vscode.ExtensionContext): void {
  const models = new ResolverModelSource(context, () => readSettings());
  registerCoreFeatures(context, models);
  context.subscriptions.push(vscode.commands.registerCommand('deviceMapStudio.reloadModels', () => models.refresh()));
}

export function deactivate(): void {
  /* everything is disposed through context.subscriptions */
}
