/**
 * Splits a dict / object literal's source into its top-level items, with the
 * exact comma after each and the line layout around it. Language-aware only
 * in how strings and comments are skipped (Python `#`, JSON `//` and `/* *\/`).
 */
import type { Span } from '../types';

export type Lang = 'python' | 'json';

export interface DictItem {
  /** Item text without surrounding whitespace or comments: `"k": 0`, `**base`. */
  readonly start: number;
  readonly end: number;
  /** Offset of the comma that follows the item, if any. */
  readonly comma?: number;
}

export interface DictLayout {
  readonly open: number;
  /** Offset of the closing brace (or the end of the span when missing). */
  readonly close: number;
  readonly items: readonly DictItem[];
}

/** Skips a string starting at `i` (prefix letters already passed); returns the offset after it. */
function skipString(text: string, i: number, end: number, lang: Lang): number {
  const q = text[i]!;
  const triple = lang === 'python' && text.startsWith(q.repeat(3), i);
  const close = triple ? q.repeat(3) : q;
  let j = i + close.length;
  while (j < end) {
    const c = text[j]!;
    if (c === '\\') {
      j += 2;
      continue;
    }
    if (text.startsWith(close, j)) return j + close.length;
    if (!triple && c === '\n') return j;
    j++;
  }
  return end;
}

/** Skips a comment at `i` if there is one; returns `i` when there is none. */
function skipComment(text: string, i: number, end: number, lang: Lang): number {
  if (lang === 'python' ? text[i] === '#' : text.startsWith('//', i)) {
    const nl = text.indexOf('\n', i);
    return nl < 0 || nl > end ? end : nl;
  }
  if (lang === 'json' && text.startsWith('/*', i)) {
    const close = text.indexOf('*/', i + 2);
    return close < 0 || close > end ? end : close + 2;
  }
  return i;
}

const OPEN = '([{';
const CLOSE = ')]}';

/** The items of the literal at `span` (which starts with `{`). */
export function dictLayout(text: string, span: Span, lang: Lang): DictLayout {
  const open = span.start;
  const end = Math.min(span.end, text.length);
  const items: DictItem[] = [];
  let depth = 0;
  let itemStart = -1;
  let itemEnd = -1;
  let close = end;
  for (let i = open + 1; i < end;) {
    const c = text[i]!;
    const afterComment = skipComment(text, i, end, lang);
    if (afterComment !== i) {
      i = afterComment;
      continue;
    }
    if (c === '"' || c === "'") {
      if (itemStart < 0) itemStart = i;
      i = skipString(text, i, end, lang);
      itemEnd = i;
      continue;
    }
    if (OPEN.includes(c)) depth++;
    if (CLOSE.includes(c)) {
      if (depth === 0) {
        close = i;
        break;
      }
      depth--;
    }
    if (depth === 0 && c === ',') {
      if (itemStart >= 0) items.push({ start: itemStart, end: itemEnd, comma: i });
      itemStart = -1;
      i++;
      continue;
    }
    if (!/\s/.test(c)) {
      if (itemStart < 0) itemStart = i;
      itemEnd = i + 1;
    }
    i++;
  }
  if (itemStart >= 0) items.push({ start: itemStart, end: itemEnd });
  return { open, close, items };
}

/** Offset of the start of the line holding `pos`. */
export function lineStart(text: string, pos: number): number {
  return text.lastIndexOf('\n', pos - 1) + 1;
}

/** The spaces and tabs that open the line holding `pos`. */
export function lineIndent(text: string, pos: number): string {
  return /^[ \t]*/.exec(text.slice(lineStart(text, pos)))![0];
}

/** Whether only whitespace precedes `pos` on its line. */
export function startsLine(text: string, pos: number): boolean {
  return /^[ \t]*$/.test(text.slice(lineStart(text, pos), pos));
}

/** Whether only whitespace and a comment follow `pos` on its line. */
export function endsLine(text: string, pos: number, lang: Lang): boolean {
  const nl = text.indexOf('\n', pos);
  const rest = text.slice(pos, nl < 0 ? text.length : nl);
  return lang === 'python' ? /^[ \t]*(#.*)?$/.test(rest) : /^[ \t]*(\/\/.*|\/\*.*\*\/[ \t]*)?$/.test(rest);
}
