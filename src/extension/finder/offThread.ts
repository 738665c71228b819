/**
 * Runs the finder for long documents on a worker thread (Node builds only).
 * One worker, started on first use; requests for a document supersede its
 * earlier ones (only the newest text matters). Any failure — no worker file,
 * a crash, an error — answers `undefined`, and the caller runs the finder
 * on its own thread as before: a broken worker never loses an analysis.
 */
import { Worker } from 'node:worker_threads';
import type { DocumentFacts, SourceDocument } from '../../core/index';
import type { FinderReply, FinderRequest } from './protocol';

export interface FactsFinder {
  find(doc: SourceDocument): Promise<DocumentFacts | undefined>;
}

export class OffThreadFinder implements FactsFinder {
  private worker: Worker | undefined;
  private broken = false;
  private nextId = 1;
  /** Pending request per file name: a newer request answers the older one with `undefined`. */
  private readonly pending = new Map<string, { id: number; resolve: (f: DocumentFacts | undefined) => void }>();

  /** `script`: the bundled worker, dist/finder-worker.js. */
  constructor(private readonly script: string) {}

  find(doc: SourceDocument): Promise<DocumentFacts | undefined> {
    const worker = this.start();
    if (!worker) return Promise.resolve(undefined);
    this.pending.get(doc.fileName)?.resolve(undefined);
    const id = this.nextId++;
    // Held while it works; idle, it never keeps the extension host alive.
    worker.ref();
    return new Promise((resolve) => {
      this.pending.set(doc.fileName, { id, resolve });
      worker.postMessage({ id, doc } satisfies FinderRequest);
    });
  }

  dispose(): void {
    this.failAll();
    void this.worker?.terminate();
    this.worker = undefined;
    this.broken = true;
  }

  private start(): Worker | undefined {
    if (this.broken) return undefined;
    if (this.worker) return this.worker;
    try {
      const w = new Worker(this.script);
      w.on('message', (r: FinderReply) => this.answer(r));
      w.on('error', () => this.fail());
      w.on('exit', () => this.fail());
      this.worker = w;
      return w;
    } catch {
      this.broken = true;
      return undefined;
    }
  }

  private answer(r: FinderReply): void {
    for (const [name, p] of this.pending) {
      if (p.id !== r.id) continue;
      this.pending.delete(name);
      if (this.pending.size === 0) this.worker?.unref();
      p.resolve('facts' in r ? r.facts : undefined);
      return;
    }
  }

  private fail(): void {
    this.broken = true;
    this.worker = undefined;
    this.failAll();
  }

  private failAll(): void {
    for (const p of this.pending.values()) p.resolve(undefined);
    this.pending.clear();
  }
}
