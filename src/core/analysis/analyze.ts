/** `analyzeDocument`: find the maps in a document, then run every rule over them. */
import { findDeviceMaps } from '../text/find';
import type { DocumentFacts } from '../text/types';
import type { AnalysisEnv, Finding, SourceDocument } from './api';
import { analyzeFacts } from './analyzeFacts';
import { limitMessage, MAX_FINDINGS } from '../base/limits';
import { engineSay } from './engineMessages';

/** The finder's facts are cached per document text, so completion, hover and lenses after a lint cost nothing extra. */
let last: { text: string; languageId: string; fileName: string; facts: DocumentFacts } | undefined;

export function factsOf(doc: SourceDocument): DocumentFacts {
  if (last && last.text === doc.text && last.languageId === doc.languageId && last.fileName === doc.fileName) return last.facts;
  const facts = findDeviceMaps(doc);
  last = { text: doc.text, languageId: doc.languageId, fileName: doc.fileName, facts };
  return facts;
}

/**
 * Hands in facts the finder computed elsewhere for exactly this document (the extension's
 * worker thread), so the next analysis, completion or hover of the same text runs the rules only.
 */
export function primeFacts(doc: SourceDocument, facts: DocumentFacts): void {
  last = { text: doc.text, languageId: doc.languageId, fileName: doc.fileName, facts };
}

export function analyzeDocument(doc: SourceDocument, env: AnalysisEnv): { facts: DocumentFacts; findings: Finding[] } {
  const facts = factsOf(doc);
  const findings = analyzeFacts(doc, facts, env);
  if (findings.length <= MAX_FINDINGS) return { facts, findings };
  // Bounded output: the first MAX_FINDINGS, then one line saying how many more there are.
  const more = findings.length - MAX_FINDINGS;
  const kept = findings.slice(0, MAX_FINDINGS);
  kept.push({
    code: 'limit',
    severity: 'info',
    start: 0,
    end: 0,
    message: engineSay.text('moreFindings', { more, limit: limitMessage('findings', findings.length, MAX_FINDINGS) }),
  });
  return { facts, findings: kept };
}
