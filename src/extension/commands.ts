/** The palette commands the extension itself owns (the panel registers its own). */
import * as vscode from 'vscode';
import { cardSpec, presetChoices, validateCardCount, validateCardSize } from './gpuChoices';
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
  // The choices and checks are shared with New Setup (./gpuChoices); their words are translated here.
  const choices = presetChoices().map((c) =>
    c.id ? c : { ...c, label: vscode.l10n.t('Other size…'), description: vscode.l10n.t('e.g. 24GiB') },
  );
  const preset = await vscode.window.showQuickPick(choices, {
    title: vscode.l10n.t('Device Map Studio: which GPU?'),
    placeHolder: vscode.l10n.t('The card model (all cards alike; edit settings.json for mixed cards)'),
  });
  if (!preset) return;
  let id = preset.id;
  if (!id) {
    const size = await vscode.window.showInputBox({
      title: vscode.l10n.t('Memory per card'),
      value: '24GiB',
      validateInput: (v) => (validateCardSize(v) ? vscode.l10n.t('A size such as 24GiB or 80GB') : undefined),
    });
    if (!size) return;
    id = size.trim();
  }
  const count = await vscode.window.showInputBox({
    title: vscode.l10n.t('How many cards?'),
    value: '2',
    validateInput: (v) => (validateCardCount(v) ? vscode.l10n.t('A number from 1 to 99') : undefined),
  });
  if (!count) return;
  const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await vscode.workspace.getConfiguration(SECTION).update('gpus', [cardSpec(count, id)], target);
}
