/** What the extension's log says about its analysis worker (the web build's e2e test reads it). */
import * as vscode from 'vscode';
import { log } from '../log';
import type { WorkerEvent } from './offThread';

export function logWorker(kind: 'thread' | 'web'): (e: WorkerEvent) => void {
  return (e) => {
    if (e.kind === 'failed') log().warn(vscode.l10n.t('the analysis worker stopped ({0}): analyses run on the extension host', e.reason));
    else if (kind === 'web') log().info(vscode.l10n.t('analyses run on a Web Worker, off the extension host'));
    else log().info(vscode.l10n.t('analyses run on a worker thread, off the extension host'));
  };
}
