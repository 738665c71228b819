/**
 * Desktop / remote (Node) entry: wires the model resolver, the language
 * features and the layout panel. Nothing runs at start-up beyond wiring; the
 * first analysis happens when a Python or JSON document is open.
 */
import type * as vscode from 'vscode';
import { registerCoreFeatures } from './features';
import { CatalogueModelSource } from './catalogueModels';
import { readSettings } from './settings';

export function activate(context: vscode.ExtensionContext): void {
  const models = new CatalogueModelSource(() => readSettings().transformers, 'model folders and the Hugging Face cache are read once the resolver is wired');
  registerCoreFeatures(context, models);
}

export function deactivate(): void {
  /* everything is disposed through context.subscriptions */
}
