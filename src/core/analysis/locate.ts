/**
 * Where an offset sits inside the maps of a document: on a key, on a value,
 * in a `max_memory` dict, in a strategy string, or in a dict between entries
 * (key or value position), with the span a completion should replace.
 */
import type { DeviceMapEntry, FoundDeviceMap, Span } from '../text/types';

export type Spot =
  | { kind: 'key'; entry: DeviceMapEntry }
  | { kind: 'value'; entry: DeviceMapEntry }
  | { kind: 'mapValue' }
  | { kind: 'maxMemoryKey'; index: number }
  | { kind: 'maxMemoryValue'; index: number }
  | { kind: 'map' };

function inside(span: Span | undefined, offset: number): boolean {
  return !!span && span.start <= offset && offset <= span.end;
}

/** The map and what the offset touches, for hovers (entries' own spans). */
export function spotAt(maps: readonly FoundDeviceMap[], offset: number): { map: FoundDeviceMap; index: number; spot: Spot } | undefined {
  for (let index = 0; index < maps.length; index++) {
    const map = maps[index]!;
    for (const e of map.entries) {
      if (inside(e.keySpan, offset) && e.literal) return { map, index, spot: { kind: 'key', entry: e } };
      if (inside(e.value.span, offset) && e.literal) return { map, index, spot: { kind: 'value', entry: e } };
    }
    const mm = map.maxMemory;
    if (mm) {
      for (let i = 0; i < mm.entries.length; i++) {
        if (inside(mm.entries[i]!.keySpan, offset)) return { map, index, spot: { kind: 'maxMemoryKey', index: i } };
        if (inside(mm.entries[i]!.valueSpan, offset)) return { map, index, spot: { kind: 'maxMemoryValue', index: i } };
      }
    }
    if (map.value && inside(map.value.span, offset)) return { map, index, spot: { kind: 'mapValue' } };
    if (inside(map.dictSpan, offset) || (map.kind === 'dict' && inside(map.span, offset))) return { map, index, spot: { kind: 'map' } };
  }
  return undefined;
}

/** Key or value position inside a dict literal, and the string or word being typed. */
export interface DictCursor {
  readonly position: 'key' | 'value';
  /** The span to replace: the whole string literal under the cursor (quotes included), or the word typed so far. */
  readonly replace: Span;
  /** The quote of the string being typed, when in one. */
  readonly quote?: '"' | "'";
  /** The key of the entry being written (value position). */
  readonly key?: string;
}

/** Scans a dict literal from its `{` to `offset`, tracking nesting and strings (Python `#` and JSON `//` comments skipped). */
export function dictCursor(text: string, dict: Span, offset: number): DictCursor | undefined {
  if (offset <= dict.start || offset > dict.end) return undefined;
  let depth = 0;
  let last: ',' | ':' | '{' = '{';
  let lastKey: string | undefined;
  let stringStart = -1;
  let quote: '"' | "'" | undefined;
  let lastString: string | undefined;
  let itemStart = dict.start + 1;
  for (let i = dict.start; i < offset; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) {
        lastString = text.slice(stringStart + 1, i);
        quote = undefined;
      } else if (c === '\n') quote = undefined;
      continue;
    }
    if (c === '"' || c === "'") {
      quote = c;
      stringStart = i;
    } else if (c === '#' || (c === '/' && text[i + 1] === '/')) {
      const nl = text.indexOf('\n', i);
      if (nl < 0 || nl >= offset) return undefined;
      i = nl;
    } else if (c === '{' || c === '[' || c === '(') depth++;
    else if (c === '}' || c === ']' || c === ')') depth--;
    else if (depth === 1 && (c === ',' || c === ':')) {
      last = c;
      if (c === ':') {
        const raw = text.slice(itemStart, i).trim();
        lastKey = /^\d+$/.test(raw) ? raw : lastString;
      } else itemStart = i + 1;
    }
  }
  if (depth !== 1) return undefined;
  const position = last === ':' ? 'value' : 'key';
  if (quote) {
    // Replace the whole literal when its closing quote is on this line.
    const close = text.indexOf(quote, offset);
    const nl = text.indexOf('\n', offset);
    const end = close >= 0 && (nl < 0 || close < nl) ? close + 1 : offset;
    return {
      position,
      replace: { start: stringStart, end },
      quote,
      ...(position === 'value' && lastKey !== undefined ? { key: lastKey } : {}),
    };
  }
  let start = offset;
  while (start > dict.start && /[\w.:-]/.test(text[start - 1]!)) start--;
  return { position, replace: { start, end: offset }, ...(position === 'value' && lastKey !== undefined ? { key: lastKey } : {}) };
}
