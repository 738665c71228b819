/** The palette commands the extension itself owns (the panel registers its own). */
import * as vscode from 'vscode';
import { cardSpec, PRESET_CHOICES, validateCardCount, validateCardSize } from './gpuChoices';
import { SECTION } from './settings';
import { log } from './log';
import type { DocumentAnalyses } from './documentAnalyses';

export function registerCommands(analyses: DocumentAnalyses): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('deviceMapStudio.recheck', () => {
      analyses.analyseAll();
    }),
    vscode.commands.registerCommand('deviceMapStudio.showLog', () => log().show()),
    vscode.commands.registerCommand('deviceMapStudio.configureGpus', configureGpus),
  ];
}

/** Pick a preset and a count; writes `deviceMapStudio.gpus` for the workspace. */
async function configureGpus(): Promise<void> {
  const preset = await vscode.window.showQuickPick(PRESET_CHOICES, {
    title: 'Device Map Studio: which GPU?',
    placeHolder: 'The card model (all cards alike; edit settings.json for mixed cards)',
  });
  if (!preset) return;
  let id = preset.id;
  if (!id) {
    const size = await vscode.window.showInputBox({
      title: 'Memory per card',
      value: '24GiB',
      validateInput: validateCardSize,
    });
    if (!size) return;
    id = size.trim();
  }
  const count = await vscode.window.showInputBox({
    title: 'How many cards?',
    value: '2',
    validateInput: validateCardCount,
  });
  if (!count) return;
  const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await vscode.workspace.getConfiguration(SECTION).update('gpus', [cardSpec(count, id)], target);
}
