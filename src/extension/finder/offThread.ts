/**
 * Runs the engine on a worker (a Node worker thread on the desktop, a Web Worker in the browser):
 * the finder alone, or a whole analysis whose model lookups the host answers from its resolver
 * cache. One worker, started on first use; a request for a file supersedes the same kind of
 * request for it (only the newest text matters), and a facts request for the text an analysis is
 * already working on waits for that analysis instead of asking twice. Any failure — no worker
 * file, a crash, an error — answers `undefined`, and the caller runs the engine on its own thread
 * as before: a broken worker never loses an analysis.
 */
import type { DocumentFacts, Finding, ModelLookup, ModelRef, ModelTree, SourceDocument } from '../../core/index';
import type { FromWorker, LookupsNeeded, ToWorker, WireLookup } from './protocol';
import type { WireEnv } from './wireEnv';
import type { StartWorker, WorkerPort } from './workerPort';

export interface WorkerAnalysis {
  readonly facts: DocumentFacts;
  readonly findings: readonly Finding[];
}

/** Answers a map's model from the host's resolver cache (synchronous, as AnalysisEnv.lookupModel). */
export type HostLookup = (ref: ModelRef | undefined, fileName: string) => ModelLookup;

/** What the extension logs: the worker answered for the first time, or it stopped (analyses then run on the host). */
export type WorkerEvent = { readonly kind: 'answering' } | { readonly kind: 'failed'; readonly reason: string };

/** `'superseded'`: a newer request for the same file replaced this one (drop it); `undefined`: no worker. */
export type WorkerAnswer<T> = T | 'superseded' | undefined;

export interface FactsFinder {
  /** The finder's facts for exactly this text (an analysis of the same text under way answers it). */
  find(doc: SourceDocument): Promise<WorkerAnswer<DocumentFacts>>;
  /** `lane`: requests supersede only those of the same lane for the same file (the layout panel's beside the diagnostics'). */
  analyse(doc: SourceDocument, env: WireEnv, lookup: HostLookup, lane?: string): Promise<WorkerAnswer<WorkerAnalysis>>;
}

type Pending =
  | { id: number; kind: 'find'; doc: SourceDocument; resolve: (f: WorkerAnswer<DocumentFacts>) => void }
  | {
      id: number;
      kind: 'analyse';
      doc: SourceDocument;
      resolve: (a: WorkerAnswer<WorkerAnalysis>) => void;
      lookup: HostLookup;
      /** Facts requests for the same text, answered with this analysis's facts. */
      factsWanted: Array<(f: WorkerAnswer<DocumentFacts>) => void>;
    };

const sameText = (a: SourceDocument, b: SourceDocument) => a.text === b.text && a.languageId === b.languageId;

export class OffThreadFinder implements FactsFinder {
  private worker: WorkerPort | undefined;
  private broken = false;
  private nextId = 1;
  /** Pending request per kind and file name: a newer one answers the older one with 'superseded'. */
  private readonly pending = new Map<string, Pending>();
  /** Host-side ids of model trees, and which of them this worker already holds. */
  private readonly treeIds = new WeakMap<ModelTree, number>();
  private nextTreeId = 1;
  private sentTrees = new Set<number>();

  private answering = false;

  /** `report`: told when the worker first answers, and why it stopped (the extension logs both). */
  constructor(
    private readonly startWorker: StartWorker,
    private readonly report?: (event: WorkerEvent) => void,
  ) {}

  find(doc: SourceDocument): Promise<WorkerAnswer<DocumentFacts>> {
    const analysis = this.pending.get(`analyse\u0000${doc.fileName}`);
    if (analysis?.kind === 'analyse' && sameText(analysis.doc, doc) && this.worker) {
      return new Promise((resolve) => analysis.factsWanted.push(resolve));
    }
    // The same text asked twice (an answer and the layout panel): one request answers both.
    const asked = this.pending.get(`find\u0000${doc.fileName}`);
    if (asked?.kind === 'find' && sameText(asked.doc, doc) && this.worker) {
      const first = asked.resolve;
      return new Promise((resolve) => {
        asked.resolve = (f) => {
          first(f);
          resolve(f);
        };
      });
    }
    return this.request<DocumentFacts>('find', doc, (id, resolve) => ({
      pending: { id, kind: 'find', doc, resolve },
      message: { id, doc },
    }));
  }

