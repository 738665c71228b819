/**
 * Everything both builds share (Node and web): analysis, providers, status bar,
 * commands, the layout panel. `activate` in main.ts / web.ts only picks the model source and calls this.
 */
import * as vscode from 'vscode';
import { DocumentAnalyses } from './documentAnalyses';
import { createLanguageService } from './languageService';
import type { ModelSource } from './modelSource';
import { LanguageProviders } from './providers';
import { PeakCardStatus } from './statusBar';
import { registerCommands } from './commands';
import { registerPanel } from './panelWiring';
import { NotebookAnalyses } from './notebookAnalyses';
import { NotebookProviders } from './notebookProviders';
import type { FactsFinder } from './finder/offThread';

/** `offThread`: where long documents' maps are found (a worker thread in the Node build; absent on the web). */
export function registerCoreFeatures(context: vscode.ExtensionContext, models: ModelSource, offThread?: FactsFinder): DocumentAnalyses {
  const service = createLanguageService();
  const analyses = new DocumentAnalyses(service, models, offThread);
  // Notebook cells: analysed as their notebook's one program (after `analyses`, whose settings they read).
  const notebooks = new NotebookAnalyses(analyses, models);
  context.subscriptions.push(
    models,
    analyses,
    new LanguageProviders(service, analyses),
    notebooks,
    new NotebookProviders(notebooks),
    new PeakCardStatus(service, analyses),
    ...registerCommands(analyses),
  );
  // The layout panel registers its own command and serializer into context.subscriptions.
  registerPanel(context, models);
  return analyses;
}
