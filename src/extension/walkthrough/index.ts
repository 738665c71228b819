/**
 * The getting-started walkthrough's commands (contributes.walkthroughs in package.json): the
 * examples, the CI workflow, and the marker a quick fix runs after its edit so the "apply a
 * fix" step completes (`onContext:deviceMapStudio.fixApplied`).
 */
import * as vscode from 'vscode';
import { createExamples } from './createExamples';
import { writeCiWorkflow } from './ciWorkflow';
import { CREATE_EXAMPLES, FIX_APPLIED, FIX_APPLIED_CONTEXT, WRITE_CI_WORKFLOW } from './commandIds';

export function registerWalkthrough(extensionUri: vscode.Uri): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(CREATE_EXAMPLES, () => createExamples(extensionUri)),
    vscode.commands.registerCommand(WRITE_CI_WORKFLOW, () => writeCiWorkflow()),
    vscode.commands.registerCommand(FIX_APPLIED, () => vscode.commands.executeCommand('setContext', FIX_APPLIED_CONTEXT, true)),
  ];
}
