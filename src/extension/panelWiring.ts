/**
 * Connects the layout panel (./panel) to the rest of the extension: models from
 * the same source as the diagnostics, the machine from the settings, and GPU
 * edits made in the panel written back to `deviceMapStudio.gpus`.
 */
import * as vscode from 'vscode';
import { gpuSettingEntries } from '../core/index';
import { createPanelDeps, registerLayoutPanel } from './panel/index';
import type { ModelSource } from './modelSource';
import { readSettings, SECTION } from './settings';
import { withDetectedGpus } from '../core/index';
import type { HostGpuSource } from './gpuHost/hostGpuSource';
import type { PanelWorker } from './panel/panelDraws';

/** `off`: the analysis worker and the editor's facts (the panel's finder and rules run there when it runs). */
export function registerPanel(
  context: vscode.ExtensionContext,
  models: ModelSource,
  off: PanelWorker,
  hostGpus?: HostGpuSource,
): vscode.Disposable {
  return registerLayoutPanel(
    context,
    () =>
      createPanelDeps({
        lookupModel: (ref, fileName) => models.lookup(ref, fileName),
        onModelsResolved: (listener) => models.onDidResolve(listener),
        readSetup: () => withDetectedGpus(readSettings().setup, hostGpus?.detection),
        ...(hostGpus ? { hostGpus } : {}),
        readEstimateSettings: () => readSettings().estimate,
        saveGpus: async (gpus) => {
          const workspace = !!vscode.workspace.workspaceFolders?.length;
          const target = workspace ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
          const config = vscode.workspace.getConfiguration(SECTION);
          // Entries of the cards the user left alone are written back as they were spelled.
          const seen = config.inspect('gpus');
          const previous = (workspace ? seen?.workspaceValue : seen?.globalValue) ?? config.get('gpus');
          await config.update('gpus', gpuSettingEntries(gpus, previous), target);
        },
      }),
    off,
  );
}
