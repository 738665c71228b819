/**
 * Runs every rule unit over the maps a document holds (and the document-wide
 * units over its parse problems). A rule that throws on a strange map loses only
 * its own findings: the engine never throws outward.
 */
import type { DocumentFacts } from '../text/types';
import type { AnalysisEnv, Finding, SourceDocument } from './api';
import { buildContext, safeLookup, type RuleContext } from './context';
import { documentMemoKey, mapMemoKey, recall, remember, type MapFinding } from './mapMemo';
import { RULES } from './rules/index';
import { sayFor } from './rules/unit';
import { engineSay } from './engineMessages';
import { applyRuleSeverities } from './ruleSeverities';
import { applySuppressions } from './suppression';
import { RULE_UNITS_PER_ENTRY, workMeter } from '../base/workMeter';

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
  return {
    code,
    severity: 'hint',
    start: span.start,
    end: span.end,
    message: engineSay.text('internalError', { code, error: e instanceof Error ? e.message : String(e) }),
  };
}

/** Every map-level rule unit over one map. */
function runRules(ctx: RuleContext): MapFinding[] {
  const out: MapFinding[] = [];
  for (const unit of RULES) {
    if (!unit.check) continue;
    try {
      for (const finding of unit.check(ctx, sayFor(unit))) out.push({ finding, internal: false });
    } catch (e) {
      out.push({ internal: true, finding: internalError(unit.code, ctx.map.span, e) });
    }
  }
  return out;
}

/** The document-wide units (keys written twice, other parse problems): cheap, so outside the memo. */
function documentFindings(doc: SourceDocument, facts: DocumentFacts): Finding[] {
  const out: Finding[] = [];
  for (const unit of RULES) {
    if (!unit.checkDocument) continue;
    try {
      out.push(...unit.checkDocument(doc, facts, sayFor(unit)));
    } catch (e) {
      out.push(internalError(unit.code, { start: 0, end: 0 }, e));
    }
  }
  return out;
}

export function analyzeFacts(doc: SourceDocument, facts: DocumentFacts, env: AnalysisEnv): Finding[] {
  const findings: Finding[] = [];
  const leading = doc.text.search(/\S/);
  let pending = false;
  const documentKey = documentMemoKey(doc, facts, env);
  facts.maps.forEach((map, mapIndex) => {
    if (!map.reachesModel) return;
    const lookup = safeLookup(env, map, doc.fileName);
    if (lookup.status === 'pending') pending = true;
    // A map whose text and inputs did not change since the last lint keeps its findings (mapMemo.ts).
    const key = mapMemoKey(doc, documentKey, map, lookup, leading);
    let mine = recall(env.setup, key);
    if (!mine) {
      workMeter.units += (map.entries.length + 1) * RULE_UNITS_PER_ENTRY;
      mine = runRules(buildContext(doc, env, facts, map, mapIndex));
      remember(env.setup, key, mine);
    }
    // Every finding remembers its map, so a quick fix can act without re-locating it.
    for (const { finding: f, internal } of mine)
      findings.push(internal ? f : { ...f, data: { ...(f.data as object | undefined), mapIndex } });
  });
  findings.push(...documentFindings(doc, facts));
  // Configured severities first ("off" drops a code), then the file's suppression comments, so an
  // `ignore[DM009]` for a code the config turned off is reported unused, as ruff does.
  // While a model still resolves its structural findings are not known yet: no "unused" reports then.
  const final = applySuppressions(doc, applyRuleSeverities(findings, env.rules), { reportUnused: !pending });
  return final.sort((a, b) => a.start - b.start || a.code.localeCompare(b.code));
}
