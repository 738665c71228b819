/**
 * Where a finder problem sits: the map that holds it, and (for a key written
 * twice) the entry whose value wins. Shared by the `duplicate-key` unit and its fix.
 */
import type { DeviceMapEntry, DocumentFacts, FoundDeviceMap, Span } from '../text/types';

const within = (inner: Span, outer: Span): boolean => inner.start >= outer.start && inner.end <= outer.end;

/** The entry that wins over the key written at `span`: the map keeps the later spelling of `key` as its entry. */
export function winnerOf(map: FoundDeviceMap, span: Span, key: string): DeviceMapEntry | undefined {
  return map.entries.find((e) => e.key === key && e.keySpan.start !== span.start);
}

/** The map a problem at `span` belongs to: the one whose dict (or call) holds it. */
export function mapOfProblem(facts: DocumentFacts, span: Span): FoundDeviceMap | undefined {
  return facts.maps.find((m) => within(span, m.dictSpan ?? m.span) || (m.callSpan !== undefined && within(span, m.callSpan)));
}
