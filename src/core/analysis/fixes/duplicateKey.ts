/** Quick fix for `duplicate-key`: remove the earlier spelling, the one Python (and json.load) ignores. */
import type { DocumentFacts } from '../../text/types';
import { removeEarlierDuplicate } from '../../text/edits/duplicates';
import type { CodeAction, Finding, SourceDocument } from '../api';
import { DUPLICATE_KEY, mapOfProblem, winnerOf } from '../problems';
import { action } from './fixContext';

/** The finding's span is the earlier key; the map keeps the later one as its entry. */
export function duplicateKeyActions(doc: SourceDocument, facts: DocumentFacts, finding: Finding): CodeAction[] {
  if (finding.code !== DUPLICATE_KEY) return [];
  const span = { start: finding.start, end: finding.end };
  const map = mapOfProblem(facts, span);
  const winner = map ? winnerOf(doc, map, span, finding.message) : undefined;
  if (!map || !winner) return [];
  const key = winner.key === '' ? '""' : winner.key;
  return action(`Remove the earlier duplicate \`${key}\``, [DUPLICATE_KEY], removeEarlierDuplicate(doc, map, span), true);
}
