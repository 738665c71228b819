/**
 * A small on-disk cache of what was read from the Hub (config.json and the
 * safetensors headers, never weights, never the token), so a model fetched once
 * resolves again offline and instantly. Bounded in entries and bytes; the oldest
 * entries go first. Entries for a branch name expire; a commit hash never changes.
 */
import { createHash } from 'node:crypto';
import { chmod, mkdir, readdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readBoundedFile } from '../readBounded';
import { headerFromJson, type HFConfig, type SafetensorsHeader } from '../../core/index';

export interface CachedHubModel {
  readonly config?: HFConfig;
  readonly headers?: readonly SafetensorsHeader[];
  readonly fetchedAt: number;
}

export interface HubDiskCacheOptions {
  readonly maxEntries?: number;
  readonly maxBytes?: number;
  /** How long an entry for a branch or tag stays fresh when the Hub may be asked. */
  readonly maxAgeMs?: number;
}

const FORMAT = 1;
/** A `.tmp` older than this belongs to no write in progress. */
const STALE_TMP_MS = 60_000;
const COMMIT = /^[0-9a-f]{40}$/;

interface StoredEntry {
  format: number;
  endpoint: string;
  repo: string;
  revision: string;
  fetchedAt: number;
  config?: HFConfig;
  headers?: Array<{ tensors: unknown; metadata?: unknown }>;
}

export class HubDiskCache {
  readonly maxEntries: number;
  readonly maxBytes: number;
  readonly maxAgeMs: number;

  constructor(
    readonly dir: string,
    opts: HubDiskCacheOptions = {},
  ) {
    this.maxEntries = opts.maxEntries ?? 256;
    this.maxBytes = opts.maxBytes ?? 64 * 2 ** 20;
    this.maxAgeMs = opts.maxAgeMs ?? 7 * 24 * 3600 * 1000;
  }

  private file(endpoint: string, repo: string, revision: string): string {
    const key = createHash('sha256').update(`${endpoint}\n${repo}\n${revision}`).digest('hex').slice(0, 32);
    return join(this.dir, `${key}.json`);
  }

  /** The entry, if any; `fresh` requires a branch entry to be younger than maxAgeMs. */
  async get(endpoint: string, repo: string, revision: string, fresh: boolean): Promise<CachedHubModel | undefined> {
    try {
      const e = JSON.parse(await readBoundedFile(this.file(endpoint, repo, revision), this.maxBytes)) as StoredEntry;
      if (e.format !== FORMAT || e.endpoint !== endpoint || e.repo !== repo || e.revision !== revision) return undefined;
      if (fresh && !COMMIT.test(revision) && Date.now() - e.fetchedAt > this.maxAgeMs) return undefined;
      const headers = e.headers?.map((h, i) =>
        headerFromJson(
          Object.fromEntries([...(h.tensors as Array<[string, unknown]>), ...(h.metadata ? [['__metadata__', h.metadata]] : [])]),
          `cached shard ${i}`,
        ),
      );
      return { fetchedAt: e.fetchedAt, ...(e.config ? { config: e.config } : {}), ...(headers ? { headers } : {}) };
    } catch {
      return undefined; // missing, unreadable or from another version: as if never cached
    }
  }

  async put(endpoint: string, repo: string, revision: string, value: Omit<CachedHubModel, 'fetchedAt'>): Promise<void> {
    const entry: StoredEntry = {
      format: FORMAT,
      endpoint,
      repo,
      revision,
      fetchedAt: Date.now(),
      ...(value.config ? { config: value.config } : {}),
      ...(value.headers
        ? { headers: value.headers.map((h) => ({ tensors: h.tensors, ...(h.metadata ? { metadata: h.metadata } : {}) })) }
        : {}),
    };
    try {
      // Private to the user: entry names and contents reveal which (private) models they use.
      await mkdir(this.dir, { recursive: true, mode: 0o700 });
      await chmod(this.dir, 0o700);
      const target = this.file(endpoint, repo, revision);
      const tmp = `${target}.${process.pid}.tmp`;
      await writeFile(tmp, JSON.stringify(entry), { mode: 0o600 });
      await chmod(tmp, 0o600);
      await rename(tmp, target); // atomic: readers never see half an entry
      await this.evict();
    } catch {
      // A cache that cannot be written only costs a refetch next time.
    }
  }

  /** Drops `.tmp` files a crashed write left (older than a minute), then the oldest entries until both bounds hold. */
  async evict(): Promise<void> {
    const all = await readdir(this.dir);
    for (const n of all.filter((x) => x.endsWith('.tmp'))) {
      const s = await stat(join(this.dir, n)).catch(() => undefined);
      if (s && Date.now() - s.mtimeMs > STALE_TMP_MS) await unlink(join(this.dir, n)).catch(() => undefined);
    }
    const names = all.filter((n) => n.endsWith('.json'));
    const entries = await Promise.all(
      names.map(async (n) => {
        const s = await stat(join(this.dir, n));
        return { path: join(this.dir, n), size: s.size, mtime: s.mtimeMs };
      }),
    );
    entries.sort((a, b) => b.mtime - a.mtime);
    let bytes = 0;
    for (let i = 0; i < entries.length; i++) {
      bytes += entries[i]!.size;
      if (i >= this.maxEntries || bytes > this.maxBytes) await unlink(entries[i]!.path).catch(() => undefined);
    }
  }
}
