/**
 * Replaces a whole map (expand a strategy into its dict, rebalance). A dict that
 * is already written out is changed entry by entry, so comments and layout stay;
 * a strategy string, device or comprehension is replaced by a new dict literal
 * in the file's indentation and quote style.
 */
import type { SourceDocument } from '../../base/source';
import type { Device } from '../../base/devices';
import type { FoundDeviceMap, Span } from '../types';
import { lineIndent } from './dictItems';
import { writeDevice, writeKey, writeStyleOf, type WriteStyle } from './format';
import { applyDictChange } from './rewrite';
import { editsOf, langOf, refusal, type EditResult } from './result';

function indentUnit(text: string, lang: 'python' | 'json', map: FoundDeviceMap): string {
  if (map.style?.indent) return '';
  if (lang === 'python') return '    ';
  return /\n([ \t]+)\S/.exec(text)?.[1] ?? '  ';
}

/** A new dict literal for `entries`, one entry per line, indented under the line at `at`. */
export function renderDict(text: string, at: number, entries: ReadonlyMap<string, Device>, ws: WriteStyle, map: FoundDeviceMap): string {
  if (entries.size === 0) return '{}';
  const base = lineIndent(text, at);
  const inner = map.style?.indent && map.style.multiline ? map.style.indent : base + indentUnit(text, ws.lang, map);
  const lines = [...entries].map(([k, d]) => `${inner}${writeKey(k, ws)}: ${writeDevice(d, ws)}`);
  const trailing = ws.lang === 'python' ? ',' : '';
  return `{\n${lines.join(',\n')}${trailing}\n${base}}`;
}

/** The one expression that built a comprehension map, when there is one. */
function comprehensionOrigin(map: FoundDeviceMap): Span | undefined {
  const first = map.entries[0];
  if (!first || first.origin !== 'comprehension') return undefined;
  const same = map.entries.every(
    (e) => e.origin === 'comprehension' && e.entrySpan.start === first.entrySpan.start && e.entrySpan.end === first.entrySpan.end,
  );
  return same && !map.partial ? first.entrySpan : undefined;
}

export function replaceMap(doc: SourceDocument, map: FoundDeviceMap, newMap: ReadonlyMap<string, Device>): EditResult {
  const lang = langOf(doc);
  const ws = writeStyleOf(map, lang);
  if (map.kind === 'dict') {
    if (map.dictSpan && !map.partial) {
      const remove = new Set(map.entries.map((e) => e.key).filter((k) => !newMap.has(k)));
      const result = applyDictChange(doc, map, { set: newMap, remove, order: [...newMap.keys()] });
      if (!result.refused) return result;
    }
    const origin = comprehensionOrigin(map);
    if (origin)
      return editsOf([
        { offset: origin.start, length: origin.end - origin.start, text: renderDict(doc.text, origin.start, newMap, ws, map) },
      ]);
    if (map.dictSpan && map.entries.every((e) => e.origin === 'literal')) {
      const s = map.dictSpan;
      return editsOf([{ offset: s.start, length: s.end - s.start, text: renderDict(doc.text, s.start, newMap, ws, map) }]);
    }
    return refusal('This map is assembled in several places (updates, merges or loops); edit those places, or write it as one dict.');
  }
  if (map.value && map.kind !== 'unknown') {
    const s = map.value.span;
    return editsOf([{ offset: s.start, length: s.end - s.start, text: renderDict(doc.text, s.start, newMap, ws, map) }]);
  }
  return refusal('The device_map is not a value written in this file, so it cannot be replaced here.');
}
