/**
 * Everything both builds share (Node and web): analysis, providers, status bar,
 * commands, the layout panel. `activate` in main.ts / web.ts only picks the model source and calls this.
 */
import * as vscode from 'vscode';
import { DocumentAnalyses, type LaunchLookup } from './documentAnalyses';
import { createLanguageService } from './languageService';
import type { ModelSource } from './modelSource';
import { LanguageProviders } from './providers';
import { PeakCardStatus } from './statusBar';
import { registerCommands } from './commands';
import { registerPanel } from './panelWiring';
import { NotebookAnalyses } from './notebookAnalyses';
import type { FactsFinder } from './finder/offThread';
import type { HostGpuSource } from './gpuHost/hostGpuSource';
import { GpuHostStatus } from './gpuHost/gpuHostStatus';
import { registerWalkthrough } from './walkthrough/index';
import { setMessageLocale } from '../core/index';
import { onEngineLoad } from './engineLoad';

/**
 * `offThread`: the analysis worker (a worker thread in the Node build, a Web Worker in the web build).
 * `hostGpus`: the cards of this machine (Node build only; the web build never runs a tool).
 */
export function registerCoreFeatures(
  context: vscode.ExtensionContext,
  models: ModelSource,
  offThread?: FactsFinder,
  hostGpus?: HostGpuSource,
  launchOf?: LaunchLookup,
): DocumentAnalyses {
  // The core's texts (findings, hover, fix titles, panel labels) in VS Code's display language,
  // set when the engine loads (on first use in the desktop build; engineLoad.ts).
  onEngineLoad(() => setMessageLocale(vscode.env.language));
  const service = createLanguageService();
  const analyses = new DocumentAnalyses(service, models, offThread, hostGpus, launchOf);
  if (hostGpus) context.subscriptions.push(hostGpus, new GpuHostStatus(hostGpus));
  // Notebook cells: analysed as their notebook's one program (after `analyses`, whose settings they read).
  const notebooks = new NotebookAnalyses(analyses, models);
  context.subscriptions.push(
    models,
    analyses,
    new LanguageProviders(service, analyses, notebooks),
    notebooks,
    new PeakCardStatus(service, analyses),
    ...registerCommands(analyses),
    ...registerWalkthrough(context.extensionUri),
  );
  // The layout panel registers its own command and serializer into context.subscriptions.
  // Its finder and rules run on the worker too, reading the facts the answers read (issue 18).
  registerPanel(context, models, { worker: offThread, facts: analyses.answerFacts, locale: vscode.env.language }, hostGpus);
  return analyses;
}
