/**
 * What `json.load` says about a `.json` file. transformers reads JSON files
 * with Python's json module (`PretrainedConfig._dict_from_json_file`:
 * `json.loads(reader.read())`, and scripts `json.load(f)` their device maps),
 * which rejects trailing commas and comments with `json.JSONDecodeError`,
 * though VS Code's JSON parser and ours accept them. `.jsonc` files are meant
 * for tolerant readers and are not checked.
 */
import { visit } from 'jsonc-parser';
import type { DocumentProblem, Span } from '../types';

const MAX_REPORTED = 20;

export function strictJsonProblems(text: string): DocumentProblem[] {
  const out: DocumentProblem[] = [];
  const push = (span: Span, what: string): void => {
    if (out.length < MAX_REPORTED)
      out.push({
        kind: 'unreadable',
        span,
        message: `json.load rejects ${what} (Python raises json.JSONDecodeError), so transformers or a script loading this .json fails; remove it, or rename the file .jsonc if only tolerant readers use it`,
      });
  };
  let lastComma: Span | undefined;
  visit(
    text,
    {
      onComment: (offset, length) => push({ start: offset, end: offset + length }, 'comments'),
      onSeparator: (sep, offset) => {
        lastComma = sep === ',' ? { start: offset, end: offset + 1 } : undefined;
      },
      onObjectProperty: () => (lastComma = undefined),
      onObjectBegin: () => (lastComma = undefined),
      onArrayBegin: () => (lastComma = undefined),
      onLiteralValue: () => (lastComma = undefined),
      onObjectEnd: () => {
        if (lastComma) push(lastComma, 'this trailing comma');
        lastComma = undefined;
      },
      onArrayEnd: () => {
        if (lastComma) push(lastComma, 'this trailing comma');
        lastComma = undefined;
      },
    },
    { allowTrailingComma: true, disallowComments: false },
  );
  return out;
}
