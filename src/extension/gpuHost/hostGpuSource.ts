/**
 * The cards of the machine the extension host runs on, as the rest of the
 * extension sees them. Only the Node build has one (nodeHostGpus.ts); the web
 * build passes none, so nothing there ever runs a tool.
 */
import type * as vscode from 'vscode';
import type { GpuDetection, LiveSample } from '../../core/index';

export interface HostGpuSource extends vscode.Disposable {
  /** The last detection; undefined before the first, when disabled, or in an untrusted workspace. */
  readonly detection: GpuDetection | undefined;
  /** Fires when the detected cards change (not on every memory reading). */
  readonly onDidChange: vscode.Event<void>;
  /** Runs the detection again (the command, a trust grant). */
  detect(): Promise<GpuDetection | undefined>;
  /** One live reading (cards + processes); undefined when detection is off. */
  sample(): Promise<LiveSample | undefined>;
}
