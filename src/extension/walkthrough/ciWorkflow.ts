/**
 * "Write a GitHub Actions Workflow for device-map check": creates
 * .github/workflows/device-map.yml in the workspace folder as one WorkspaceEdit. An existing
 * file is opened, never overwritten; without a workspace folder the workflow opens as an
 * untitled document to copy.
 */
import * as vscode from 'vscode';
import { SECTION } from '../settings';
import { CI_WORKFLOW_PATH, ciWorkflowText, gpusFlagOf } from './ciWorkflowText';

export async function writeCiWorkflow(): Promise<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  const text = ciWorkflowText(gpusFlagOf(vscode.workspace.getConfiguration(SECTION, folder?.uri).get('gpus')));
  if (!folder) {
    const doc = await vscode.workspace.openTextDocument({ language: 'yaml', content: text });
    await vscode.window.showTextDocument(doc);
    void vscode.window.showInformationMessage(
      vscode.l10n.t('No folder is open: save this workflow as {0} in your repository.', CI_WORKFLOW_PATH),
    );
    return undefined;
  }
  const target = vscode.Uri.joinPath(folder.uri, CI_WORKFLOW_PATH);
  let present = false;
  try {
    await vscode.workspace.fs.stat(target);
    present = true;
  } catch {
    /* not there yet: write it */
  }
  if (present) {
    await vscode.window.showTextDocument(target);
    void vscode.window.showInformationMessage(vscode.l10n.t('{0} already exists; it was left as it is.', CI_WORKFLOW_PATH));
    return target;
  }
  const edit = new vscode.WorkspaceEdit();
  edit.createFile(target, { contents: new TextEncoder().encode(text), overwrite: false, ignoreIfExists: true });
  if (!(await vscode.workspace.applyEdit(edit))) {
    void vscode.window.showErrorMessage(vscode.l10n.t('VS Code could not create {0}.', target.fsPath));
    return undefined;
  }
  await vscode.window.showTextDocument(target);
  return target;
}
