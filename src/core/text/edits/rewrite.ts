/**
 * The one engine behind every map edit: compute the dict literal as it should
 * read after the change (untouched items keep their exact text, comments and
 * layout), then diff old against new into minimal edits. Entries written
 * outside the literal (`d[k] = v`, `.update(...)`) are edited where they are;
 * entries made by a comprehension or loop are refused, never guessed.
 */
import type { SourceDocument } from '../../base/source';
import type { Device } from '../../base/devices';
import type { DeviceMapEntry, FoundDeviceMap, TextEdit } from '../types';
import { dictLayout, endsLine, lineIndent, lineStart, startsLine, type DictItem, type Lang } from './dictItems';
import { minimalEdits } from './diff';
import { writeDevice, writeKey, writeStyleOf, type WriteStyle } from './format';
import { insertionIndex } from './order';
import { editsOf, langOf, lineOf, refusal, type EditResult } from './result';

export interface DictChange {
  /** Keys to give a device: changed in place when present, inserted otherwise. */
  readonly set?: ReadonlyMap<string, Device>;
  readonly remove?: ReadonlySet<string>;
  readonly rename?: ReadonlyMap<string, string>;
  /** Module names in model order, to place inserted keys next to their siblings. */
  readonly order?: readonly string[];
  /**
   * Literal items to drop, by the offset where each starts: for text no entry stands for,
   * such as the earlier spelling of a key written twice (Python keeps only the later value).
   */
  readonly dropItemsAt?: ReadonlySet<number>;
}

const sameDevice = (e: DeviceMapEntry, d: Device) => e.value.invalid === undefined && e.value.device === d;

/** Element of the dict as it will read: an original item (possibly edited) or a new one. */
interface Rendered {
  readonly key?: string;
  readonly text: string;
  readonly orig?: number;
}

