/**
 * The Hub behind core's `HubSource`: config.json and the safetensors headers
 * (`hubFiles.ts`: Range reads of the 8-byte length and the JSON header of each
 * shard, never the weights), through `scopedFetch` (token only to the endpoint,
 * time-outs, cancellation), with `HubDiskCache` in front.
 */
import {
  ConfigError,
  type HFConfig,
  HubFailure,
  type HubModelFiles,
  type HubSource,
  type ResolveProblem,
  type SafetensorsHeader,
} from '../../core/index';
import type { HubDiskCache } from './hubDiskCache';
import { scopedFetch } from './scopedFetch';
import { HubBudget, HubPolicyError } from './hubPolicy';
import { redactUrls, withoutCredentials } from './redact';
import { downloadText, HubHttpError, type HubRepoFiles, readHubHeaders } from './hubFiles';

export const DEFAULT_ENDPOINT = 'https://huggingface.co';
export const DEFAULT_TIMEOUT_MS = 10_000;

export interface NodeHubOptions {
  readonly endpoint?: string;
  /** Sent only to `endpoint`; never logged, never cached. */
  readonly token?: string;
  readonly timeoutMs?: number;
  /** Total time for one model (every request and body); default HUB_MODEL_DEADLINE_MS. */
  readonly deadlineMs?: number;
  readonly signal?: AbortSignal;
  readonly diskCache?: HubDiskCache;
  readonly onRequest?: (method: string, url: string) => void;
  readonly fetch?: typeof fetch;
}

export class NodeHubSource implements HubSource {
  readonly endpoint: string;
  /** The endpoint as messages show it: never its credentials. */
  readonly shownEndpoint: string;

  constructor(private readonly opts: NodeHubOptions = {}) {
    this.endpoint = (opts.endpoint ?? DEFAULT_ENDPOINT).replace(/\/+$/, '');
    this.shownEndpoint = withoutCredentials(this.endpoint);
  }

  /** A fetch with a fresh per-model budget (deadline, requests, bytes): see hubPolicy.ts. */
  private budgeted(): { fetch: typeof fetch; budget: HubBudget } {
    const budget = new HubBudget({
      requestTimeoutMs: this.opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      ...(this.opts.deadlineMs ? { deadlineMs: this.opts.deadlineMs } : {}),
      ...(this.opts.signal ? { signal: this.opts.signal } : {}),
    });
    const fetch = scopedFetch({
      endpoint: this.endpoint,
      budget,
      ...(this.opts.token ? { token: this.opts.token } : {}),
      ...(this.opts.onRequest ? { onRequest: this.opts.onRequest } : {}),
      ...(this.opts.fetch ? { fetch: this.opts.fetch } : {}),
    });
    return { fetch, budget };
  }

  async cachedModel(repo: string, revision: string | undefined): Promise<HubModelFiles | undefined> {
    const hit = await this.opts.diskCache?.get(this.endpoint, repo, revision ?? 'main', false);
    return hit ? { ...hit, location: `on-disk cache of ${this.shownEndpoint}/${repo}` } : undefined;
  }

  async fetchModel(repo: string, revision: string | undefined): Promise<HubModelFiles> {
    const rev = revision ?? 'main';
    const fresh = await this.opts.diskCache?.get(this.endpoint, repo, rev, true);
    if (fresh) return { ...fresh, location: `on-disk cache of ${this.shownEndpoint}/${repo}` };
    const { fetch, budget } = this.budgeted();
    const files: HubRepoFiles = { fetch, endpoint: this.endpoint, repo, revision: rev };
    const classify = (e: unknown): ResolveProblem => this.classify(budget.tripped ?? e, repo, revision);
    try {
      // config.json first: its answer tells gated (401/403) and missing (404) repos apart.
      const text = await downloadText(files, 'config.json', true);
      const config = text === undefined ? undefined : parseConfig(text, repo);
      let headers: SafetensorsHeader[] | undefined;
      try {
        // Undefined for a .bin-only repo: config.json alone still works.
        headers = await readHubHeaders(files);
      } catch (e) {
        // With config.json in hand, unreadable headers cost only the stored dtypes; say so, cache nothing.
        const problem = classify(e);
        if (!config || problem.kind === 'cancelled') throw e;
        const detail =
          problem.kind === 'network' || problem.kind === 'hub-limit' || problem.kind === 'bad-checkpoint' ? problem.detail : problem.kind;
        return {
          config,
          location: `${this.shownEndpoint}/${repo}`,
          notes: [`safetensors headers of ${repo} could not be read (${detail}): sizes use config.json's dtype`],
        };
      }
      if (!config && !headers)
        throw new HubFailure({
          kind: 'bad-checkpoint',
          name: repo,
          where: 'the Hub repo',
          detail: 'it has neither config.json nor safetensors weights',
        });
      await this.opts.diskCache?.put(this.endpoint, repo, rev, { ...(config ? { config } : {}), ...(headers ? { headers } : {}) });
      return { ...(config ? { config } : {}), ...(headers ? { headers } : {}), location: `${this.shownEndpoint}/${repo}` };
    } catch (e) {
      throw new HubFailure(classify(e));
    } finally {
      budget.dispose();
    }
  }

  private classify(e: unknown, name: string, revision: string | undefined): ResolveProblem {
    if (e instanceof HubFailure) return e.problem;
    if (this.opts.signal?.aborted) return { kind: 'cancelled', name };
    if (e instanceof HubPolicyError)
      return e.timedOut ? { kind: 'network', name, detail: e.message, timedOut: true } : { kind: 'hub-limit', name, detail: e.message };
    if (e instanceof HubHttpError) {
      if (e.status === 401 || e.status === 403) return { kind: 'gated', name, status: e.status, hadToken: !!this.opts.token };
      if (e.status === 404) return { kind: 'hub-missing', name, ...(revision ? { revision } : {}) };
      return { kind: 'network', name, detail: `HTTP ${e.status}`, timedOut: false };
    }
    if (e instanceof ConfigError) return { kind: 'bad-checkpoint', name, where: 'a safetensors header on the Hub', detail: e.message };
    const err = e as { name?: string; message?: string; cause?: { code?: string; message?: string } } | undefined;
    if (err?.name === 'TimeoutError' || err?.cause?.code === 'UND_ERR_HEADERS_TIMEOUT') {
      return { kind: 'network', name, detail: 'time-out', timedOut: true };
    }
    const detail = err?.cause?.code ?? err?.cause?.message ?? err?.message ?? String(e);
    return { kind: 'network', name, detail: redactUrls(detail), timedOut: false };
  }
}

function parseConfig(text: string, repo: string): HFConfig {
  try {
    const v: unknown = JSON.parse(text);
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as HFConfig;
  } catch {
    // fall through to the clear failure below
  }
  throw new HubFailure({ kind: 'bad-checkpoint', name: repo, where: 'config.json on the Hub', detail: 'it is not a JSON object' });
}
