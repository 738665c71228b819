/**
 * `resolveModel(ref, ctx)`: the Node entry the CLI and the extension share.
 * It wires the pure resolution order (core/models/resolve/resolver.ts) to the
 * real file system, the Hub over HTTP and the on-disk cache.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import {
  type Env,
  explainModelProblem,
  hubAccessFor,
  type ModelRef,
  type ModelResolution,
  resolveModelWith,
  type TransformersMajor,
} from '../../core/index';
import { HubDiskCache } from './hubDiskCache';
import { nodeFs } from './nodeFs';
import { DEFAULT_ENDPOINT, DEFAULT_TIMEOUT_MS, NodeHubSource } from './nodeHubSource';
import { findHfToken } from './token';

export interface ResolveContext {
  /** Folder of the file that names the model: relative paths are tried here first. */
  readonly fileDir?: string;
  /** Workspace folders (absolute): relative paths are tried in each next. Untrusted: nothing outside them is read. */
  readonly workspaceFolders?: readonly string[];
  /** Workspace trust. Default true (the CLI). Untrusted: no network, no HF cache, no reads outside the workspace. */
  readonly trusted?: boolean;
  /** Setting `deviceMapStudio.hub.enabled` (default on; off in untrusted workspaces and when HF_HUB_OFFLINE=1). */
  readonly hubEnabled?: boolean;
  /** Setting `deviceMapStudio.hub.endpoint`; else HF_ENDPOINT; else https://huggingface.co. */
  readonly hubEndpoint?: string;
  /** Model name -> local folder (VS Code: the `deviceMapStudio.models` setting). */
  readonly modelPaths?: Readonly<Record<string, string>>;
  /** Default process.env. */
  readonly env?: Env;
  /** Default os.homedir(). */
  readonly homeDir?: string;
  /** Folder for the on-disk cache of Hub metadata; null disables it. Default `$XDG_CACHE_HOME/device-map-studio/hub` or `~/.cache/...`. */
  readonly cacheDir?: string | null;
  /** Per-request time-out, default 10 s. */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  readonly transformers?: TransformersMajor;
  /** The class that loads the model (`AutoModel`...), for a plain-string ref; a `ModelRef.loaderClass` wins. */
  readonly loaderClass?: string;
  /** Sees every HTTP request (method, URL), for tests and verbose logs. Never sees the token. */
  readonly onRequest?: (method: string, url: string) => void;
  readonly fetch?: typeof fetch;
}

/** Where the CLI keeps fetched Hub metadata by default. */
export function defaultMetadataCacheDir(env: Env, homeDir: string): string {
  return join(env['XDG_CACHE_HOME'] || join(homeDir, '.cache'), 'device-map-studio', 'hub');
}

/** The endpoint: the setting, else HF_ENDPOINT, else the public Hub. */
export function hubEndpoint(ctx: Pick<ResolveContext, 'hubEndpoint'>, env: Env): string {
  return (ctx.hubEndpoint?.trim() || env['HF_ENDPOINT']?.trim() || DEFAULT_ENDPOINT).replace(/\/+$/, '');
}

/**
 * Resolves a model reference (as the text finder extracted it, or a plain
 * `--model` string: local folder, config.json path or Hub id) to its module tree.
 * Never throws for bad input: `{ ok: false, problem }` carries the kind and facts (core/analysis/modelProblem.ts words them).
 */
export async function resolveModel(ref: ModelRef | string | undefined, ctx: ResolveContext = {}): Promise<ModelResolution> {
  const env = ctx.env ?? process.env;
  const homeDir = ctx.homeDir ?? homedir();
  const trusted = ctx.trusted ?? true;
  const hubAccess = hubAccessFor(trusted, ctx.hubEnabled, env);
  const cacheDir = ctx.cacheDir === undefined ? defaultMetadataCacheDir(env, homeDir) : ctx.cacheDir;
  // Untrusted workspaces get no Hub source at all: not even our own cache outside the workspace.
  const hub = trusted
    ? new NodeHubSource({
        endpoint: hubEndpoint(ctx, env),
        timeoutMs: ctx.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        // The token file is read only when a request may actually go out.
        ...(hubAccess === 'allowed' ? { token: await findHfToken(env, homeDir) } : {}),
        ...(cacheDir ? { diskCache: new HubDiskCache(cacheDir) } : {}),
        ...(ctx.signal ? { signal: ctx.signal } : {}),
        ...(ctx.onRequest ? { onRequest: ctx.onRequest } : {}),
        ...(ctx.fetch ? { fetch: ctx.fetch } : {}),
      })
    : undefined;
  const r = await resolveModelWith(ref, {
    fs: nodeFs,
    env,
    homeDir,
    trusted,
    hubAccess,
    ...(hub ? { hub } : {}),
    ...(ctx.fileDir ? { fileDir: ctx.fileDir } : {}),
    workspaceFolders: ctx.workspaceFolders ?? [process.cwd()],
    ...(ctx.modelPaths ? { modelPaths: ctx.modelPaths } : {}),
    transformers: ctx.transformers ?? 5,
    ...(ctx.loaderClass ? { loaderClass: ctx.loaderClass } : {}),
    isCancelled: () => ctx.signal?.aborted ?? false,
  });
  // The resolver gives facts; the note says in words why the catalogue stood in for the files.
  return r.ok && r.fellBackFrom
    ? { ...r, notes: [`${explainModelProblem(r.fellBackFrom).why}; using the built-in catalogue's config instead`, ...r.notes] }
    : r;
}