export function applyDictChange(doc: SourceDocument, map: FoundDeviceMap, change: DictChange): EditResult {
  const text = doc.text;
  const lang = langOf(doc);
  if (map.kind !== 'dict')
    return refusal(
      `The device_map is ${map.kind === 'unknown' ? 'not a value this file spells out' : `a ${map.kind}, not a dict`}: replace it with an explicit map first.`,
    );
  const ws = writeStyleOf(map, lang);
  const byKey = new Map(map.entries.map((e) => [e.key, e] as const));
  const set = change.set ?? new Map<string, Device>();
  const remove = change.remove ?? new Set<string>();
  const rename = change.rename ?? new Map<string, string>();
  const dropAt = change.dropItemsAt ?? new Set<number>();
  const outside: TextEdit[] = [];
  const inLiteral = (e: DeviceMapEntry) =>
    e.origin === 'literal' && map.dictSpan !== undefined && e.keySpan.start >= map.dictSpan.start && e.keySpan.end <= map.dictSpan.end;

  // Refuse anything that would have to change text shared with other entries.
  for (const key of new Set([...set.keys(), ...remove, ...rename.keys()])) {
    const e = byKey.get(key);
    if (!e || inLiteral(e)) continue;
    const changes = remove.has(key) || rename.has(key) || !sameDevice(e, set.get(key)!);
    if (!changes) continue;
    if (e.origin === 'comprehension' || e.origin === 'loop') {
      return refusal(
        `"${key}" is computed by a ${e.origin === 'loop' ? 'loop' : 'comprehension'} on line ${lineOf(text, e.entrySpan.start)}; change it there, or expand the map into an explicit dict first.`,
      );
    }
    if (remove.has(key)) {
      if (e.origin === 'item' && startsLine(text, e.entrySpan.start) && endsLine(text, e.entrySpan.end, lang)) {
        const from = lineStart(text, e.entrySpan.start);
        const nl = text.indexOf('\n', e.entrySpan.end);
        outside.push({ offset: from, length: (nl < 0 ? text.length : nl + 1) - from, text: '' });
        continue;
      }
      return refusal(`"${key}" is set on line ${lineOf(text, e.entrySpan.start)} inside a larger statement; remove it there.`);
    }
    if (rename.has(key)) {
      if (e.origin === 'merge' || !/^['"]/.test(text.slice(e.keySpan.start, e.keySpan.end))) {
        return refusal(
          `The key "${key}" is not written as a plain string here (line ${lineOf(text, e.keySpan.start)}); rename it where it is built.`,
        );
      }
      const q = text[e.keySpan.start] as '"' | "'";
      outside.push({
        offset: e.keySpan.start,
        length: e.keySpan.end - e.keySpan.start,
        text: writeKey(rename.get(key)!, { ...ws, quote: q }),
      });
    }
    if (set.has(key) && !sameDevice(e, set.get(key)!)) {
      outside.push({
        offset: e.value.span.start,
        length: e.value.span.end - e.value.span.start,
        text: writeDevice(set.get(key)!, ws, e.value),
      });
    }
  }

  const inserts = [...set.keys()].filter((k) => !byKey.has(k));
  const literalTouched =
    inserts.length > 0 ||
    dropAt.size > 0 ||
    map.entries.some(
      (e) => inLiteral(e) && (remove.has(e.key) || rename.has(e.key) || (set.has(e.key) && !sameDevice(e, set.get(e.key)!))),
    );
  // A removed key may also be spelled in the literal before being set again elsewhere.
  const shadowRemoval = map.dictSpan !== undefined && [...remove, ...rename.keys()].some((k) => byKey.has(k) && !inLiteral(byKey.get(k)!));
  if (!literalTouched && !shadowRemoval) return editsOf(outside);
  if (!map.dictSpan)
    return refusal(
      'This map has no dict literal to add entries to (it is built by a comprehension or a call); expand it into an explicit dict first.',
    );

  const layout = dictLayout(text, map.dictSpan, lang);
  if (text[layout.close] !== '}') return refusal('The dict is not closed yet; finish typing it first.');
  const entryAt = new Map<number, DeviceMapEntry>();
  for (const e of map.entries) if (inLiteral(e)) entryAt.set(e.keySpan.start, e);

  const rendered: Rendered[] = [];
  layout.items.forEach((item, i) => {
    if (dropAt.has(item.start)) return;
    const e = entryAt.get(item.start);
    if (!e) {
      // An earlier spelling of a key that is set again later (`{"a": 0}` then `d["a"] = 1`) goes with it.
      const shadowed = plainKey(text.slice(item.start, item.end));
      if (shadowed !== undefined && (remove.has(shadowed) || rename.has(shadowed))) return;
      rendered.push({ text: text.slice(item.start, item.end), orig: i });
      return;
    }
    if (remove.has(e.key)) return;
    rendered.push({ key: rename.get(e.key) ?? e.key, text: editedItem(text, item, e, set.get(e.key), rename.get(e.key), ws), orig: i });
  });
  const order = change.order ? new Map(change.order.map((k, i) => [k, i] as const)) : undefined;
  for (const key of inserts) {
    // Never before a `**spread`: whatever it holds would override the new entry.
    let lastSpread = -1;
    rendered.forEach((r, i) => {
      if (r.key === undefined) lastSpread = i;
    });
    const at = Math.max(
      insertionIndex(
        rendered.map((r) => r.key),
        key,
        order,
      ),
      lastSpread + 1,
    );
    rendered.splice(at, 0, { key, text: `${writeKey(key, ws)}: ${writeDevice(set.get(key)!, ws)}` });
  }
  const oldText = text.slice(layout.open, layout.close + 1);
  const newText = isCleanMultiline(text, layout, lang)
    ? renderMultiline(text, layout, rendered, map.style?.indent)
    : renderInline(text, layout, rendered, lineIndent(text, layout.open), lang, map.style?.indent);
  return editsOf([...outside, ...minimalEdits(oldText, newText, layout.open)]);
}

/** An item's text with its value and/or key replaced, everything else as written. */
function editedItem(
  text: string,
  item: DictItem,
  e: DeviceMapEntry,
  device: Device | undefined,
  newKey: string | undefined,
  ws: WriteStyle,
): string {
  const parts: Array<{ start: number; end: number; text: string }> = [];
  if (device !== undefined && !sameDevice(e, device)) parts.push({ ...e.value.span, text: writeDevice(device, ws, e.value) });
  if (newKey !== undefined) {
    const q = text[e.keySpan.start];
    parts.push({ ...e.keySpan, text: writeKey(newKey, q === "'" || q === '"' ? { ...ws, quote: q } : ws) });
  }
  let out = text.slice(item.start, item.end);
  for (const p of parts.sort((a, b) => b.start - a.start)) {
    out = out.slice(0, p.start - item.start) + p.text + out.slice(p.end - item.start);
  }
  return out;
}

/** Every item on its own line(s), the braces on theirs: the layout we can edit line by line. */
function isCleanMultiline(text: string, layout: ReturnType<typeof dictLayout>, lang: Lang): boolean {
  if (layout.items.length === 0 || !endsLine(text, layout.open + 1, lang) || !startsLine(text, layout.close)) return false;
  return layout.items.every((it) => startsLine(text, it.start) && endsLine(text, it.comma !== undefined ? it.comma + 1 : it.end, lang));
}

function lineEndAfter(text: string, pos: number): number {
  const nl = text.indexOf('\n', pos);
  return nl < 0 ? text.length : nl + 1;
}

function renderMultiline(text: string, layout: ReturnType<typeof dictLayout>, rendered: Rendered[], styleIndent?: string): string {
  const items = layout.items;
  const segStart = (i: number) => lineStart(text, items[i]!.start);
  const segEnd = (i: number) => lineEndAfter(text, items[i]!.comma !== undefined ? items[i]!.comma! + 1 : items[i]!.end);
  const trailing = items[items.length - 1]!.comma !== undefined;
  let out = text.slice(layout.open, segStart(0));
  let nextOrig = 0;
  let indent = lineIndent(text, items[0]!.start) || styleIndent || '    ';
  rendered.forEach((r, j) => {
    const comma = j < rendered.length - 1 || trailing ? ',' : '';
    if (r.orig === undefined) {
      out += `${indent}${r.text}${comma}\n`;
      return;
    }
    // Blank and comment lines between original items stay where they were.
    for (; nextOrig <= r.orig; nextOrig++) if (nextOrig > 0) out += text.slice(segEnd(nextOrig - 1), segStart(nextOrig));
    const it = items[r.orig]!;
    indent = lineIndent(text, it.start);
    const rest = text.slice(it.comma !== undefined ? it.comma + 1 : it.end, segEnd(r.orig));
    out += text.slice(segStart(r.orig), it.start) + r.text + comma + rest;
  });
  for (; nextOrig < items.length; nextOrig++) if (nextOrig > 0) out += text.slice(segEnd(nextOrig - 1), segStart(nextOrig));
  return out + text.slice(segEnd(items.length - 1), layout.close + 1);
}

function renderInline(
  text: string,
  layout: ReturnType<typeof dictLayout>,
  rendered: Rendered[],
  baseIndent: string,
  lang: Lang,
  styleIndent?: string,
): string {
  const items = layout.items;
  if (items.length === 0) {
    const inner = text.slice(layout.open + 1, layout.close);
    if (!inner.includes('\n') || rendered.length === 0) return `{${rendered.map((r) => r.text).join(', ')}}`;
    // An emptied multi-line dict: one entry per line again, in the file's indentation.
    const unit = lang === 'python' ? '    ' : (/\n([ \t]+)\S/.exec(text)?.[1] ?? '  ');
    const indent = styleIndent || baseIndent + unit;
    // Comment lines left inside stay; entries go just above the closing brace.
    const closeLine = startsLine(text, layout.close) ? lineStart(text, layout.close) : layout.close;
    const kept = text.slice(layout.open + 1, closeLine);
    const head = kept.endsWith('\n') ? kept : `${kept}\n`;
    const closeIndent = closeLine === layout.close ? baseIndent : text.slice(closeLine, layout.close);
    return `{${head}${rendered.map((r, j) => `${indent}${r.text}${j < rendered.length - 1 || lang === 'python' ? ',' : ''}\n`).join('')}${closeIndent}}`;
  }
  const last = items[items.length - 1]!;
  const trailing = last.comma !== undefined;
  let out = `{${text.slice(layout.open + 1, items[0]!.start)}`;
  rendered.forEach((r, j) => {
    const prev = rendered[j - 1];
    if (prev) out += prev.orig !== undefined && r.orig === prev.orig + 1 ? text.slice(items[prev.orig]!.end, items[r.orig]!.start) : ', ';
    out += r.text;
  });
  const lastR = rendered[rendered.length - 1];
  const tail = text.slice(trailing ? last.comma! + 1 : last.end, layout.close);
  if (lastR?.orig === items.length - 1) return `${out}${trailing ? ',' : ''}${tail}}`;
  return `${out}${trailing && rendered.length > 0 ? ',' : ''}${rendered.length === 0 ? tail.trimStart() : tail}}`;
}

/** The key of an item written `"key": value` with a plain, escape-free string key. */
function plainKey(item: string): string | undefined {
  const m = /^(['"])([^'"\\]*)\1\s*:/.exec(item);
  return m?.[2];
}
