/**
 * LSP positions ↔ the engine's UTF-16 offsets, with the checks a robust server
 * needs: a position outside the document is an InvalidParams error (never an
 * exception that kills the server); a character past the line end is clamped
 * to it, as the LSP specification asks.
 */
import { ErrorCodes, ResponseError, type Position, type Range } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Span } from '../core/index';

function valid(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 0;
}

export function checkedOffset(doc: TextDocument, pos: Position | undefined): number {
  if (!pos || !valid(pos.line) || !valid(pos.character))
    throw new ResponseError(ErrorCodes.InvalidParams, 'position must have non-negative integer line and character');
  if (pos.line >= doc.lineCount && !(pos.line === doc.lineCount && pos.character === 0)) {
    throw new ResponseError(ErrorCodes.InvalidParams, `line ${pos.line} is outside the document (${doc.lineCount} lines)`);
  }
  return doc.offsetAt(pos);
}

export function checkedSpan(doc: TextDocument, range: Range | undefined): Span {
  if (!range) throw new ResponseError(ErrorCodes.InvalidParams, 'range is required');
  const start = checkedOffset(doc, range.start);
  const end = checkedOffset(doc, range.end);
  if (end < start) throw new ResponseError(ErrorCodes.InvalidParams, 'range ends before it starts');
  return { start, end };
}

/** A span as a range, clamped to the document so a stale span never throws. */
export function toRange(doc: TextDocument, span: Span): Range {
  const len = doc.getText().length;
  const start = Math.max(0, Math.min(span.start, len));
  const end = Math.max(start, Math.min(span.end, len));
  return { start: doc.positionAt(start), end: doc.positionAt(end) };
}
