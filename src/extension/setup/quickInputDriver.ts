/**
 * The New Setup flow's questions as VS Code quick inputs: one quick pick or
 * input box at a time, with the Back button from the second step on, Escape
 * ending the flow. While the flow works on an answer (resolving a model from the
 * Hub) the question stays up, busy, so the next one replaces it without a flash;
 * Escape pressed meanwhile still ends the flow.
 */
import * as vscode from 'vscode';
import type { Answer, Choice, InputQuestion, PickQuestion, SetupDriver } from './driver';

type Item<T> = vscode.QuickPickItem & { readonly value?: T };

function items<T>(choices: readonly Choice<T>[]): Item<T>[] {
  const out: Item<T>[] = [];
  for (const c of choices) {
    if (c.group) out.push({ label: c.group, kind: vscode.QuickPickItemKind.Separator });
    out.push({
      label: c.label,
      ...(c.description ? { description: c.description } : {}),
      ...(c.detail ? { detail: c.detail } : {}),
      value: c.value,
    });
  }
  return out;
}

export class QuickInputDriver implements SetupDriver, vscode.Disposable {
  private current: vscode.QuickInput | undefined;
  /** Escape pressed while the flow was busy with the last answer: the next question answers 'cancel'. */
  private cancelled = false;

  pick<T>(q: PickQuestion<T>): Promise<Answer<T>> {
    if (this.cancelled) return Promise.resolve({ kind: 'cancel' });
    const qp = vscode.window.createQuickPick<Item<T>>();
    qp.title = q.title;
    qp.placeholder = q.problem ?? q.placeholder;
    qp.matchOnDescription = true;
    qp.matchOnDetail = q.matchDetails ?? false;
    qp.ignoreFocusOut = true;
    qp.items = items(q.choices);
    const active = q.active === undefined ? undefined : qp.items.find((i) => i.value === q.active);
    if (active) qp.activeItems = [active];
    if (q.problem) void vscode.window.showWarningMessage(vscode.l10n.t('New Setup: {0}', q.problem));
    return this.ask(qp, q.canGoBack, (finish) =>
      qp.onDidAccept(() => {
        const chosen = qp.selectedItems[0] ?? qp.activeItems[0];
        if (chosen && chosen.value !== undefined) finish({ kind: 'value', value: chosen.value });
        else if (!chosen && q.typed && qp.value.trim() !== '') finish({ kind: 'value', value: q.typed(qp.value.trim()) });
      }),
    );
  }

  input(q: InputQuestion): Promise<Answer<string>> {
    if (this.cancelled) return Promise.resolve({ kind: 'cancel' });
    const box = vscode.window.createInputBox();
    box.title = q.title;
    box.prompt = q.placeholder;
    box.value = q.value;
    box.ignoreFocusOut = true;
    if (q.problem) box.validationMessage = { message: q.problem, severity: vscode.InputBoxValidationSeverity.Error };
    const check = (v: string): string | undefined => q.validate?.(v);
    return this.ask(box, q.canGoBack, (finish) =>
      vscode.Disposable.from(
        box.onDidChangeValue((v) => (box.validationMessage = check(v))),
        box.onDidAccept(() => {
          const problem = check(box.value);
          if (problem) box.validationMessage = problem;
          else finish({ kind: 'value', value: box.value });
        }),
      ),
    );
  }

  async chooseFolder(title: string): Promise<string | undefined> {
    if (this.cancelled) return undefined;
    // The dialog is a quick input of its own in some hosts: close ours first, so its hiding is not read as Escape.
    this.dispose();
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const picked = await vscode.window.showOpenDialog({
      title,
      canSelectFiles: false,
      canSelectFolders: true,
      canSelectMany: false,
      openLabel: vscode.l10n.t('Use this folder'),
      ...(folder ? { defaultUri: folder } : {}),
    });
    return picked?.[0]?.fsPath;
  }

  /** Shows `input` (replacing the last question) and settles on accept, Back, or hide. */
  private ask<T>(
    input: vscode.QuickInput,
    canGoBack: boolean,
    onAccept: (finish: (a: Answer<T>) => void) => vscode.Disposable,
  ): Promise<Answer<T>> {
    const withButtons = input as vscode.QuickInput & {
      buttons: readonly vscode.QuickInputButton[];
      onDidTriggerButton: vscode.Event<vscode.QuickInputButton>;
    };
    withButtons.buttons = canGoBack ? [vscode.QuickInputButtons.Back] : [];
    return new Promise<Answer<T>>((resolve) => {
      let settled = false;
      const finish = (a: Answer<T>): void => {
        if (settled) return;
        settled = true;
        // Stay up, busy, until the next question replaces it (or dispose() closes it).
        input.busy = true;
        input.enabled = false;
        resolve(a);
      };
      const subs = [
        onAccept(finish),
        withButtons.onDidTriggerButton((b) => b === vscode.QuickInputButtons.Back && finish({ kind: 'back' })),
        input.onDidHide(() => {
          if (this.current === input && settled) this.cancelled = true;
          finish({ kind: 'cancel' });
          for (const s of subs) s.dispose();
          input.dispose();
        }),
      ];
      const previous = this.current;
      this.current = input;
      input.show();
      previous?.dispose();
    });
  }

  dispose(): void {
    const last = this.current;
    this.current = undefined;
    last?.dispose();
  }
}
