/** Fixture texts with a `|` cursor marker, as completion and hover tests write them. */
import type { SourceDocument } from '../../../src/core/analysis/api';

export function withCursor(source: string, fileName = '/work/t.py'): { doc: SourceDocument; offset: number } {
  const offset = source.indexOf('|');
  if (offset < 0) throw new Error('fixture text has no | cursor marker');
  const text = source.slice(0, offset) + source.slice(offset + 1);
  const languageId = fileName.endsWith('.py') ? 'python' : 'json';
  return { doc: { text, languageId, fileName }, offset };
}
