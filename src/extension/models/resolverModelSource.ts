/**
 * The Node build's `ModelSource`: resolves the model behind each map (local
 * folder, Hugging Face cache, the Hub when allowed, the built-in catalogue)
 * with `resolveModel`, keeps answers in memory, and fires `onDidResolve` when
 * pending lookups finish so open documents are re-analysed.
 *
 * Wiring (in `activate`, instead of `CatalogueModelSource`):
 *
 *   const models = new ResolverModelSource(context, () => readSettings());
 *   context.subscriptions.push(models);
 *   registerCoreFeatures(context, models);
 *
 * It honours workspace trust (untrusted: no network, no HF cache, nothing read
 * outside the workspace folders), `deviceMapStudio.hub.enabled`,
 * `deviceMapStudio.hub.endpoint` (HF_ENDPOINT when the setting is not set),
 * `deviceMapStudio.models` and `deviceMapStudio.transformersVersion`, and clears
 * itself when any of those, trust, or the workspace folders change. Fetched Hub
 * metadata is cached on disk under the extension's global storage.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { dm016, type ModelLookup, type ModelRef, type ModelResolution } from '../../core/index';
import { ResolutionCache } from '../../node/models/resolutionCache';
import { resolveModel } from '../../node/models/resolveModel';
import { Disposable } from '../disposable';
import type { ModelSource } from '../modelSource';
import { SECTION, type ExtensionSettings } from '../settings';
import { localModelHints } from './localModelHints';

/** The folder of the document naming the model, for relative paths (none for untitled documents). */
export function documentFolder(fileName: string): string | undefined {
  if (/^[a-z][\w+.-]*:\/\//i.test(fileName)) {
    const uri = vscode.Uri.parse(fileName);
    return uri.scheme === 'file' ? path.dirname(uri.fsPath) : undefined;
  }
  return path.isAbsolute(fileName) ? path.dirname(fileName) : undefined;
}

/** The endpoint only when the user set it; otherwise HF_ENDPOINT (then the public Hub) applies. */
function explicitEndpoint(): string | undefined {
  const i = vscode.workspace.getConfiguration(SECTION).inspect<string>('hub.endpoint');
  const v = i?.workspaceFolderValue ?? i?.workspaceValue ?? i?.globalValue;
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}

function toLookup(r: ModelResolution): ModelLookup {
  if (r.ok)
    return { status: 'ok', tree: r.tree, origin: r.origin === 'catalogue' ? `catalogue: ${r.location}` : `${r.origin}: ${r.location}` };
  return { status: 'error', message: dm016(r.problem, localModelHints()).message };
}

const WATCHED = ['hub.enabled', 'hub.endpoint', 'models', 'transformersVersion'].map((k) => `${SECTION}.${k}`);

export class ResolverModelSource extends Disposable implements ModelSource {
  private readonly emitter = this.register(new vscode.EventEmitter<void>());
  /** Fires when pending lookups have an answer, and after anything that changes answers. */
  readonly onDidResolve = this.emitter.event;
  private readonly cache = new ResolutionCache({ onResolved: () => this.emitter.fire() });

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly settings: () => ExtensionSettings,
  ) {
    super();
    this.register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (WATCHED.some((k) => e.affectsConfiguration(k))) this.refresh();
      }),
    );
    this.register(vscode.workspace.onDidGrantWorkspaceTrust(() => this.refresh()));
    this.register(vscode.workspace.onDidChangeWorkspaceFolders(() => this.refresh()));
    this.register({ dispose: () => this.cache.clear() });
  }

  /** Synchronous: the cached answer, or `pending` while a resolution runs (then `onDidResolve` fires). */
  lookup(ref: ModelRef | undefined, fileName: string): ModelLookup {
    if (!ref || ref.name.trim() === '') return { status: 'error', message: dm016({ kind: 'not-literal' }, localModelHints()).message };
    const s = this.settings();
    const fileDir = documentFolder(fileName);
    // The loader class decides the tree (AutoModel: no `model.` prefix, no lm_head), so it is part of the key.
    const key = JSON.stringify([s.transformers, fileDir ?? '', ref.name, ref.revision ?? '', ref.loaderClass ?? '']);
    const hit = this.cache.lookup(key, (signal) => this.resolve(ref, fileDir, s, signal));
    return hit.state === 'pending' ? { status: 'pending' } : toLookup(hit.result);
  }

  /** Forgets every answer (a "reload models" command, or a change of settings / trust / folders). */
  refresh(): void {
    this.cache.clear();
    this.emitter.fire();
  }

  private resolve(ref: ModelRef, fileDir: string | undefined, s: ExtensionSettings, signal: AbortSignal): Promise<ModelResolution> {
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
    const endpoint = explicitEndpoint();
    return resolveModel(ref, {
      ...(fileDir ? { fileDir } : {}),
      workspaceFolders: folders,
      trusted: vscode.workspace.isTrusted,
      hubEnabled: s.hub.enabled,
      ...(endpoint ? { hubEndpoint: endpoint } : {}),
      modelPaths: s.models,
      cacheDir: path.join(this.context.globalStorageUri.fsPath, 'hub-metadata'),
      transformers: s.transformers,
      signal,
    });
  }
}
