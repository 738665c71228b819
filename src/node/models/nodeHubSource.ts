/**
 * The Hub behind core's `HubSource`: config.json and the safetensors headers
 * read with `@huggingface/hub` (Range reads of the 8-byte length and the JSON
 * header of each shard, never the weights), through `scopedFetch` (token only to
 * the endpoint, time-outs, cancellation), with `HubDiskCache` in front.
 */
import { downloadFile, HubApiError, parseSafetensorsMetadata, SafetensorParseError } from '@huggingface/hub';
import { headerFromJson, type HFConfig, HubFailure, type HubModelFiles, type HubSource, type ResolveProblem, type SafetensorsHeader } from '../../core/index';
import type { HubDiskCache } from './hubDiskCache';
import { scopedFetch } from './scopedFetch';

export const DEFAULT_ENDPOINT = 'https://huggingface.co';
export const DEFAULT_TIMEOUT_MS = 10_000;

export interface NodeHubOptions {
  readonly endpoint?: string;
  /** Sent only to `endpoint`; never logged, never cached. */
  readonly token?: string;
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  readonly diskCache?: HubDiskCache;
  readonly onRequest?: (method: string, url: string) => void;
  readonly fetch?: typeof fetch;
}

const NO_SAFETENSORS = /does not seem to contain safetensors/;

export class NodeHubSource implements HubSource {
  readonly endpoint: string;
  private readonly fetch: typeof fetch;

  constructor(private readonly opts: NodeHubOptions = {}) {
    this.endpoint = (opts.endpoint ?? DEFAULT_ENDPOINT).replace(/\/+$/, '');
    this.fetch = scopedFetch({
      endpoint: this.endpoint,
      timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      ...(opts.token ? { token: opts.token } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...(opts.onRequest ? { onRequest: opts.onRequest } : {}),
      ...(opts.fetch ? { fetch: opts.fetch } : {}),
    });
  }

  async cachedModel(repo: string, revision: string | undefined): Promise<HubModelFiles | undefined> {
    const hit = await this.opts.diskCache?.get(this.endpoint, repo, revision ?? 'main', false);
    return hit ? { ...hit, location: `on-disk cache of ${this.endpoint}/${repo}` } : undefined;
  }

  async fetchModel(repo: string, revision: string | undefined): Promise<HubModelFiles> {
    const rev = revision ?? 'main';
    const fresh = await this.opts.diskCache?.get(this.endpoint, repo, rev, true);
    if (fresh) return { ...fresh, location: `on-disk cache of ${this.endpoint}/${repo}` };
    const common = { repo: { type: 'model' as const, name: repo }, revision: rev, hubUrl: this.endpoint, fetch: this.fetch };
    try {
      // config.json first: its answer tells gated (401/403) and missing (404) repos apart.
      const blob = await downloadFile({ ...common, path: 'config.json' });
      const config = blob ? parseConfig(await blob.text(), repo) : undefined;
      let headers: SafetensorsHeader[] | undefined;
      try {
        headers = await this.headers(common, repo);
      } catch (e) {
        // With config.json in hand, unreadable headers cost only the stored dtypes; say so, cache nothing.
        const problem = this.classify(e, repo, revision);
        if (!config || problem.kind === 'cancelled') throw e;
        return { config, location: `${this.endpoint}/${repo}`, notes: [`safetensors headers of ${repo} could not be read (${problem.kind === 'network' ? problem.detail : problem.kind}): sizes use config.json's dtype`] };
      }
      if (!config && !headers) throw new HubFailure({ kind: 'bad-checkpoint', name: repo, where: 'the Hub repo', detail: 'it has neither config.json nor safetensors weights' });
      await this.opts.diskCache?.put(this.endpoint, repo, rev, { ...(config ? { config } : {}), ...(headers ? { headers } : {}) });
      return { ...(config ? { config } : {}), ...(headers ? { headers } : {}), location: `${this.endpoint}/${repo}` };
    } catch (e) {
      throw new HubFailure(this.classify(e, repo, revision));
    }
  }

  private async headers(common: Parameters<typeof parseSafetensorsMetadata>[0], repo: string): Promise<SafetensorsHeader[] | undefined> {
    try {
      const parsed = await parseSafetensorsMetadata(common);
      if (!parsed.sharded) return [headerFromJson(parsed.header, `${repo}/model.safetensors`)];
      return Object.keys(parsed.headers)
        .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
        .map((file) => headerFromJson(parsed.headers[file], `${repo}/${file}`));
    } catch (e) {
      if (e instanceof Error && NO_SAFETENSORS.test(e.message)) return undefined; // a .bin-only repo: config alone still works
      throw e;
    }
  }

  private classify(e: unknown, name: string, revision: string | undefined): ResolveProblem {
    if (e instanceof HubFailure) return e.problem;
    if (this.opts.signal?.aborted) return { kind: 'cancelled', name };
    if (e instanceof HubApiError) {
      if (e.statusCode === 401 || e.statusCode === 403) return { kind: 'gated', name, status: e.statusCode, hadToken: !!this.opts.token };
      if (e.statusCode === 404) return { kind: 'hub-missing', name, ...(revision ? { revision } : {}) };
      return { kind: 'network', name, detail: `HTTP ${e.statusCode}`, timedOut: false };
    }
    if (e instanceof SafetensorParseError) return { kind: 'bad-checkpoint', name, where: 'a safetensors header on the Hub', detail: e.message };
    const err = e as { name?: string; message?: string; cause?: { code?: string; message?: string } } | undefined;
    if (err?.name === 'TimeoutError' || err?.cause?.code === 'UND_ERR_HEADERS_TIMEOUT') {
      return { kind: 'network', name, detail: 'time-out', timedOut: true };
    }
    const detail = err?.cause?.code ?? err?.cause?.message ?? err?.message ?? String(e);
    return { kind: 'network', name, detail, timedOut: false };
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
