/**
 * Writes the files the core planned for a New Setup: one WorkspaceEdit (a
 * single undoable step), never over an existing file without a modal "Overwrite"
 * confirmation; then opens them, and the layout panel for the file with the map.
 */
import * as vscode from 'vscode';
import { uriExists } from '../uriExists';
import type { PlannedFile } from './answers';
import { OPEN_LAYOUT } from '../panel/index';

/** The files written, or undefined when the user kept the existing ones or the edit failed. */
export async function writeSetup(dir: string, files: readonly PlannedFile[]): Promise<vscode.Uri[] | undefined> {
  const base = vscode.Uri.file(dir);
  const targets = files.map((f) => ({ file: f, uri: vscode.Uri.joinPath(base, f.path) }));
  const taken: string[] = [];
  for (const t of targets) if (await uriExists(t.uri)) taken.push(t.file.path);
  if (taken.length) {
    const overwrite = vscode.l10n.t('Overwrite');
    const ok = await vscode.window.showWarningMessage(
      taken.length === 1
        ? vscode.l10n.t('New Setup: {0} already exists in {1}. Overwrite?', taken[0]!, dir)
        : vscode.l10n.t('New Setup: {0} already exist in {1}. Overwrite?', taken.join(', '), dir),
      { modal: true, detail: vscode.l10n.t('The files are replaced in one step; Undo brings them back.') },
      overwrite,
    );
    if (ok !== overwrite) return undefined;
  }
  const edit = new vscode.WorkspaceEdit();
  const encoder = new TextEncoder();
  for (const t of targets) edit.createFile(t.uri, { overwrite: true, contents: encoder.encode(t.file.content) });
  if (!(await vscode.workspace.applyEdit(edit, { isRefactoring: false }))) {
    void vscode.window.showErrorMessage(vscode.l10n.t('New Setup could not write the files in {0}.', dir));
    return undefined;
  }
  return targets.map((t) => t.uri);
}

/** Opens every written file; the one with the map gets the layout panel beside it. */
export async function openWritten(files: readonly PlannedFile[], uris: readonly vscode.Uri[]): Promise<void> {
  let layout: vscode.Uri | undefined;
  for (const [i, uri] of uris.entries()) {
    await vscode.window.showTextDocument(uri, { preview: false, viewColumn: vscode.ViewColumn.One });
    if (files[i]?.showLayout) layout = uri;
  }
  if (!layout) return;
  await vscode.window.showTextDocument(layout, { preview: false, viewColumn: vscode.ViewColumn.One });
  await vscode.commands.executeCommand(OPEN_LAYOUT, 0, layout);
}
