/** Messages between the extension host and the analysis worker (plain data: structured-clone safe). */
import type { DocumentFacts, Finding, ModelRef, ModelTree, SourceDocument } from '../../core/index';
import type { WireEnv } from './wireEnv';

/** The finder alone: the facts of one document. */
export interface FinderRequest {
  readonly id: number;
  readonly doc: SourceDocument;
}

export type FinderReply = { readonly id: number; readonly facts: DocumentFacts } | { readonly id: number; readonly error: string };

/** A whole analysis (finder and rules): the worker asks for the models its maps name, then answers findings. */
export interface AnalyseRequest {
  readonly kind: 'analyse';
  readonly id: number;
  readonly doc: SourceDocument;
  readonly env: WireEnv;
  /** Requests of one lane supersede each other per file (the diagnostics: none; the layout panel has its own). */
  readonly lane?: string;
}

/** Worker -> host: the model of each map, in the order of `refs`, from the host's resolver cache. */
export interface LookupsNeeded {
  readonly kind: 'lookups';
  readonly id: number;
  readonly refs: ReadonlyArray<ModelRef | undefined>;
}

/**
 * A lookup on the wire. Trees are sent once per worker and named by a host-given id after that,
 * so the worker keeps one object per tree and its per-map memo (keyed by tree identity) still hits.
 */
export type WireLookup =
  | { readonly status: 'ok'; readonly treeId: number; readonly tree?: ModelTree; readonly origin: string }
  | { readonly status: 'pending' }
  | { readonly status: 'error'; readonly message: string };

export interface LookupsAnswer {
  readonly kind: 'lookups';
  readonly id: number;
  readonly lookups: readonly WireLookup[];
}

export type AnalyseReply =
  | { readonly kind: 'analysed'; readonly id: number; readonly facts: DocumentFacts; readonly findings: readonly Finding[] }
  | { readonly kind: 'analysed'; readonly id: number; readonly error: string };

export type ToWorker = FinderRequest | AnalyseRequest | LookupsAnswer;
export type FromWorker = FinderReply | LookupsNeeded | AnalyseReply;
