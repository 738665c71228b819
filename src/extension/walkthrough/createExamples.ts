/**
 * "Create the Getting-Started Examples…": copies the examples shipped in the extension into
 * `device-map-examples/` of a folder the user picks, as one WorkspaceEdit (one undo step; an
 * existing folder is never written into: the next free name is used), then opens the DM003
 * example. Works in the web build too (workspace.fs only).
 */
import * as vscode from 'vscode';
import { uriExists } from '../uriExists';
import { logError } from '../log';
import { EXAMPLE_FILES, EXAMPLE_TO_OPEN, EXAMPLES_FOLDER } from './exampleFiles';

/** The workspace folders first (one click), then a folder dialog. */
async function pickParent(): Promise<vscode.Uri | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const other = { label: vscode.l10n.t('Choose another folder…'), uri: undefined as vscode.Uri | undefined };
  if (folders.length > 0) {
    const pick = await vscode.window.showQuickPick(
      [
        ...folders.map((f) => ({
          label: vscode.l10n.t('In {0}', f.name),
          description: `${f.uri.fsPath || f.uri.path}/${EXAMPLES_FOLDER}`,
          uri: f.uri as vscode.Uri | undefined,
        })),
        other,
      ],
      { title: vscode.l10n.t('Device Map Studio: where should the examples go?') },
    );
    if (!pick) return undefined;
    if (pick.uri) return pick.uri;
  }
  const chosen = await vscode.window.showOpenDialog({
    canSelectFiles: false,
    canSelectFolders: true,
    canSelectMany: false,
    openLabel: vscode.l10n.t('Create the examples here'),
  });
  return chosen?.[0];
}

/** `device-map-examples`, else `device-map-examples-2`, ... : never an existing folder. */
async function freeFolder(parent: vscode.Uri): Promise<vscode.Uri | undefined> {
  for (let n = 1; n < 100; n++) {
    const candidate = vscode.Uri.joinPath(parent, n === 1 ? EXAMPLES_FOLDER : `${EXAMPLES_FOLDER}-${n}`);
    if (!(await uriExists(candidate))) return candidate;
  }
  return undefined;
}

export async function createExamples(extensionUri: vscode.Uri): Promise<vscode.Uri | undefined> {
  const parent = await pickParent();
  if (!parent) return undefined;
  const target = await freeFolder(parent);
  if (!target) {
    void vscode.window.showWarningMessage(vscode.l10n.t('{0} already holds 99 example folders; nothing was written.', parent.fsPath));
    return undefined;
  }
  const edit = new vscode.WorkspaceEdit();
  try {
    for (const f of EXAMPLE_FILES) {
      const contents = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, f.from));
      edit.createFile(vscode.Uri.joinPath(target, f.to), { contents, overwrite: false, ignoreIfExists: true });
    }
  } catch (e) {
    logError('createExamples', e);
    void vscode.window.showErrorMessage(vscode.l10n.t('The examples are missing from this installation: {0}', String(e)));
    return undefined;
  }
  if (!(await vscode.workspace.applyEdit(edit, { isRefactoring: false }))) {
    void vscode.window.showErrorMessage(vscode.l10n.t('VS Code could not create {0}.', target.fsPath));
    return undefined;
  }
  await vscode.window.showTextDocument(vscode.Uri.joinPath(target, EXAMPLE_TO_OPEN));
  return target;
}
