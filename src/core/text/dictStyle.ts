/** The layout of a dict / object literal, so inserted entries look like their neighbours. */
import { dictLayout, lineStart, type Lang } from './edits/dictItems';
import type { Span } from './types';

export interface DictStyle {
  readonly indent: string;
  readonly quote: '"' | "'";
  readonly multiline: boolean;
  readonly trailingComma: boolean;
}

/** Reads indentation, quote, line layout and trailing comma from the literal at `span` (`{...}`), skipping strings and comments. */
export function dictStyle(text: string, span: Span, lang: Lang = 'python'): DictStyle {
  const layout = dictLayout(text, span, lang);
  const first = layout.items[0];
  const last = layout.items[layout.items.length - 1];
  const body = text.slice(span.start + 1, Math.max(span.start + 1, layout.close));
  const multiline = body.includes('\n');
  let indent = '';
  if (multiline && first) {
    const before = text.slice(lineStart(text, first.start), first.start);
    if (/^[ \t]*$/.test(before)) indent = before;
  }
  const keyQuote = first ? /^[rRbBuU]?(['"])/.exec(text.slice(first.start, first.end))?.[1] : undefined;
  const quote = lang === 'json' ? '"' : ((keyQuote as '"' | "'" | undefined) ?? '"');
  return { indent, quote, multiline, trailingComma: last?.comma !== undefined };
}
