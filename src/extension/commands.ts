/** The palette commands the extension itself owns (the panel registers its own). */
import * as vscode from 'vscode';
import { GPU_PRESETS } from '../core/index';
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
  const preset = await vscode.window.showQuickPick(
    [
      ...GPU_PRESETS.map((p) => ({ label: p.name, description: p.id, id: p.id })),
      { label: vscode.l10n.t('Other size…'), description: vscode.l10n.t('e.g. 24GiB'), id: '' },
    ],
    {
      title: vscode.l10n.t('Device Map Studio: which GPU?'),
      placeHolder: vscode.l10n.t('The card model (all cards alike; edit settings.json for mixed cards)'),
    },
  );
  if (!preset) return;
  let id = preset.id;
  if (!id) {
    const size = await vscode.window.showInputBox({
      title: vscode.l10n.t('Memory per card'),
      value: '24GiB',
      validateInput: (v) => (/^\d+(\.\d+)?\s*(GiB|GB|MiB|MB)$/i.test(v.trim()) ? undefined : vscode.l10n.t('A size such as 24GiB or 80GB')),
    });
    if (!size) return;
    id = size.trim();
  }
  const count = await vscode.window.showInputBox({
    title: vscode.l10n.t('How many cards?'),
    value: '2',
    validateInput: (v) => (/^[1-9]\d?$/.test(v.trim()) ? undefined : vscode.l10n.t('A number from 1 to 99')),
  });
  if (!count) return;
  const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await vscode.workspace.getConfiguration(SECTION).update('gpus', [`${Number(count)}x${id}`], target);
}
