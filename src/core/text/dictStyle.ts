/** The layout of a dict / object literal, so inserted entries look like their neighbours. */
import type { Span } from './types';

export interface DictStyle {
  readonly indent: string;
  readonly quote: '"' | "'";
  readonly multiline: boolean;
  readonly trailingComma: boolean;
}

/** Reads indentation, quote, line layout and trailing comma from the literal at `span` (`{...}`). */
export function dictStyle(text: string, span: Span): DictStyle {
  const body = text.slice(span.start + 1, Math.max(span.start + 1, span.end - 1));
  const multiline = body.includes('\n');
  const firstLine = multiline ? /\n([ \t]*)[^\s#/}]/.exec(body) : null;
  const indent = firstLine?.[1] ?? '';
  const q = /['"]/.exec(body);
  const quote = (q?.[0] as '"' | "'" | undefined) ?? '"';
  // Ignore comments when looking for the last significant character.
  const withoutComments = body.replace(/#[^\n]*|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, '');
  const trailingComma = /,\s*$/.test(withoutComments);
  return { indent, quote, multiline, trailingComma };
}