  analyse(doc: SourceDocument, env: WireEnv, lookup: HostLookup, lane?: string): Promise<WorkerAnswer<WorkerAnalysis>> {
    return this.request<WorkerAnalysis>(lane ? `analyse:${lane}` : 'analyse', doc, (id, resolve) => ({
      pending: { id, kind: 'analyse', doc, resolve, lookup, factsWanted: [] },
      message: { kind: 'analyse', id, doc, env, ...(lane ? { lane } : {}) },
    }));
  }

  private request<T>(
    kind: string,
    doc: SourceDocument,
    make: (id: number, resolve: (v: WorkerAnswer<T>) => void) => { pending: Pending; message: ToWorker },
  ): Promise<WorkerAnswer<T>> {
    const worker = this.start();
    if (!worker) return Promise.resolve(undefined);
    const key = `${kind}\u0000${doc.fileName}`;
    const older = this.pending.get(key);
    if (older) settle(older, 'superseded');
    const id = this.nextId++;
    worker.hold(true);
    return new Promise((resolve) => {
      const { pending, message } = make(id, resolve);
      this.pending.set(key, pending);
      try {
        worker.post(message);
      } catch (e) {
        // A message the worker cannot take (it could not be cloned): stop using it, analyse on the host.
        this.stop(e instanceof Error ? e.message : String(e));
      }
    });
  }

  dispose(): void {
    this.failAll();
    this.worker?.terminate();
    this.worker = undefined;
    this.broken = true;
  }

  private start(): WorkerPort | undefined {
    if (this.broken) return undefined;
    if (this.worker) return this.worker;
    try {
      let failed = false;
      this.sentTrees = new Set();
      const port = this.startWorker({
        message: (r) => this.answer(r),
        failed: (reason) => {
          if (failed) return;
          failed = true;
          this.stop(reason);
        },
      });
      if (!failed) this.worker = port;
      return this.worker;
    } catch (e) {
      this.broken = true;
      this.report?.({ kind: 'failed', reason: e instanceof Error ? e.message : String(e) });
      return undefined;
    }
  }

  private answer(r: FromWorker): void {
    if (!this.answering) {
      this.answering = true;
      this.report?.({ kind: 'answering' });
    }
    for (const [key, p] of this.pending) {
      if (p.id !== r.id) continue;
      if ('kind' in r && r.kind === 'lookups') {
        if (p.kind === 'analyse') this.sendLookups(r, p.doc, p.lookup);
        return;
      }
      this.pending.delete(key);
      if (this.pending.size === 0) this.worker?.hold(false);
      if (p.kind === 'find') p.resolve('facts' in r ? r.facts : undefined);
      else {
        const done = 'findings' in r ? { facts: r.facts, findings: r.findings } : undefined;
        p.factsWanted.forEach((w) => w(done?.facts));
        p.resolve(done);
      }
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
    this.worker?.post({ kind: 'lookups', id: r.id, lookups });
  }

  /** The worker failed: every pending request answers `undefined` (the host analyses), and it is not used again. */
  private stop(reason: string): void {
    if (this.broken) return;
    this.broken = true;
    const worker = this.worker;
    this.worker = undefined;
    this.failAll();
    worker?.terminate();
    this.report?.({ kind: 'failed', reason });
  }

  private failAll(): void {
    for (const p of this.pending.values()) settle(p, undefined);
    this.pending.clear();
  }
}

/** Answers a request (and the facts requests waiting on it) that will get no reply from the worker. */
function settle(p: Pending, answer: 'superseded' | undefined): void {
  if (p.kind === 'analyse') p.factsWanted.forEach((w) => w(answer));
  p.resolve(answer);
}
