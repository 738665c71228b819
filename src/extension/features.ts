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

export function registerCoreFeatures(context: vscode.ExtensionContext, models: ModelSource): DocumentAnalyses {
  const service = createLanguageService();
  const analyses = new DocumentAnalyses(service, models);
  context.subscriptions.push(
    models,
    analyses,
    new LanguageProviders(service, analyses),
    new PeakCardStatus(service, analyses),
    ...registerCommands(analyses),
  );
  // The layout panel registers its own command and serializer into context.subscriptions.
  registerPanel(context, models);
  return analyses;
}
