/** The extension's one output channel ("Device Map Studio" in the Output view). */
import * as vscode from 'vscode';

let channel: vscode.LogOutputChannel | undefined;

export function log(): vscode.LogOutputChannel {
  channel ??= vscode.window.createOutputChannel('Device Map Studio', { log: true });
  return channel;
}

/** Logs an unexpected failure with its stack; the user sees a message elsewhere, never a crash. */
export function logError(where: string, err: unknown): void {
  log().error(`${where}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
}
