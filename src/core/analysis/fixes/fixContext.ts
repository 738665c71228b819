/** What every quick fix receives: the finding, its map's rule context, and the document. */
import type { CodeAction, Finding } from '../api';
import type { RuleContext } from '../context';
import type { TextEdit } from '../../text/types';

export interface FixInput {
  readonly finding: Finding;
  readonly ctx: RuleContext;
}

export type Fix = (input: FixInput) => CodeAction[];

/** A quick fix action, or nothing when the edit function refused (it then says why elsewhere). */
export function action(
  title: string,
  fixes: readonly string[],
  edits: readonly TextEdit[] & { refused?: string },
  preferred = false,
): CodeAction[] {
  if (edits.length === 0) return [];
  return [{ title, fixes, edits: [...edits], kind: 'quickfix', ...(preferred ? { preferred } : {}) }];
}

export function dataOf<T>(f: Finding): Partial<T> {
  return (f.data ?? {}) as Partial<T>;
}
