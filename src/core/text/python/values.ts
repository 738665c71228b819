/**
 * The small slice of Python values the finder evaluates statically. Every value
 * remembers the span of the expression that produced it, so device values and
 * dict entries keep pointing at real source text.
 */
import type { Span } from '../types';
import { MAX_EVAL_ITEMS } from '../../base/limits';

/** How a dict entry came to be; decides whether it can be edited in place. */
export type EntryOrigin = 'literal' | 'item' | 'update' | 'merge' | 'comprehension' | 'loop';

export interface PyDictItem {
  key: string | number;
  keySpan: Span;
  value: PyVal;
  /** The expression written for the value (may differ from `value.span` when it names a variable). */
  valueSpan: Span;
  entrySpan: Span;
  origin: EntryOrigin;
}

/** A dict is mutable and shared by reference, as in Python (`a = b; a["x"] = 1`). */
export interface PyDict {
  readonly t: 'dict';
  readonly span: Span;
  readonly items: Map<string | number, PyDictItem>;
  /** Some entries could not be evaluated (unknown keys, `**unknown`, loops over unknowns). */
  partial: boolean;
  /** The dict literal the value came from, when there is one to edit. */
  literalSpan?: Span;
  /** Keys written twice in the literal (the earlier spelling is silently overridden). */
  duplicates?: Array<{ key: string | number; span: Span; overriddenBy: Span }>;
}

export type PyVal =
  | { readonly t: 'int'; readonly v: number; readonly span: Span }
  | { readonly t: 'float'; readonly v: number; readonly span: Span }
  | { readonly t: 'str'; readonly v: string; readonly span: Span; readonly quote?: '"' | "'" }
  | { readonly t: 'bool'; readonly v: boolean; readonly span: Span }
  | { readonly t: 'none'; readonly span: Span }
  | { readonly t: 'list'; readonly items: PyVal[]; readonly span: Span }
  | PyDict
  /** A dotted name that is not a local variable (`torch.bfloat16`). */
  | { readonly t: 'name'; readonly dotted: string; readonly span: Span }
  /** `torch.device(...)`, already parsed to the string torch would see. */
  | { readonly t: 'torchDevice'; readonly arg: PyVal; readonly span: Span }
  /** `XConfig.from_pretrained(name)`: remembers the name for model resolution. */
  | { readonly t: 'config'; readonly model: PyVal; readonly span: Span; readonly revision?: string }
  /** `BitsAndBytesConfig(...)` or any other call, with its keyword arguments evaluated. */
  | { readonly t: 'call'; readonly callee: string; readonly kwargs: Map<string, PyVal>; readonly args: PyVal[]; readonly span: Span }
  | { readonly t: 'unknown'; readonly span: Span };

export function unknown(span: Span): PyVal {
  return { t: 'unknown', span };
}

export function newDict(span: Span, literalSpan?: Span): PyDict {
  const d: PyDict = { t: 'dict', span, items: new Map(), partial: false };
  if (literalSpan) d.literalSpan = literalSpan;
  return d;
}

/** A shallow copy (`dict(a)`, `a.copy()`, `{**a}`), entries keep their origin spans. */
export function copyDict(src: PyDict, span: Span, origin?: EntryOrigin): PyDict {
  const d = newDict(span);
  d.partial = src.partial;
  for (const [k, it] of src.items) d.items.set(k, origin ? { ...it, origin: it.origin === 'literal' ? origin : it.origin } : { ...it });
  return d;
}

/** Python's `str()` of a value, when it is known. */
export function pyStr(v: PyVal): string | undefined {
  switch (v.t) {
    case 'str':
      return v.v;
    case 'int':
      return String(v.v);
    case 'float':
      return Number.isInteger(v.v) ? `${v.v}.0` : String(v.v);
    case 'bool':
      return v.v ? 'True' : 'False';
    case 'none':
      return 'None';
    default:
      return undefined;
  }
}

/** Python truthiness, undefined when unknown. */
export function truthy(v: PyVal): boolean | undefined {
  switch (v.t) {
    case 'int':
    case 'float':
    case 'bool':
      return Boolean(v.v);
    case 'str':
      return v.v.length > 0;
    case 'none':
      return false;
    case 'list':
      return v.items.length > 0;
    case 'dict':
      return v.partial ? undefined : v.items.size > 0;
    default:
      return undefined;
  }
}

/** Numeric view (bool counts as int, as in Python). */
export function num(v: PyVal): number | undefined {
  if (v.t === 'int' || v.t === 'float') return v.v;
  if (v.t === 'bool') return v.v ? 1 : 0;
  return undefined;
}

/** Largest number of items a comprehension or `range` may produce before we give up (partial). */
export const MAX_ITEMS = MAX_EVAL_ITEMS;

/** A value usable as a dict key here (strings and ints), else undefined. */
export function dictKey(v: PyVal): string | number | undefined {
  if (v.t === 'str') return v.v;
  if (v.t === 'int') return v.v;
  if (v.t === 'bool') return v.v ? 1 : 0;
  return undefined;
}
