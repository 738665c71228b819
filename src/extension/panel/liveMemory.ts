/**
 * Live memory in the layout panel: every 2 s while the panel is visible (never
 * while it is hidden or closed), one reading of this machine's cards, sent with
 * each card's estimate from the snapshot on screen.
 */
import type * as vscode from 'vscode';
import { liveCards } from '../../core/index';
import type { HostToWebview } from '../../protocol/messages';
import type { PanelColumn } from '../../protocol/snapshot';
import { Disposable } from '../disposable';
import type { HostGpuSource } from '../gpuHost/hostGpuSource';

export const LIVE_POLL_MS = 2000;

export class PanelLiveMemory extends Disposable {
  private timer: ReturnType<typeof setInterval> | undefined;
  private busy = false;

  constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly host: Pick<HostGpuSource, 'sample'>,
    private readonly columns: () => readonly PanelColumn[] | undefined,
    private readonly post: (m: HostToWebview) => Thenable<boolean>,
  ) {
    super();
    this.register(panel.onDidChangeViewState(() => this.sync()));
    this.register({ dispose: () => this.stop() });
    this.sync();
  }

  /** A new snapshot is on screen: read again now, so its estimates show without waiting for the next tick. */
  nudge(): void {
    if (this.timer) void this.tick();
  }

  private sync(): void {
    if (this.panel.visible && !this.isDisposed) this.start();
    else this.stop();
  }

  private start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), LIVE_POLL_MS);
    void this.tick();
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private async tick(): Promise<void> {
    // A slow tool (up to its 2 s time-out) must not pile readings up.
    if (this.busy) return;
    this.busy = true;
    try {
      const s = await this.host.sample();
      if (!s || this.isDisposed || !this.timer) return;
      await this.post({
        type: 'liveMemory',
        source: s.detection.source ?? '',
        cards: liveCards(s, (i) => this.columns()?.find((c) => c.device === i)?.memory.total),
      });
    } finally {
      this.busy = false;
    }
  }
}
