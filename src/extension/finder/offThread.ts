/**
 * Runs the engine on a worker thread (Node builds only): the finder alone, or a
 * whole analysis whose model lookups the host answers from its resolver cache.
 * One worker, started on first use; requests for a document supersede its
 * earlier ones (only the newest text matters). Any failure — no worker file,
 * a crash, an error — answers `undefined`, and the caller runs the engine
 * on its own thread as before: a broken worker never loses an analysis.
 */
import { Worker } from 'node:worker_threads';
import type { DocumentFacts, Finding, ModelLookup, ModelRef, ModelTree, SourceDocument } from '../../core/index';
import type { FromWorker, LookupsNeeded, ToWorker, WireLookup } from './protocol';
import type { WireEnv } from './wireEnv';

export interface WorkerAnalysis {
  readonly facts: DocumentFacts;
  readonly findings: readonly Finding[];
}

/** Answers a map's model from the host's resolver cache (synchronous, as AnalysisEnv.lookupModel). */
export type HostLookup = (ref: ModelRef | undefined, fileName: string) => ModelLookup;

export interface FactsFinder {
  find(doc: SourceDocument): Promise<DocumentFacts | undefined>;
  /** `'superseded'`: a newer request for the same file replaced this one (drop it); `undefined`: no worker. */
  analyse(doc: SourceDocument, env: WireEnv, lookup: HostLookup): Promise<WorkerAnalysis | 'superseded' | undefined>;
}

type Pending =
  | { id: number; kind: 'find'; resolve: (f: DocumentFacts | undefined) => void }
  | {
      id: number;
      kind: 'analyse';
      resolve: (a: WorkerAnalysis | 'superseded' | undefined) => void;
      doc: SourceDocument;
      lookup: HostLookup;
    };

export class OffThreadFinder implements FactsFinder {
  private worker: Worker | undefined;
  private broken = false;
  private nextId = 1;
  /** Pending request per file name: a newer request answers the older one with `undefined`. */
  private readonly pending = new Map<string, Pending>();
  /** Host-side ids of model trees, and which of them this worker already holds. */
  private readonly treeIds = new WeakMap<ModelTree, number>();
  private nextTreeId = 1;
  private sentTrees = new Set<number>();

  /** `script`: the bundled worker, dist/finder-worker.js. */
  constructor(private readonly script: string) {}

  find(doc: SourceDocument): Promise<DocumentFacts | undefined> {
    return this.request(doc, (id, resolve) => ({ pending: { id, kind: 'find', resolve }, message: { id, doc } }));
  }

  analyse(doc: SourceDocument, env: WireEnv, lookup: HostLookup): Promise<WorkerAnalysis | 'superseded' | undefined> {
    return this.request<WorkerAnalysis | 'superseded'>(doc, (id, resolve) => ({
      pending: { id, kind: 'analyse', resolve, doc, lookup },
      message: { kind: 'analyse', id, doc, env },
    }));
  }

  private request<T>(
    doc: SourceDocument,
    make: (id: number, resolve: (v: T | undefined) => void) => { pending: Pending; message: ToWorker },
  ): Promise<T | undefined> {
    const worker = this.start();
    if (!worker) return Promise.resolve(undefined);
    const older = this.pending.get(doc.fileName);
    if (older?.kind === 'find') older.resolve(undefined);
    else older?.resolve('superseded');
    const id = this.nextId++;
    // Held while it works; idle, it never keeps the extension host alive.
    worker.ref();
    return new Promise((resolve) => {
      const { pending, message } = make(id, resolve);
      this.pending.set(doc.fileName, pending);
      worker.postMessage(message);
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
      this.sentTrees = new Set();
      w.on('message', (r: FromWorker) => this.answer(r));
      w.on('error', () => this.fail());
      w.on('exit', () => this.fail());
      this.worker = w;
      return w;
    } catch {
      this.broken = true;
      return undefined;
    }
  }

  private answer(r: FromWorker): void {
    for (const [name, p] of this.pending) {
      if (p.id !== r.id) continue;
      if ('kind' in r && r.kind === 'lookups') {
        if (p.kind === 'analyse') this.sendLookups(r, p.doc, p.lookup);
        return;
      }
      this.pending.delete(name);
      if (this.pending.size === 0) this.worker?.unref();
      if (p.kind === 'find') p.resolve('facts' in r ? r.facts : undefined);
      else p.resolve('findings' in r ? { facts: r.facts, findings: r.findings } : undefined);
      return;
    }
  }

  /** The worker's maps name their models: answered here, from the resolver's cache, each tree sent once. */
  private sendLookups(r: LookupsNeeded, doc: SourceDocument, lookup: HostLookup): void {
    const lookups = r.refs.map((ref): WireLookup => {
      let l: ModelLookup;
      try {
        l = lookup(ref, doc.fileName);
      } catch (e) {
        l = { status: 'error', message: e instanceof Error ? e.message : String(e) };
      }
      if (l.status !== 'ok') return l;
      let treeId = this.treeIds.get(l.tree);
      if (treeId === undefined) this.treeIds.set(l.tree, (treeId = this.nextTreeId++));
      if (this.sentTrees.has(treeId)) return { status: 'ok', treeId, origin: l.origin };
      this.sentTrees.add(treeId);
      return { status: 'ok', treeId, tree: l.tree, origin: l.origin };
    });
    this.worker?.postMessage({ kind: 'lookups', id: r.id, lookups } satisfies ToWorker);
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
