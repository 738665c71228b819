/** Shared helpers for the text tests: run the finder, and read a map back as a plain record. */
import { findDeviceMaps } from '../../../src/core/text/index';
import type { DocumentFacts, FoundDeviceMap, TextEdit } from '../../../src/core/text/index';

export function findPy(text: string): DocumentFacts {
  return findDeviceMaps({ text, languageId: 'python', fileName: '/ws/train.py' });
}

export function findJson(text: string, fileName = '/ws/config.json'): DocumentFacts {
  return findDeviceMaps({ text, languageId: 'jsonc', fileName });
}

/** `{key: device}` of a dict map; invalid values appear as `!<raw>`. */
export function asRecord(map: FoundDeviceMap): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  for (const e of map.entries) out[e.key] = e.value.device ?? `!${e.value.raw}`;
  return out;
}

export function onlyMap(facts: DocumentFacts): FoundDeviceMap {
  if (facts.maps.length !== 1) throw new Error(`expected one map, found ${facts.maps.length}`);
  return facts.maps[0]!;
}

/** Applies edits (non-overlapping) from the end backwards, as an editor would. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.offset - a.offset);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.offset) + e.text + out.slice(e.offset + e.length);
  return out;
}

export function slice(text: string, span: { start: number; end: number }): string {
  return text.slice(span.start, span.end);
}
