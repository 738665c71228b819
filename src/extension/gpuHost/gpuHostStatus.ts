/**
 * What the extension says about the detected cards: a status-bar item while the
 * checks use them ("$(chip) 2× H100 80GB HBM3 (detected)", click to save them to the
 * workspace settings), optionally with the memory in use; an information message
 * with a fix when `deviceMapStudio.gpus` describes other cards than this machine has.
 */
import * as vscode from 'vscode';
import {
  describeGpus,
  describeSetupGpus,
  detectedSettingEntries,
  setupDifference,
  withDetectedGpus,
  type GpuDetection,
} from '../../core/index';
import { Disposable } from '../disposable';
import { affectsUs, readSettings, SECTION } from '../settings';
import type { HostGpuSource } from './hostGpuSource';

export const SAVE_DETECTED = 'deviceMapStudio.saveDetectedGpus';
export const DETECT = 'deviceMapStudio.detectGpus';
const POLL_MS = 2000;
const gib = (b: number): string => (b / 2 ** 30).toFixed(1);

/** Writes the detected cards to `deviceMapStudio.gpus` (workspace when one is open). */
export async function saveDetected(d: GpuDetection | undefined): Promise<boolean> {
  if (!d || d.gpus.length === 0) {
    void vscode.window.showInformationMessage(
      d?.reason
        ? vscode.l10n.t('Device Map Studio found no GPU to save: {0}.', d.reason)
        : vscode.l10n.t('Device Map Studio found no GPU to save.'),
    );
    return false;
  }
  const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await vscode.workspace.getConfiguration(SECTION).update('gpus', detectedSettingEntries(d), target);
  return true;
}

export class GpuHostStatus extends Disposable {
  private readonly item = this.register(
    vscode.window.createStatusBarItem('deviceMapStudio.detectedGpus', vscode.StatusBarAlignment.Right, 99),
  );
  private timer: ReturnType<typeof setInterval> | undefined;
  private told = '';
  private memory = '';

  constructor(private readonly host: HostGpuSource) {
    super();
    this.item.name = vscode.l10n.t('Device Map Studio: detected GPUs');
    this.register(host.onDidChange(() => this.update()));
    this.register(vscode.workspace.onDidChangeConfiguration((e) => affectsUs(e) && this.update()));
    this.register({ dispose: () => this.stopPolling() });
    this.register(vscode.commands.registerCommand(SAVE_DETECTED, () => saveDetected(host.detection)));
    this.register(
      vscode.commands.registerCommand(DETECT, async () => {
        const d = await host.detect();
        const text = d?.gpus.length
          ? vscode.l10n.t(
              'Device Map Studio found {0} ({1}).',
              describeGpus(withDetectedGpus({ ...readSettings().setup, gpus: [] }, d).gpus),
              String(d.source),
            )
          : vscode.l10n.t(
              'Device Map Studio found no GPU: {0}.',
              d?.reason ?? vscode.l10n.t('detection is off (untrusted workspace or deviceMapStudio.gpuHost.detect)'),
            );
        const pick = d?.gpus.length
          ? await vscode.window.showInformationMessage(text, vscode.l10n.t('Save to workspace settings'))
          : await vscode.window.showInformationMessage(text);
        if (pick) await saveDetected(d);
      }),
    );
    // Nothing to show before the first detection (which runs after activation): no settings read, no engine loaded.
    if (host.detection) this.update();
  }

  private update(): void {
    const settings = readSettings();
    const d = this.host.detection;
    const setup = withDetectedGpus(settings.setup, d);
    if (setup.gpuSource) {
      this.item.text = `$(chip) ${describeSetupGpus(setup)}${this.memory}`;
      this.item.tooltip = new vscode.MarkdownString(
        `${vscode.l10n.t('**Device Map Studio** — {0} card(s) found with `{1}`; the checks use them because `deviceMapStudio.gpus` is empty.', d!.gpus.length, String(d!.source))}\n\n` +
          `${d!.gpus.map((g) => `- cuda:${g.index} ${g.name}: ${gib(g.memory_total)} GiB`).join('\n')}\n\n${vscode.l10n.t('Click to save them to the workspace settings.')}`,
      );
      this.item.command = SAVE_DETECTED;
      this.item.show();
    } else {
      this.item.hide();
    }
    this.offerFix(settings.setup.gpus, d);
    const wantsMemory = vscode.workspace.getConfiguration(SECTION).get<boolean>('gpuHost.statusBarMemory', false);
    if (wantsMemory && setup.gpuSource) this.startPolling();
    else this.stopPolling();
  }

  /** Configured cards that differ from the detected ones: say so once per difference, with the fix. */
  private offerFix(configured: Parameters<typeof setupDifference>[0], d: GpuDetection | undefined): void {
    const diff = setupDifference(configured, d);
    if (!diff || diff === this.told) return;
    this.told = diff;
    void vscode.window
      .showInformationMessage(vscode.l10n.t('Device Map Studio: {0}.', diff), vscode.l10n.t('Use the detected cards'))
      .then((pick) => (pick ? saveDetected(d) : undefined));
  }

  private startPolling(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.poll(), POLL_MS);
    void this.poll();
  }

  private stopPolling(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.memory) {
      this.memory = '';
      this.update();
    }
  }

  private async poll(): Promise<void> {
    const s = await this.host.sample();
    const gpus = s?.detection.gpus ?? [];
    const used = gpus.reduce((n, g) => n + (g.memory_used ?? 0), 0);
    const total = gpus.reduce((n, g) => n + g.memory_total, 0);
    const previous = this.memory;
    this.memory = gpus.length ? ` · ${vscode.l10n.t('{0}/{1} GiB in use', gib(used), gib(total))}` : '';
    if (this.item.text && !this.isDisposed) {
      const base = previous && this.item.text.endsWith(previous) ? this.item.text.slice(0, -previous.length) : this.item.text;
      this.item.text = `${base}${this.memory}`;
    }
  }
}
