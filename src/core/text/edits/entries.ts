/** The entry-level edits: change values, insert, remove, rename. All keep the map's own style. */
import type { SourceDocument } from '../../base/source';
import type { Device } from '../../base/devices';
import type { FoundDeviceMap } from '../types';
import { applyDictChange } from './rewrite';
import type { EditResult } from './result';

/**
 * Gives each key in `changes` its device: values change in place (`0` stays an int,
 * `"cuda:0"` a string); keys not in the map are inserted next to their siblings,
 * in `order` (module names in model order) when given.
 */
export function setDevices(
  doc: SourceDocument,
  map: FoundDeviceMap,
  changes: ReadonlyMap<string, Device>,
  order?: readonly string[],
): EditResult {
  return applyDictChange(doc, map, { set: changes, ...(order ? { order } : {}) });
}

/** Inserts entries (keys already in the map just change value). */
export function insertEntries(
  doc: SourceDocument,
  map: FoundDeviceMap,
  entries: Iterable<readonly [string, Device]>,
  order?: readonly string[],
): EditResult {
  return applyDictChange(doc, map, { set: new Map(entries), ...(order ? { order } : {}) });
}

/** Removes entries with their comma, and the whole line when the entry had one to itself. */
export function removeEntries(doc: SourceDocument, map: FoundDeviceMap, keys: Iterable<string>): EditResult {
  const present = new Set([...keys].filter((k) => map.entries.some((e) => e.key === k)));
  return applyDictChange(doc, map, { remove: present });
}

/** Renames a key, keeping its quote character. */
export function renameKey(doc: SourceDocument, map: FoundDeviceMap, oldKey: string, newKey: string): EditResult {
  if (!map.entries.some((e) => e.key === oldKey)) return Object.assign([], { refused: `"${oldKey}" is not a key of this map.` });
  return applyDictChange(doc, map, { rename: new Map([[oldKey, newKey]]) });
}
