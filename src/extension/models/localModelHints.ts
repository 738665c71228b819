/** The VS Code model hints (./modelHints.ts) in the display language: each English text is its own l10n key. */
import * as vscode from 'vscode';
import type { ModelHints } from '../../core/index';
import { VSCODE_MODEL_HINTS } from './modelHints';

let cached: ModelHints | undefined;

export function localModelHints(): ModelHints {
  cached ??= {
    mapToFolder: vscode.l10n.t(VSCODE_MODEL_HINTS.mapToFolder),
    enableHub: vscode.l10n.t(VSCODE_MODEL_HINTS.enableHub),
    hubEndpoint: vscode.l10n.t(VSCODE_MODEL_HINTS.hubEndpoint),
    trustWorkspace: vscode.l10n.t(VSCODE_MODEL_HINTS.trustWorkspace),
  };
  return cached;
}
