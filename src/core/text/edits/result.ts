/** What every edit function returns: the edits, or none with the reason why. */
import type { SourceDocument } from '../../base/source';
import type { TextEdit } from '../types';
import type { Lang } from './dictItems';

/** A plain `TextEdit[]`; when empty because the edit cannot be made safely, `refused` says why. */
export type EditResult = TextEdit[] & { readonly refused?: string };

export function editsOf(list: TextEdit[]): EditResult {
  return list;
}

export function refusal(reason: string): EditResult {
  return Object.assign([] as TextEdit[], { refused: reason });
}

export function langOf(doc: SourceDocument): Lang {
  const id = doc.languageId.toLowerCase();
  return id === 'json' || id === 'jsonc' || (id !== 'python' && /\.jsonc?$/i.test(doc.fileName)) ? 'json' : 'python';
}

/** 1-based line of an offset, for messages. */
export function lineOf(text: string, offset: number): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
