/**
 * Desktop / remote (Node) entry: wires the model resolver, the language
 * features and the layout panel. Nothing runs at start-up beyond wiring; the
 * first analysis happens when a Python or JSON document is open.
 */
import type * as vscode from 'vscode';
import { registerCoreFeatures } from './features';
import { NoModelSource } from './noModels';

export function activate(context: vscode.ExtensionContext): void {
  const models = new NoModelSource('model resolution is not available yet in this build');
  registerCoreFeatures(context, models);
}

export function deactivate(): void {
  /* everything is disposed through context.subscriptions */
}
