/**
 * Connects the layout panel (./panel) to the rest of the extension: models from
 * the same source as the diagnostics, the machine from the settings, and GPU
 * edits made in the panel written back to `deviceMapStudio.gpus`.
 */
import * as vscode from 'vscode';
import { GIB, GPU_PRESETS } from '../core/settings';
import type { PanelGpu } from '../protocol/snapshot';
import { createPanelDeps, registerLayoutPanel } from './panel/index';
import type { ModelSource } from './modelSource';
import { readSettings, SECTION } from './settings';

/** A card as the settings spell it: the preset id when one matches, else `{name, memoryGiB}`. */
export function gpuSettingEntry(g: PanelGpu): string | { name: string; memoryGiB: number } {
  const preset = GPU_PRESETS.find((p) => p.name === g.name && p.memory === g.memory);
  return preset ? preset.id : { name: g.name, memoryGiB: Math.round((g.memory / GIB) * 100) / 100 };
}

export function registerPanel(context: vscode.ExtensionContext, models: ModelSource): vscode.Disposable {
  return registerLayoutPanel(context, createPanelDeps({
    lookupModel: (ref, fileName) => models.lookup(ref, fileName),
    onModelsResolved: (listener) => models.onDidResolve(listener),
    readSetup: () => readSettings().setup,
    readEstimateSettings: () => readSettings().estimate,
    saveGpus: async (gpus) => {
      const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
      await vscode.workspace.getConfiguration(SECTION).update('gpus', gpus.map(gpuSettingEntry), target);
    },
  }));
}
