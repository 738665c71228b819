/**
 * The oracle of every re-lint memo (parse reuse, statement memo, per-map findings): after each
 * edit of a chain, the analysis of the edited document must give byte-identical facts to a
 * finder pass from nothing and the findings of a cold lint (a setup object never seen).
 */
import assert from 'node:assert/strict';
import { analyzeDocument } from '../../../src/core/analysis/analyze';
import { analyzeFacts } from '../../../src/core/analysis/analyzeFacts';
import type { AnalysisEnv } from '../../../src/core/analysis/api';
import type { SourceDocument } from '../../../src/core/base/source';
import { findPythonMaps } from '../../../src/core/text/python/findPython';

/** An edit: where (0..1 of the current length), how many characters it deletes, what it inserts. */
export type Edit = readonly [where: number, deleted: number, inserted: string];

const cold = (env: AnalysisEnv): AnalysisEnv => ({ ...env, setup: { ...env.setup } });

/** Lints `doc`, then applies each edit and checks the re-lint against a cold one. Returns the final text. */
export function checkEditChain(doc: SourceDocument, env: AnalysisEnv, edits: readonly Edit[], what: string): string {
  let text = doc.text;
  analyzeDocument(doc, env);
  for (const [where, del, ins] of edits) {
    const at = Math.floor(where * text.length);
    text = text.slice(0, at) + ins + text.slice(Math.min(text.length, at + del));
    const now = { ...doc, text };
    const warm = analyzeDocument(now, env);
    const fresh = findPythonMaps(text);
    // Byte-identical facts: the same JSON, key order included.
    assert.equal(JSON.stringify(warm.facts), JSON.stringify(fresh), `${what}: facts after editing at ${at}`);
    assert.deepEqual(warm.findings, analyzeFacts(now, fresh, cold(env)), `${what}: findings after editing at ${at}`);
  }
  return text;
}
