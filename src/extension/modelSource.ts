/**
 * What the analysis needs from model resolution: a synchronous cache lookup and
 * an event when a pending lookup finishes (so open documents are re-analysed).
 * The Node build backs it with the resolver in ./models; the web build with the
 * built-in catalogue only.
 */
import type * as vscode from 'vscode';
import type { ModelLookup, ModelRef } from '../core/index';

export interface ModelSource extends vscode.Disposable {
  lookup(ref: ModelRef | undefined, fileName: string): ModelLookup;
  /** Fires when lookups that were pending have an answer. */
  readonly onDidResolve: vscode.Event<void>;
}
