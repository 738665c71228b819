/**
 * Where an editor analysis runs (issue 18: no synchronous analysis may hold the extension host
 * for more than 50 ms). Its cost cannot be told from its size — a 253-byte comprehension over
 * range(20000) x range(20000) costs seconds — so every document that may hold a map is analysed
 * on the worker, finder and rules alike; the host only answers the model lookups from its cache
 * and publishes. Notebooks go the same way, as the one program their code cells make. Without a
 * worker (one that could not start or crashed) it runs here, as before.
 * Answers `undefined` for a request a newer one for the same file replaced.
 */
import {
  type AnalysisEnv,
  cellFindings,
  type CellFinding,
  type DocumentFacts,
  type Finding,
  mayHoldMap,
  type NotebookProgram,
  notebookSource,
  type SourceDocument,
} from '../../core/index';
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

export type HostAnalysis = (doc: SourceDocument, env: AnalysisEnv) => readonly Finding[];

export async function analyseForEditor(
  worker: FactsFinder | undefined,
  doc: SourceDocument,
  wire: WireEnv,
  lookup: HostLookup,
  here: HostAnalysis,
): Promise<EditorAnalysis | undefined> {
  if (worker && goesOffHost(doc.text, doc.fileName)) {
    const r = await worker.analyse(doc, wire, lookup).catch(() => undefined);
    // A newer edit of the same file replaced this request: its result would be stale, drop it.
    if (r === 'superseded') return undefined;
    if (r) return r;
  }
  return { findings: here(doc, envFromWire(wire, lookup)) };
}

export interface NotebookEditorAnalysis {
  readonly findings: readonly CellFinding[];
  readonly facts?: DocumentFacts;
}

/**
 * A notebook's analysis: its program goes to the worker like a document (superseded by the next
 * request for the same notebook), and the findings come back placed in their cells. `here` is
 * the host's document analysis, for a build without a worker.
 */
export async function analyseNotebookForEditor(
  worker: FactsFinder | undefined,
  program: NotebookProgram,
  fileName: string,
  wire: WireEnv,
  lookup: HostLookup,
  here: HostAnalysis,
): Promise<NotebookEditorAnalysis | undefined> {
  const r = await analyseForEditor(worker, notebookSource(program, fileName), wire, lookup, here);
  return r && { findings: cellFindings(program, r.findings), ...(r.facts ? { facts: r.facts } : {}) };
}
