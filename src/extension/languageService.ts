/**
 * Binds the engine's analysis functions (src/core/analysis) to the
 * extension's LanguageService interface. The only file that knows their names.
 */
import { analyzeDocument, cardLine, codeActionsFor, codeLenses, completeAt, factsOf, hoverAt, perCardSummary } from '../core/analysis/index';
import type { AnalysisEnv, SourceDocument } from '../core/analysis/api';
import type { Device } from '../core/placement/devices';
import type { ModelTree } from '../core/models/tree';
import type { FoundDeviceMap } from '../core/text/types';
import type { LanguageService, PeakCard } from './engine';
import { guardedService } from './engine';

/** The map under the cursor, else the first map that reaches a model. */
function mapAt(maps: readonly FoundDeviceMap[], offset: number): FoundDeviceMap | undefined {
  const here = maps.find((m) => (m.callSpan ?? m.span).start <= offset && offset <= (m.callSpan ?? m.span).end);
  return here ?? maps.find((m) => m.reachesModel && m.kind === 'dict') ?? maps[0];
}

/** The last summary per parsed document: moving the cursor inside one map costs nothing. */
const lastPeak = new WeakMap<object, { map: FoundDeviceMap; setup: object; tree: object; peak: PeakCard | undefined }>();

function peakCard(doc: SourceDocument, offset: number, env: AnalysisEnv): PeakCard | undefined {
  const facts = factsOf(doc);
  const map = mapAt(facts.maps, offset);
  if (!map || map.kind !== 'dict') return undefined;
  const lookup = env.lookupModel(map.model, doc.fileName);
  if (lookup.status !== 'ok') return undefined;
  const hit = lastPeak.get(facts);
  if (hit && hit.map === map && hit.setup === env.setup && hit.tree === lookup.tree) return hit.peak;
  const peak = summarise(map, lookup.tree, env);
  lastPeak.set(facts, { map, setup: env.setup, tree: lookup.tree, peak });
  return peak;
}

function summarise(map: FoundDeviceMap, tree: ModelTree, env: AnalysisEnv): PeakCard | undefined {
  const devices = new Map<string, Device>();
  for (const e of map.entries) if (e.value.device !== undefined) devices.set(e.key, e.value.device);
  const summary = perCardSummary(tree, devices, env.setup, {
    ...(map.dtype ? { dtype: map.dtype } : {}),
    ...(map.quantization ? { quantization: map.quantization } : {}),
  });
  const peak = summary.peak;
  if (!peak) return undefined;
  return {
    device: peak.label,
    bytes: peak.total,
    ...(peak.capacity !== undefined ? { capacity: peak.capacity } : {}),
    lines: summary.cards.map(cardLine),
  };
}

export function createLanguageService(): LanguageService {
  return guardedService({
    findings: (doc, env) => analyzeDocument(doc, env).findings,
    completions: completeAt,
    hover: hoverAt,
    codeActions: codeActionsFor,
    lenses: codeLenses,
    peakCard,
  });
}
