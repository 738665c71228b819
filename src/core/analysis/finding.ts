/** Building findings with their unit's severity and spans kept inside the text. */
import type { Span } from '../text/types';
import type { Finding, Severity } from './api';
import type { RuleContext } from './context';

export interface FindingExtras {
  readonly severity?: Severity;
  readonly related?: Finding['related'];
  readonly data?: unknown;
}

/** Rules call this through their unit's `say.finding`, which fills the message from a template. */
export function finding(code: string, severity: Severity, span: Span, message: string, extras: FindingExtras = {}): Finding {
  return {
    code,
    severity: extras.severity ?? severity,
    start: span.start,
    end: Math.max(span.start, span.end),
    message,
    ...(extras.related && extras.related.length > 0 ? { related: extras.related } : {}),
    ...(extras.data !== undefined ? { data: extras.data } : {}),
  };
}

/** Where a finding about the whole map goes: the dict's opening line rather than all of it. */
export function mapAnchor(ctx: RuleContext): Span {
  const s = ctx.map.dictSpan ?? ctx.map.span;
  const text = ctx.doc.text;
  const nl = text.indexOf('\n', s.start);
  // A multi-line dict is marked on its first line only, so the squiggle does not cover a page.
  return { start: s.start, end: nl >= 0 && nl < s.end ? Math.max(s.start + 1, nl) : s.end };
}

/** `related` entries pointing at map entries. */
export function relatedEntries(ctx: RuleContext, keys: readonly string[], say: (key: string) => string): NonNullable<Finding['related']> {
  const out: Array<{ span: Span; message: string }> = [];
  for (const k of keys) {
    const e = ctx.entryByKey.get(k);
    if (e) out.push({ span: e.entrySpan, message: say(k) });
  }
  return out;
}
