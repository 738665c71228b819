/**
 * Runs every rule over the maps a document holds. A rule that throws on a
 * strange map loses only its own findings: the engine never throws outward.
 */
import type { DocumentFacts } from '../text/types';
import type { AnalysisEnv, Finding, SourceDocument } from './api';
import { buildContext, safeLookup, type RuleContext } from './context';
import { mapMemoKey, recall, remember, type MapFinding } from './mapMemo';
import { RULES } from './rules/index';
import { problemFindings } from './problems';
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

/** Every rule over one map. */
function runRules(ctx: RuleContext): MapFinding[] {
  const out: MapFinding[] = [];
  for (const [code, rule] of RULES) {
    try {
      for (const finding of rule(ctx)) out.push({ finding, internal: false });
    } catch (e) {
      // Surface the bug as a hint rather than crash every other rule.
      out.push({ internal: true, finding: {
        code,
        severity: 'hint',
        start: ctx.map.span.start,
        end: ctx.map.span.end,
        message: `internal error while checking ${code}: ${e instanceof Error ? e.message : String(e)}`,
      } });
    }
  }
  return out;
}

export function analyzeFacts(doc: SourceDocument, facts: DocumentFacts, env: AnalysisEnv): Finding[] {
  const findings: Finding[] = [];
  const leading = doc.text.search(/\S/);
  let pending = false;
  facts.maps.forEach((map, mapIndex) => {
    if (!map.reachesModel) return;
    const lookup = safeLookup(env, map, doc.fileName);
    if (lookup.status === 'pending') pending = true;
    // A map whose text and inputs did not change since the last lint keeps its findings (mapMemo.ts).
    const key = mapMemoKey(doc, facts, env, map, lookup, leading);
    let mine = recall(env.setup, key);
    if (!mine) {
      mine = runRules(buildContext(doc, env, facts, map, mapIndex));
      remember(env.setup, key, mine);
    }
    // Every finding remembers its map, so a quick fix can act without re-locating it.
    for (const { finding: f, internal } of mine) findings.push(internal ? f : { ...f, data: { ...(f.data as object | undefined), mapIndex } });
  });
  try {
    // Keys written twice and other parse problems the finder reports (no DM code: a plain tag).
    findings.push(...problemFindings(doc, facts));
  } catch {
    /* never worth losing the rules' findings over */
  }
  // Configured severities first ("off" drops a code), then the file's suppression comments, so an
  // `ignore[DM009]` for a code the config turned off is reported unused, as ruff does.
  // While a model still resolves its structural findings are not known yet: no "unused" reports then.
  const final = applySuppressions(doc, applyRuleSeverities(findings, env.rules), { reportUnused: !pending });
  return final.sort((a, b) => a.start - b.start || a.code.localeCompare(b.code));
}
