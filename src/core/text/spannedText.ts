/**
 * Text that remembers where each of its characters was written: an argument with its
 * shell quotes removed, a YAML scalar with its escapes read. A finding about a character
 * of the value can then point at that character in the file.
 */
import type { Span } from './types';

/** Text with the source span of each of its characters (`from[i]`..`to[i]`). */
export interface SpannedText {
  readonly text: string;
  readonly from: readonly number[];
  readonly to: readonly number[];
}

/** The source span of `[start, end)` of a spanned text (an empty range sits where it starts). */
export function sourceSpan(t: SpannedText, s: Span): Span {
  if (t.text.length === 0) return { start: 0, end: 0 };
  const a = Math.min(Math.max(s.start, 0), t.text.length - 1);
  if (s.end <= s.start) return { start: t.from[a]!, end: t.from[a]! };
  const b = Math.min(Math.max(s.end - 1, a), t.text.length - 1);
  return { start: t.from[a]!, end: t.to[b]! };
}

/** True when the text is a plain run of the source (no escapes, no expansions): edits can go straight into it. */
export function isVerbatim(t: SpannedText): boolean {
  for (let i = 0; i < t.text.length; i++) if (t.from[i] !== t.from[0]! + i || t.to[i] !== t.from[i]! + 1) return false;
  return true;
}

/** The part of a spanned text from `start` on. */
export function sliceSpanned(t: SpannedText, start: number): SpannedText {
  return { text: t.text.slice(start), from: t.from.slice(start), to: t.to.slice(start) };
}

/** A value written verbatim at `start` (no quotes or escapes in between). */
export function verbatimAt(text: string, start: number): SpannedText {
  const from = Array.from({ length: text.length }, (_, i) => start + i);
  return { text, from, to: from.map((f) => f + 1) };
}

/** A value whose characters cannot be told apart in the source (escapes): every one stands for the whole span. */
export function wholeAt(text: string, span: Span): SpannedText {
  return { text, from: Array.from({ length: text.length }, () => span.start), to: Array.from({ length: text.length }, () => span.end) };
}

/** Every `{start, end}` inside `x`, carried through `f` (a deep copy; other values kept). */
export function remapSpans<T>(x: T, f: (s: Span) => Span, depth = 0): T {
  if (depth > 60 || x === null || typeof x !== 'object') return x;
  if (Array.isArray(x)) return x.map((v) => remapSpans(v, f, depth + 1)) as T;
  const o = x as Record<string, unknown>;
  const keys = Object.keys(o);
  if (keys.length === 2 && typeof o.start === 'number' && typeof o.end === 'number') return f(o as unknown as Span) as T;
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = remapSpans(o[k], f, depth + 1);
  return out as T;
}
