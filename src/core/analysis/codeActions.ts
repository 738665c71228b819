/**
 * Quick fixes keyed by diagnostic code, plus the "expand strategy" refactoring.
 * Each action is one minimal edit from the text edit functions (style kept);
 * applying it and re-analysing clears the code it fixes.
 */
import type { Span } from '../text/types';
import type { AnalysisEnv, CodeAction, Finding, SourceDocument } from './api';
import { factsOf } from './analyze';
import { DUPLICATE_KEY } from './problems';
import { buildContext, type RuleContext } from './context';
import { duplicateKeyActions } from './fixes/duplicateKey';
import { expandStrategyAction } from './fixes/expandStrategy';
import { fillMissing } from './fixes/fillMissing';
import { floatDevice, maxMemoryLiteral } from './fixes/literalFixes';
import type { Fix } from './fixes/fixContext';
import { mergeBlock } from './fixes/mergeBlock';
import { parentChild } from './fixes/parentChild';
import { rebalance } from './fixes/rebalance';
import { strategyTypo } from './fixes/strategyTypo';
import { tiedTogether } from './fixes/tiedTogether';
import { unifySpelling } from './fixes/unifySpelling';
import { unknownKey } from './fixes/unknownKey';
import { ignoreLineAction } from './fixes/ignoreLine';

const FIXES: Readonly<Record<string, readonly Fix[]>> = {
  DM001: [fillMissing],
  DM002: [unknownKey],
  DM003: [mergeBlock],
  DM004: [parentChild],
  DM005: [tiedTogether],
  DM006: [floatDevice],
  DM008: [strategyTypo],
  DM009: [rebalance],
  DM010: [rebalance],
  DM011: [rebalance],
  DM012: [rebalance],
  DM014: [maxMemoryLiteral],
  DM017: [unifySpelling],
  DM018: [fillMissing],
};

function overlaps(a: Span, f: { start: number; end: number }): boolean {
  return f.start <= a.end && a.start <= f.end;
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
    if (!overlaps(range, f)) continue;
    // A key written twice is a fact of the text alone: no model or rule context needed.
    if (f.code === DUPLICATE_KEY) duplicateKeyActions(doc, facts, f).forEach(push);
    const fixes = FIXES[f.code];
    const mapIndex = (f.data as { mapIndex?: number } | undefined)?.mapIndex;
    if (!fixes || mapIndex === undefined) continue;
    const ctx = ctxFor(mapIndex);
    if (!ctx) continue;
    for (const fix of fixes) {
      try {
        fix({ finding: f, ctx }).forEach(push);
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
