/**
 * Where an editor analysis runs (issue 18: no synchronous analysis may hold the extension host
 * for more than 50 ms). Its cost cannot be told from its size — a 253-byte comprehension over
 * range(20000) x range(20000) costs seconds — so every document that may hold a map is analysed
 * on the worker, finder and rules alike; the host only answers the model lookups from its cache
 * and publishes. Without a worker (the web build, or one that failed) it runs here, as before.
 * Answers `undefined` for a request a newer one for the same file replaced.
 */
import { type DocumentFacts, type Finding, mayHoldMap, type AnalysisEnv, type SourceDocument } from '../../core/index';
import type { FactsFinder, HostLookup } from './offThread';
import { envFromWire, type WireEnv } from './wireEnv';

/** Whether an analysis of this text goes to the worker when there is one. */
export function goesOffHost(text: string, fileName: string): boolean {
  return mayHoldMap(text, fileName);
}

/**
 * The most engine work (workMeter units) the host may do in one synchronous slice for an
 * editor analysis: 50 ms at the meter's idle-machine weights (about 2.5 us a unit).
 */
export const HOST_SLICE_UNITS = 20_000;

export interface EditorAnalysis {
  readonly findings: readonly Finding[];
  /** The worker's facts, for completion and hover on the host (absent when analysed here). */
  readonly facts?: DocumentFacts;
}

export async function analyseForEditor(
  worker: FactsFinder | undefined,
  doc: SourceDocument,
  wire: WireEnv,
  lookup: HostLookup,
  here: (doc: SourceDocument, env: AnalysisEnv) => readonly Finding[],
): Promise<EditorAnalysis | undefined> {
  if (worker && goesOffHost(doc.text, doc.fileName)) {
    const r = await worker.analyse(doc, wire, lookup).catch(() => undefined);
    // A newer edit of the same file replaced this request: its result would be stale, drop it.
    if (r === 'superseded') return undefined;
    if (r) return r;
  }
  return { findings: here(doc, envFromWire(wire, lookup)) };
}
