/**
 * Why a model could not be resolved. Each kind has its own DM016 message and fix
 * (see dm016.ts); resolvers return these as data, never throw them at the user.
 */
export type HubAccess = 'allowed' | 'disabled' | 'offline' | 'untrusted';

export type ResolveProblem =
  /** The map's model is not a string we can evaluate (a variable from argv, a call...). */
  | { readonly kind: 'not-literal'; readonly text?: string }
  /** A local folder exists but holds neither config.json nor safetensors files. */
  | { readonly kind: 'folder-without-config'; readonly folder: string }
  /** A path that looks local but exists nowhere we looked. */
  | { readonly kind: 'path-not-found'; readonly name: string; readonly searched: readonly string[] }
  /** Untrusted workspace: the path leads outside the workspace, so it is not read. */
  | { readonly kind: 'outside-workspace'; readonly name: string }
  /** A Hub id that is in no cache, the catalogue does not know, and the Hub may not be asked. */
  | { readonly kind: 'not-found'; readonly name: string; readonly hub: HubAccess; readonly cacheDir?: string; readonly offlineVar?: string }
  /** The Hub answered 401/403: a gated or private repo. */
  | { readonly kind: 'gated'; readonly name: string; readonly status: number; readonly hadToken: boolean }
  /** The Hub answered 404: no such repo, or no such revision. */
  | { readonly kind: 'hub-missing'; readonly name: string; readonly revision?: string }
  /** The Hub could not be reached, or did not answer in time. */
  | { readonly kind: 'network'; readonly name: string; readonly detail: string; readonly timedOut: boolean }
  | { readonly kind: 'cancelled'; readonly name: string }
  /** `revision=` that cannot name a ref (`..` segments, absolute, control characters). */
  | { readonly kind: 'bad-revision'; readonly name: string; readonly revision: string; readonly detail: string }
  /** The Hub's answer broke the network policy (too large, a Range answered whole, a redirect loop, the request budget). */
  | { readonly kind: 'hub-limit'; readonly name: string; readonly detail: string }
  /** config.json names a model_type no family builds, and there are no safetensors headers to fall back on. */
  | { readonly kind: 'unknown-model-type'; readonly name: string; readonly modelType: string; readonly supported: readonly string[] }
  /** config.json or a safetensors file is unreadable / malformed. */
  | { readonly kind: 'bad-checkpoint'; readonly name: string; readonly where: string; readonly detail: string };
