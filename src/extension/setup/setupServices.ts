/**
 * The New Setup flow's services in VS Code: models through the extension's own
 * ModelSource (the resolution the checks use: settings map, folders, HF cache,
 * Hub, catalogue), the detected cards through the GPU host, the setting's GPU
 * parser, and the core's setup generator.
 */
import * as vscode from 'vscode';
import { catalogueIds, detectedSource, detectedSpecs, parseGpusFlag, type ModelLookup, type ModelRef } from '../../core/index';
import type { HostGpuSource } from '../gpuHost/hostGpuSource';
import type { ModelSource } from '../modelSource';
import type { ChosenCards, ChosenModel, Resolved, SetupCore, SetupServices } from './answers';
import { l10n } from './setupL10n';

/** Long enough for a slow Hub; the resolver's own per-request time-out (10 s) usually answers first. */
const RESOLVE_TIMEOUT_MS = 60_000;

/** The source's answer once it is no longer pending. */
export function lookupWhenReady(
  models: ModelSource,
  ref: ModelRef,
  fileName: string,
  timeoutMs = RESOLVE_TIMEOUT_MS,
): Promise<ModelLookup> {
  const first = models.lookup(ref, fileName);
  if (first.status !== 'pending') return Promise.resolve(first);
  return new Promise((resolve) => {
    const done = (r: ModelLookup): void => {
      clearTimeout(timer);
      sub.dispose();
      resolve(r);
    };
    const sub = models.onDidResolve(() => {
      const r = models.lookup(ref, fileName);
      if (r.status !== 'pending') done(r);
    });
    const timer = setTimeout(
      () => done({ status: 'error', message: l10n.t('"{0}" did not resolve within {1} s', ref.name, timeoutMs / 1000) }),
      timeoutMs,
    );
  });
}

export interface SetupHost {
  readonly models: ModelSource;
  readonly hostGpus?: HostGpuSource;
  /** The Node build's HF cache listing; absent on the web. */
  readonly cachedModels?: () => Promise<string[]>;
  readonly core: SetupCore;
}

function workspaceFolder(): string | undefined {
  return vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file')?.uri.fsPath;
}

async function detect(host: HostGpuSource | undefined): Promise<Resolved<ChosenCards>> {
  if (!host) return { ok: false, message: l10n.t('this build cannot detect GPUs: pick a preset or type the cards') };
  const d = host.detection?.gpus.length ? host.detection : await host.detect();
  if (!d)
    return {
      ok: false,
      message: l10n.t(
        'GPU detection is off (an untrusted workspace, or deviceMapStudio.gpuHost.detect is false): pick a preset or type the cards',
      ),
    };
  if (d.gpus.length === 0)
    return {
      ok: false,
      message: l10n.t('no GPU was detected ({0}): pick a preset or type the cards', d.reason ?? l10n.t('no tool answered')),
    };
  return { ok: true, value: { gpus: detectedSpecs(d), source: detectedSource(d) } };
}

export function setupServices(host: SetupHost): SetupServices {
  return {
    core: host.core,
    catalogueIds,
    // The HF cache is outside the workspace: never read for an untrusted one (as the resolver does).
    cachedModelIds: async () => (host.cachedModels && vscode.workspace.isTrusted ? host.cachedModels().catch(() => []) : []),
    async resolveModel(name: string): Promise<Resolved<ChosenModel>> {
      const dir = workspaceFolder();
      // Relative folders resolve against the workspace, as they do for a file at its root.
      const fileName = dir ? vscode.Uri.joinPath(vscode.Uri.file(dir), 'new_setup.py').fsPath : 'Untitled-1';
      const r = await lookupWhenReady(host.models, { name, span: { start: 0, end: 0 } }, fileName);
      if (r.status === 'ok') return { ok: true, value: { name, tree: r.tree, origin: r.origin, ...(dir ? { base: dir } : {}) } };
      return { ok: false, message: r.status === 'error' ? r.message : l10n.t('"{0}" did not resolve', name) };
    },
    detectCards: () => detect(host.hostGpus),
    parseCards: parseGpusFlag,
    workspaceFolder,
  };
}
