/**
 * Browser entry (vscode.dev-style hosts): the same language features without
 * Node APIs. Models come from the built-in catalogue only: no file system
 * reads outside the editor's documents, no Hugging Face cache.
 */
import type * as vscode from 'vscode';
import { registerCoreFeatures } from './features';
import { NoModelSource } from './noModels';

export function activate(context: vscode.ExtensionContext): void {
  registerCoreFeatures(context, new NoModelSource('the web version of Device Map Studio cannot read model folders; open the folder in desktop VS Code'));
}

export function deactivate(): void {
  /* disposed through context.subscriptions */
}
