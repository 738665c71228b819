/**
 * Binds the engine's analysis functions (src/core/analysis) to the
 * extension's LanguageService interface. The only file that knows their names.
 */
import { analyzeDocument, cardLine, codeActionsFor, codeLenses, completeAt, factsOf, hoverAt, perCardSummary } from '../core/analysis/index';
import type { AnalysisEnv, SourceDocument } from '../core/analysis/api';
import type { Device } from '../core/placement/devices';
import type { ModelTree } from '../core/models/tree';
import type { DocumentFacts, FoundDeviceMap } from '../core/text/types';
import { estimateMemory } from '../core/memory/estimate';
import type { DeviceEstimate, EstimateMode } from '../core/memory/estimateTypes';
import { bytes, deviceText } from '../core/analysis/format';
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
  const peak = summarise(map, lookup.tree, env, facts);
  lastPeak.set(facts, { map, setup: env.setup, tree: lookup.tree, peak });
  return peak;
}

/**
 * Per-card peak of the step the settings ask for (the same estimate DM011 and the panel use),
 * falling back to weights plus CUDA context when the estimate cannot be made.
 */
function summarise(map: FoundDeviceMap, tree: ModelTree, env: AnalysisEnv, facts: DocumentFacts): PeakCard | undefined {
  const devices = new Map<string, Device>();
  for (const e of map.entries) if (e.value.device !== undefined) devices.set(e.key, e.value.device);
  const opts = { ...(map.dtype ? { dtype: map.dtype } : {}), ...(map.quantization ? { quantization: map.quantization } : {}) };
  const mode = env.estimateMode?.({ trains: facts.trains, ...(facts.loraRank !== undefined ? { loraRank: facts.loraRank } : {}), ...(facts.loraTargets ? { loraTargets: facts.loraTargets } : {}) });
  if (mode) {
    try {
      const est = estimateMemory(tree, devices, mode, { ...opts, context: { driverBytes: env.setup.contextBytes } });
      const cards = [...est.devices].filter(([d]) => typeof d === 'number').sort((a, b) => (a[0] as number) - (b[0] as number));
      const capacity = (d: Device) => (typeof d === 'number' ? env.setup.gpus[d]?.memory : undefined);
      const score = ([d, e]: [Device, DeviceEstimate]) => e.total / (capacity(d) ?? 2 ** 50);
      const top = cards.reduce<[Device, DeviceEstimate] | undefined>((a, b) => (!a || score(b) > score(a) ? b : a), undefined);
      if (top) {
        const cap = capacity(top[0]);
        return {
          device: deviceText(top[0]),
          bytes: top[1].total,
          ...(cap !== undefined ? { capacity: cap } : {}),
          lines: [
            `${describeMode(mode)}:`,
            ...cards.map(([d, e]) => `${deviceText(d)} ${bytes(e.total)}${capacity(d) !== undefined ? ` / ${bytes(capacity(d)!)}` : ''} (weights ${bytes(e.weights)}${e.kv_cache ? `, KV ${bytes(e.kv_cache)}` : ''}${e.activations ? `, activations ${bytes(e.activations)}` : ''}${e.training ? `, LoRA ${bytes(e.training)}` : ''}, context ${bytes(e.context)})`),
          ],
        };
      }
    } catch {
      /* fall back to weights + context below */
    }
  }
  const summary = perCardSummary(tree, devices, env.setup, opts);
  const peak = summary.peak;
  if (!peak) return undefined;
  return { device: peak.label, bytes: peak.total, ...(peak.capacity !== undefined ? { capacity: peak.capacity } : {}), lines: ['weights + CUDA context:', ...summary.cards.map(cardLine)] };
}

function describeMode(m: EstimateMode): string {
  switch (m.kind) {
    case 'load': return 'loading';
    case 'forward': return `a forward pass of ${m.batch} × ${m.seq} tokens`;
    case 'generate': return `generating ${m.newTokens} tokens after ${m.batch} × ${m.prompt}`;
    case 'train-lora': return `a LoRA step (r=${m.rank}) at ${m.batch} × ${m.seq} tokens`;
  }
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
