/**
 * What the resolver needs from the Hub, as an interface: the Node side supplies
 * an implementation (HTTP Range reads, time-outs, an on-disk cache); core only
 * decides when it may be asked.
 */
import type { HFConfig } from '../config';
import type { SafetensorsHeader } from '../safetensors/header';
import type { Env } from './hfCache';
import type { HubAccess, ResolveProblem } from './problems';

export interface HubModelFiles {
  /** Undefined when the repo has no config.json (headers alone still give a tree). */
  readonly config?: HFConfig;
  /** Undefined when the repo has no safetensors weights. */
  readonly headers?: readonly SafetensorsHeader[];
  /** Where it came from, for messages: the URL, or "on-disk cache". */
  readonly location: string;
  /** What went wrong without spoiling the answer (headers unreadable: sizes use config.json's dtype). */
  readonly notes?: readonly string[];
}

export interface HubSource {
  /** Reads config.json and the safetensors headers; throws a HubFailure for gated / missing / network problems. */
  fetchModel(repoId: string, revision: string | undefined): Promise<HubModelFiles>;
  /** What an earlier fetch left in the on-disk cache, without any network (used when the Hub may not be asked). */
  cachedModel?(repoId: string, revision: string | undefined): Promise<HubModelFiles | undefined>;
}

/** A Hub problem with its data, thrown by HubSource implementations. */
export class HubFailure extends Error {
  constructor(readonly problem: ResolveProblem) {
    super(problem.kind);
  }
}

const TRUTHY = new Set(['1', 'true', 'yes', 'on']);

/** Whether an env flag like HF_HUB_OFFLINE is set the way huggingface_hub reads it. */
export function envFlag(env: Env, key: string): boolean {
  return TRUTHY.has((env[key] ?? '').trim().toLowerCase());
}

/** Which variable makes the run offline (huggingface_hub reads HF_HUB_OFFLINE; transformers also TRANSFORMERS_OFFLINE). */
export function offlineVarOf(env: Env): string | undefined {
  return ['HF_HUB_OFFLINE', 'TRANSFORMERS_OFFLINE'].find((k) => envFlag(env, k));
}

/**
 * Whether the Hub may be asked: never in untrusted workspaces, never offline
 * (`HF_HUB_OFFLINE` / `TRANSFORMERS_OFFLINE`), else the setting (default on).
 */
export function hubAccessFor(trusted: boolean, setting: boolean | undefined, env: Env): HubAccess {
  if (!trusted) return 'untrusted';
  if (envFlag(env, 'HF_HUB_OFFLINE') || envFlag(env, 'TRANSFORMERS_OFFLINE')) return 'offline';
  return setting === false ? 'disabled' : 'allowed';
}
