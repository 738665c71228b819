/** The one wording for a Python evaluation that ran out of its budget (core/limits.ts). */
import { limitMessage, MAX_EVAL_WORK } from '../../base/limits';

export function budgetMessage(): string {
  return `the file is too costly to evaluate statically (${limitMessage('evaluation steps', 'this file', MAX_EVAL_WORK)})`;
}
