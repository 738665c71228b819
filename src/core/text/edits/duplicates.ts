/** The fix for a key written twice in one dict literal: drop the earlier spelling, whose value is never used. */
import type { SourceDocument } from '../../base/source';
import type { FoundDeviceMap, Span } from '../types';
import { applyDictChange } from './rewrite';
import { refusal, type EditResult } from './result';

/**
 * Removes the item whose key is written at `earlierKey` (with its comma, and its line when it had
 * one to itself); the later spelling, which Python and json.load keep, stays as written.
 */
export function removeEarlierDuplicate(doc: SourceDocument, map: FoundDeviceMap, earlierKey: Span): EditResult {
  const dict = map.dictSpan;
  if (!dict || earlierKey.start < dict.start || earlierKey.end > dict.end)
    return refusal("That key is not written in this device_map's dict literal.");
  // The map's own entries are the spellings in use: removing one of them would change the map.
  if (map.entries.some((e) => e.keySpan.start === earlierKey.start))
    return refusal('That spelling of the key is the one in use, not the earlier duplicate.');
  return applyDictChange(doc, map, { dropItemsAt: new Set([earlierKey.start]) });
}
