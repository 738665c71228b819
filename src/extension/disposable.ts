/**
 * The one base for anything that owns listeners, timers or UI: it collects what it
 * registers and lets go of all of it, newest first, exactly once.
 */
import * as vscode from 'vscode';

export abstract class Disposable implements vscode.Disposable {
  private readonly owned: vscode.Disposable[] = [];
  private disposed = false;

  protected get isDisposed(): boolean {
    return this.disposed;
  }

  /** Takes ownership of `d`; if this object is already gone, `d` is disposed at once. */
  protected register<T extends vscode.Disposable>(d: T): T {
    if (this.disposed) d.dispose();
    else this.owned.push(d);
    return d;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    // Newest first, so nothing outlives what it depends on; one failure must not leak the rest.
    for (const d of this.owned.splice(0).reverse()) {
      try {
        d.dispose();
      } catch {
        /* keep disposing the rest */
      }
    }
  }
}

/** A `setTimeout` as a disposable, for debounces. */
export function timeout(ms: number, run: () => void): vscode.Disposable {
  const handle = setTimeout(run, ms);
  return { dispose: () => clearTimeout(handle) };
}
