/**
 * Quick fixes from each finding's rule unit, plus the "expand strategy" refactoring.
 * Each action is one minimal edit from the text edit functions (style kept);
 * applying it and re-analysing clears the code it fixes. A finding's fixes are
 * offered on the finding and on each of its related locations.
 */
import type { Span } from '../text/types';
import type { AnalysisEnv, CodeAction, Finding, SourceDocument } from './api';
import { factsOf } from './analyze';
import { buildContext, type RuleContext } from './context';
import { expandStrategyAction } from './fixes/expandStrategy';
import { RULE_BY_CODE } from './rules/index';
import { sayFor } from './rules/unit';
import { ignoreLineAction } from './fixes/ignoreLine';

function overlaps(a: Span, f: { start: number; end: number }): boolean {
  return f.start <= a.end && a.start <= f.end;
}

/** The finding itself, or one of the places it names, is under the cursor or selection. */
export function findingTouches(range: Span, f: Finding): boolean {
  return overlaps(range, f) || (f.related ?? []).some((r) => overlaps(range, r.span));
}

export function codeActionsFor(doc: SourceDocument, range: Span, findings: readonly Finding[], env: AnalysisEnv): CodeAction[] {
  const facts = factsOf(doc);
  const contexts = new Map<number, RuleContext>();
  const ctxFor = (i: number): RuleContext | undefined => {
    const map = facts.maps[i];
    if (!map) return undefined;
    let c = contexts.get(i);
    if (!c) contexts.set(i, (c = buildContext(doc, env, facts, map, i)));
    return c;
  };
  const out: CodeAction[] = [];
  const titles = new Set<string>();
  const push = (a: CodeAction): void => {
    if (titles.has(a.title)) return; // one rebalance per strategy even when several findings ask for it
    titles.add(a.title);
    out.push(a);
  };
  for (const f of findings) {
    if (!findingTouches(range, f)) continue;
    const unit = RULE_BY_CODE.get(f.code);
    const mapIndex = (f.data as { mapIndex?: number } | undefined)?.mapIndex;
    if (!unit?.fixes || mapIndex === undefined) continue;
    const ctx = ctxFor(mapIndex);
    if (!ctx) continue;
    const say = sayFor(unit);
    for (const fix of unit.fixes) {
      try {
        fix({ finding: f, ctx }, say).forEach(push);
      } catch {
        // A fix that cannot be computed is simply not offered.
      }
    }
  }
  // Last, after the real fixes: silence the finding on its line (a comment the pipeline honours).
  for (const f of findings) {
    if (!overlaps(range, f)) continue;
    const a = ignoreLineAction(doc, f);
    if (a) push(a);
  }
  // The refactoring is offered wherever the cursor is on a strategy string.
  facts.maps.forEach((m, i) => {
    if (m.kind !== 'dict' && m.value && overlaps(range, m.value.span)) {
      const ctx = ctxFor(i);
      if (ctx) expandStrategyAction(ctx).forEach(push);
    }
  });
  return out;
}
