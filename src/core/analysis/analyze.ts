/** `analyzeDocument`: find the maps in a document, then run every rule over them. */
import { findDeviceMaps } from '../text/find';
import type { DocumentFacts } from '../text/types';
import type { AnalysisEnv, Finding, SourceDocument } from './api';
import { analyzeFacts } from './analyzeFacts';

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
  return { facts, findings: analyzeFacts(doc, facts, env) };
}
