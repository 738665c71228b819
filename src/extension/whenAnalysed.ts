/**
 * Waits for an analysis to be published (documents and notebooks alike): resolves with `current()`
 * as soon as it answers, checked now and after each publication; `undefined` once cancelled.
 */
import type * as vscode from 'vscode';
import type { Cancellation } from './finder/answerFacts';

export function whenAnalysed<T>(
  published: vscode.Event<vscode.Uri>,
  current: () => T | undefined,
  token?: Cancellation,
): Promise<T | undefined> {
  const now = current();
  if (now !== undefined || token?.isCancellationRequested) return Promise.resolve(now);
  return new Promise((resolve) => {
    const subs: Array<{ dispose(): unknown }> = [];
    const done = (v: T | undefined) => {
      subs.forEach((s) => s.dispose());
      resolve(v);
    };
    subs.push(
      published(() => {
        const r = current();
        if (r !== undefined) done(r);
      }),
    );
    if (token) subs.push(token.onCancellationRequested(() => done(undefined)));
  });
}
