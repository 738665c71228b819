/**
 * The in-memory side of model resolution for a long-lived host (the extension):
 * a synchronous lookup that answers from memory, starts a resolution when it
 * must, and calls back once per finished batch so documents are re-analysed.
 * Transient failures (network, time-out, cancelled) are retried after a pause;
 * everything else is kept until `clear()` (settings, trust or folders changed).
 * No vscode here, so the behaviour is tested in plain Node.
 */
import type { ModelResolution } from '../../core/index';

export type CachedLookup = { readonly state: 'pending' } | { readonly state: 'done'; readonly result: ModelResolution };

export interface ResolutionCacheOptions {
  /** How long a transient failure is kept before the next lookup retries. */
  readonly retryAfterMs?: number;
  readonly maxEntries?: number;
  /** Called (coalesced, after the current tick) when pending lookups have finished. */
  readonly onResolved?: () => void;
  readonly now?: () => number;
}

interface Entry {
  result?: ModelResolution;
  finishedAt?: number;
  controller?: AbortController;
}

const TRANSIENT = new Set(['network', 'cancelled']);

export class ResolutionCache {
  private readonly entries = new Map<string, Entry>();
  private generation = 0;
  private notifyScheduled = false;
  private readonly retryAfterMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(private readonly opts: ResolutionCacheOptions = {}) {
    this.retryAfterMs = opts.retryAfterMs ?? 60_000;
    this.maxEntries = opts.maxEntries ?? 200;
    this.now = opts.now ?? Date.now;
  }

  /** The answer for `key`, starting `resolve` (at most once at a time per key) when there is none yet. */
  lookup(key: string, resolve: (signal: AbortSignal) => Promise<ModelResolution>): CachedLookup {
    const hit = this.entries.get(key);
    if (hit?.result) {
      const stale = !hit.result.ok && TRANSIENT.has(hit.result.problem.kind) && this.now() - (hit.finishedAt ?? 0) > this.retryAfterMs;
      if (!stale) return { state: 'done', result: hit.result };
    } else if (hit) {
      return { state: 'pending' };
    }
    this.start(key, resolve);
    return { state: 'pending' };
  }

  private start(key: string, resolve: (signal: AbortSignal) => Promise<ModelResolution>): void {
    const controller = new AbortController();
    const entry: Entry = { controller };
    this.entries.delete(key);
    this.entries.set(key, entry);
    this.evict();
    const generation = this.generation;
    resolve(controller.signal)
      .catch((e: unknown): ModelResolution => {
        // resolveModel never throws for bad input; anything else is reported, not raised.
        const detail = e instanceof Error ? e.message : String(e);
        return { ok: false, problem: { kind: 'network', name: key, detail, timedOut: false }, notes: [] };
      })
      .then((result) => {
        // A clear() since the start made this answer stale: drop it.
        if (generation !== this.generation || this.entries.get(key) !== entry) return;
        entry.result = result;
        entry.finishedAt = this.now();
        delete entry.controller;
        this.scheduleNotify();
      });
  }

  private evict(): void {
    for (const [key, e] of this.entries) {
      if (this.entries.size <= this.maxEntries) break;
      e.controller?.abort();
      this.entries.delete(key);
    }
  }

  private scheduleNotify(): void {
    if (this.notifyScheduled) return;
    this.notifyScheduled = true;
    setTimeout(() => {
      this.notifyScheduled = false;
      this.opts.onResolved?.();
    }, 0);
  }

  /** Forgets every answer and cancels what is in flight (settings, trust or workspace folders changed). */
  clear(): void {
    this.generation++;
    for (const e of this.entries.values()) e.controller?.abort();
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
