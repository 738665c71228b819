/**
 * The engine behind the analysis worker, whichever kind of worker runs it: a Node worker thread
 * (worker.ts, the desktop build) or a browser Web Worker (webWorker.ts, the web build, whose
 * extension host is itself a web worker). Two requests:
 *   - the finder alone (facts for a document: completion, hover and lenses on the host read them);
 *   - a whole analysis: the finder, then the models its maps name (asked from the host, whose
 *     resolver cache has them), then the rules. The extension host then only publishes findings,
 *     so no file, however hostile, keeps it busy (issue 18: at most 50 ms of synchronous work).
 * A notebook is analysed as the one program its code cells make (core's NotebookProgram): the host
 * sends that program as a document and maps the findings back to cells, so both share this path.
 * The worker keeps its own parse cache and per-map memo, so re-analyses after an edit are
 * incremental here too: trees and settings are interned, so the memo sees the same objects.
 */
import { analyzeDocument, factsOf, type DocumentFacts, type ModelLookup, type ModelTree, primeFacts } from '../../core/index';
import type { AnalyseRequest, FromWorker, LookupsAnswer, ToWorker, WireLookup } from './protocol';
import { envFromWire, type WireEnv } from './wireEnv';

/** Answers the host's messages; `post` sends a reply back. */
export function serveAnalyses(post: (m: FromWorker) => void): (m: ToWorker) => void {
  const trees = new Map<number, ModelTree>();
  /** Settings by content: the same settings are the same object, as on the host (the memo keys on identity). */
  const envs = new Map<string, WireEnv>();
  const waiting = new Map<number, { req: AnalyseRequest; facts: DocumentFacts }>();

  function interned(env: WireEnv): WireEnv {
    const key = JSON.stringify(env);
    let e = envs.get(key);
    if (!e) {
      if (envs.size > 16) envs.clear();
      envs.set(key, (e = env));
    }
    return e;
  }

  function lookupOf(w: WireLookup | undefined): ModelLookup {
    if (!w || w.status === 'pending') return { status: 'pending' };
    if (w.status === 'error') return w;
    if (w.tree && !trees.has(w.treeId)) trees.set(w.treeId, w.tree);
    const tree = trees.get(w.treeId);
    return tree ? { status: 'ok', tree, origin: w.origin } : { status: 'pending' };
  }

  function startAnalysis(req: AnalyseRequest): void {
    // The host dropped an older request for the same file and lane: it will never answer its lookups.
    for (const [id, w] of waiting) if (w.req.doc.fileName === req.doc.fileName && w.req.lane === req.lane) waiting.delete(id);
    // factsOf: a facts request for the same text (completion after a keystroke) already found them.
    const facts = factsOf(req.doc);
    waiting.set(req.id, { req, facts });
    post({ kind: 'lookups', id: req.id, refs: facts.maps.map((m) => m.model) });
  }

  function finishAnalysis(answer: LookupsAnswer): void {
    const w = waiting.get(answer.id);
    if (!w) return;
    waiting.delete(answer.id);
    const { req, facts } = w;
    const byRef = new Map<string, ModelLookup>();
    facts.maps.forEach((m, i) => byRef.set(JSON.stringify(m.model ?? null), lookupOf(answer.lookups[i])));
    const env = envFromWire(interned(req.env), (ref) => byRef.get(JSON.stringify(ref ?? null)) ?? { status: 'pending' });
    primeFacts(req.doc, facts);
    const { findings } = analyzeDocument(req.doc, env);
    post({ kind: 'analysed', id: req.id, facts, findings });
  }

  return (m) => {
    try {
      if (!('kind' in m)) return post({ id: m.id, facts: factsOf(m.doc) });
      if (m.kind === 'analyse') return startAnalysis(m);
      finishAnalysis(m);
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      if (!('kind' in m)) post({ id: m.id, error });
      else {
        waiting.delete(m.id);
        post({ kind: 'analysed', id: m.id, error });
      }
    }
  };
}
