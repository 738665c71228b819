/**
 * A model source that knows no models: used where resolution is unavailable
 * (until a resolver is wired, and as the web build's fallback). Every lookup
 * says why, so DM016 can tell the user what to do.
 */
import * as vscode from 'vscode';
import type { ModelLookup } from '../core/analysis/api';
import type { ModelSource } from './modelSource';

export class NoModelSource implements ModelSource {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidResolve = this.emitter.event;

  constructor(private readonly why: string) {}

  lookup(): ModelLookup {
    return { status: 'error', message: this.why };
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
