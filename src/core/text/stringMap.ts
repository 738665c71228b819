/**
 * A device map or `max_memory` written as a string that a tool parses before
 * transformers sees it: ms-swift's `json_parse_to_dict(value, strict=False)`
 * (swift/utils/utils.py: an existing path is `json.load`ed, otherwise `json.loads`, and
 * a string that is not JSON stays a string) and `ast.literal_eval` for `max_memory`
 * (swift/arguments/base_args/model_args.py). The value is read by the same map builder
 * as Python and JSON, then every span is carried back to where its character was written.
 */
import { parseTree, printParseErrorCode, visit } from 'jsonc-parser';
import type { DocumentProblem, FoundDeviceMap, MaxMemorySpec, Span } from './types';
import { toPyVal } from './json/findJson';
import { mapShape, maxMemorySpec } from './python/mapValue';
import { Env } from './python/env';
import { Evaluator } from './python/evaluate';
import { parsePython } from './python/parseCache';
import type { PyVal } from './python/values';
import { isVerbatim, remapSpans, sourceSpan, type SpannedText } from './spannedText';
/** Where `json.loads` (strict JSON) first fails in `text`, and why. */
function jsonError(text: string): { at: number; why: string } | undefined {
  let first: { at: number; why: string } | undefined;
  visit(
    text,
    {
      onError: (code, offset) => {
        first ??= { at: offset, why: printParseErrorCode(code) };
      },
      onComment: (offset) => {
        first ??= { at: offset, why: 'CommentNotAllowed' };
      },
    },
    { disallowComments: false, allowTrailingComma: false },
  );
  return first;
}

const TRAILING_COMMA = /,\s*[}\]]/;

/** A map string as ms-swift reads it, in the value's own coordinates. */
function readMapString(v: SpannedText, option: string, problems: DocumentProblem[]): PyVal | 'file' {
  const t = v.text;
  const whole: Span = { start: 0, end: t.length };
  const trimmed = t.trim();
  // A variable or command substitution set outside the script: known only at run time.
  if (/\$[\w{(]/.test(t)) return { t: 'unknown', span: whole };
  if (/^[{["]|^-?\d+$/.test(trimmed)) {
    const bad = jsonError(t) ?? (TRAILING_COMMA.test(t) ? { at: t.search(TRAILING_COMMA), why: 'TrailingComma' } : undefined);
    if (bad)
      problems.push({
        kind: 'unreadable',
        partly: true,
        span: sourceSpan(v, { start: bad.at, end: bad.at + 1 }),
        message: `ms-swift reads ${option} with json.loads, which fails here (${bad.why}); the text then reaches from_pretrained as one device string and the load fails`,
      });
    const root = parseTree(t, [], { allowTrailingComma: true, disallowComments: false });
    return root ? toPyVal(root, t) : { t: 'unknown', span: whole };
  }
  // json_parse_to_dict loads an existing path as JSON: its map is in that file, read at run time.
  if (/\.jsonc?$/i.test(trimmed)) return 'file';
  return { t: 'str', v: t, span: whole };
}

/** `'{0: "20GB", 1: "20GB"}'`: a Python literal (`ast.literal_eval`), in the value's own coordinates. */
function maxMemoryLiteral(v: SpannedText): MaxMemorySpec | undefined {
  const text = v.text;
  if (!/^\s*\{/.test(text)) return undefined;
  const tree = parsePython(text);
  const stmt = tree.topNode.firstChild;
  const expr = stmt?.firstChild;
  if (!expr) return undefined;
  const value = new Evaluator(text).eval(expr, new Env());
  return maxMemorySpec(value, { start: expr.from, end: expr.to }, text);
}

export type MapShapeAt = Omit<FoundDeviceMap, 'reachesModel'>;

/**
 * The map a string stands for, with spans in the file. `option` names it in messages
 * (`--device_map`). Text written with escapes keeps its findings but takes no edits.
 */
export function stringMapShape(v: SpannedText, option: string, problems: DocumentProblem[]): MapShapeAt {
  const value = readMapString(v, option, problems);
  if (value === 'file') {
    const span = sourceSpan(v, { start: 0, end: v.text.length });
    problems.push({
      kind: 'unreadable',
      partly: true,
      span,
      message: `ms-swift loads ${option} from the file ${v.text.trim()} when the run starts (json.load); that map is not checked here`,
    });
    return { kind: 'unknown', entries: [], partial: true, span };
  }
  const local = { ...mapShape(value, { start: 0, end: v.text.length }, v.text, 'json'), span: value.span };
  const mapped = remapSpans(local, (s) => sourceSpan(v, s));
  if (isVerbatim(v)) return mapped;
  return { ...mapped, entries: mapped.entries.map((e) => ({ ...e, literal: false })), dictSpan: undefined, style: undefined };
}

/** `max_memory` written as a Python dict literal in a string, with spans in the file. */
export function literalMaxMemory(v: SpannedText): MaxMemorySpec | undefined {
  const spec = maxMemoryLiteral(v);
  return spec ? remapSpans(spec, (s) => sourceSpan(v, s)) : undefined;
}
