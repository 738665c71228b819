/**
 * The finder's `facts.problems` as findings: a key written twice in one
 * device_map (the only problem it reports today) says which value wins.
 * No DM code is invented for them: the code is a plain tag (`duplicate-key`,
 * `parse`), shown as such under the "Device Map Studio" source.
 */
import type { DeviceMapEntry, DocumentFacts, FoundDeviceMap, Span } from '../text/types';
import type { Finding, SourceDocument } from './api';
import { LineIndex } from '../text/lineIndex';

export const DUPLICATE_KEY = 'duplicate-key';
export const PARSE_PROBLEM = 'parse';

const within = (inner: Span, outer: Span): boolean => inner.start >= outer.start && inner.end <= outer.end;


/** The entry that wins over the key written at `span`: same key text, or the key the message names. */
export function winnerOf(doc: SourceDocument, map: FoundDeviceMap, span: Span, message: string): DeviceMapEntry | undefined {
  const written = doc.text.slice(span.start, span.end);
  return (
    map.entries.find((e) => e.keySpan.start !== span.start && doc.text.slice(e.keySpan.start, e.keySpan.end) === written) ??
    map.entries.find((e) => message.startsWith(`${JSON.stringify(e.key)} is written twice`))
  );
}

/** The map a problem at `span` belongs to: the one whose dict (or call) holds it. */
export function mapOfProblem(facts: DocumentFacts, span: Span): FoundDeviceMap | undefined {
  return facts.maps.find((m) => within(span, m.dictSpan ?? m.span) || (m.callSpan !== undefined && within(span, m.callSpan)));
}

export function problemFindings(doc: SourceDocument, facts: DocumentFacts): Finding[] {
  const out: Finding[] = [];
  const python = doc.languageId === 'python';
  let lines: LineIndex | undefined; // built once, on the first duplicate: linear however many there are
  for (const p of facts.problems) {
    const map = mapOfProblem(facts, p.span);
    const winner = map && /written twice/.test(p.message) ? winnerOf(doc, map, p.span, p.message) : undefined;
    if (!winner) {
      out.push({ code: /written twice/.test(p.message) ? DUPLICATE_KEY : PARSE_PROBLEM, severity: /written twice/.test(p.message) ? 'warning' : 'info', start: p.span.start, end: p.span.end, message: p.message });
      continue;
    }
    const reader = python ? 'Python keeps' : 'json.load (and transformers) keeps';
    out.push({
      code: DUPLICATE_KEY,
      severity: 'warning',
      start: p.span.start,
      end: p.span.end,
      message:
        `"${winner.key}" is written twice in this device_map: ${reader} only the later value, ${winner.value.raw} (line ${(lines ??= new LineIndex(doc.text)).lineColumn(winner.keySpan.start).line}); ` +
        'the value written here is ignored. Remove one of the two',
      related: [{ span: winner.entrySpan, message: `this value (${winner.value.raw}) is the one used` }],
    });
  }
  return out;
}
