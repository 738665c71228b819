/**
 * Detection on the extension host's machine (Node build only): once right after start,
 * again when the workspace becomes trusted or the setting changes, and on
 * demand. Never in an untrusted workspace: the tools are found through PATH,
 * and a workspace we do not trust must not get a program of its choosing run.
 */
import * as vscode from 'vscode';
import { detectedSpecs, type GpuDetection, type LiveSample } from '../../core/index';
import { detectGpus, sampleLive } from '../../node/gpuHost/detect';
import { Disposable, timeout } from '../disposable';
import { log } from '../log';
import { SECTION } from '../settings';
import type { HostGpuSource } from './hostGpuSource';

function enabled(): boolean {
  return vscode.workspace.isTrusted && vscode.workspace.getConfiguration(SECTION).get<boolean>('gpuHost.detect', true);
}

const signature = (d: GpuDetection | undefined): string => JSON.stringify(d ? [d.source, detectedSpecs(d)] : null);

export class NodeHostGpus extends Disposable implements HostGpuSource {
  private current: GpuDetection | undefined;
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;

  constructor() {
    super();
    this.register(vscode.workspace.onDidGrantWorkspaceTrust(() => void this.detect()));
    this.register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(`${SECTION}.gpuHost.detect`)) void this.detect();
      }),
    );
    // Right after activation, not inside it: the tools are separate processes and the engine loads on first use.
    this.register(timeout(0, () => void this.detect()));
  }

  get detection(): GpuDetection | undefined {
    return this.current;
  }

  async detect(): Promise<GpuDetection | undefined> {
    if (!enabled()) {
      this.update(undefined);
      return undefined;
    }
    const d = await detectGpus({ env: process.env });
    log().info(
      d.gpus.length
        ? vscode.l10n.t('GPU host: {0} card(s) via {1}', d.gpus.length, String(d.source))
        : vscode.l10n.t('GPU host: {0}', d.reason ?? vscode.l10n.t('no GPU found')),
    );
    this.update(d);
    return d;
  }

  async sample(): Promise<LiveSample | undefined> {
    if (!enabled() || this.isDisposed) return undefined;
    // No tool answered at the last detection: do not spawn them all every 2 s (Detect GPUs asks again).
    if (this.current && this.current.source === null) return undefined;
    const s = await sampleLive({ env: process.env });
    this.update(s.detection);
    return s;
  }

  private update(d: GpuDetection | undefined): void {
    if (this.isDisposed) return;
    const before = signature(this.current);
    this.current = d;
    // Memory readings change every poll; only a change of cards re-runs the checks.
    if (signature(d) !== before) this.changed.fire();
  }
}
