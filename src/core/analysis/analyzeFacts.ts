/**
 * Runs every rule unit over the maps a document holds (and the document-wide
 * units over its parse problems). A rule that throws on a strange map loses only
 * its own findings: the engine never throws outward.
 */
import type { DocumentFacts } from '../text/types';
import type { AnalysisEnv, Finding, SourceDocument } from './api';
import { buildContext, type RuleContext } from './context';
import { RULES } from './rules/index';
import { sayFor } from './rules/unit';
import { engineSay } from './engineMessages';
import { applyRuleSeverities } from './ruleSeverities';
import { applySuppressions } from './suppression';

/** Contexts for the maps worth analysing (those that reach a model), with their index in `facts.maps`. */
export function mapContexts(doc: SourceDocument, facts: DocumentFacts, env: AnalysisEnv): RuleContext[] {
  const out: RuleContext[] = [];
  facts.maps.forEach((map, i) => {
    if (map.reachesModel) out.push(buildContext(doc, env, facts, map, i));
  });
  return out;
}

function internalError(code: string, span: { start: number; end: number }, e: unknown): Finding {
  // Surface the bug as a hint rather than crash every other rule.
  return { code, severity: 'hint', start: span.start, end: span.end, message: engineSay.text('internalError', { code, error: e instanceof Error ? e.message : String(e) }) };
}

export function analyzeFacts(doc: SourceDocument, facts: DocumentFacts, env: AnalysisEnv): Finding[] {
  const findings: Finding[] = [];
  const contexts = mapContexts(doc, facts, env);
  const pending = contexts.some((ctx) => ctx.lookup.status === 'pending');
  for (const unit of RULES) {
    const say = sayFor(unit);
    if (unit.checkDocument) {
      try {
        // Keys written twice and other parse problems the finder reports (plain tags, no DM code).
        findings.push(...unit.checkDocument(doc, facts, say));
      } catch (e) {
        findings.push(internalError(unit.code, { start: 0, end: 0 }, e));
      }
    }
    if (!unit.check) continue;
    for (const ctx of contexts) {
      try {
        // Every finding remembers its map, so a quick fix can act without re-locating it.
        for (const f of unit.check(ctx, say)) findings.push({ ...f, data: { ...(f.data as object | undefined), mapIndex: ctx.mapIndex } });
      } catch (e) {
        findings.push(internalError(unit.code, ctx.map.span, e));
      }
    }
  }
  // Configured severities first ("off" drops a code), then the file's suppression comments, so an
  // `ignore[DM009]` for a code the config turned off is reported unused, as ruff does.
  // While a model still resolves its structural findings are not known yet: no "unused" reports then.
  const final = applySuppressions(doc, applyRuleSeverities(findings, env.rules), { reportUnused: !pending });
  return final.sort((a, b) => a.start - b.start || a.code.localeCompare(b.code));
}
