/**
 * The status bar's figure: the busiest card of the map under the cursor, over
 * the step the settings ask for. The same `estimateSummary` the CodeLens and
 * the hover show and DM011 reads; weights plus CUDA context when the estimate
 * cannot be made.
 */
import type { Device } from '../base/devices';
import type { ModelTree } from '../models/tree';
import type { FoundDeviceMap } from '../text/types';
import type { DeviceEstimate, EstimateMode } from '../memory/estimateTypes';
import type { MachineSetup } from '../settings';
import type { AnalysisEnv, SourceDocument } from './api';
import { factsOf } from './analyze';
import { bytes } from './format';
import { describeMode, estimateModeOf } from './estimateChoice';
import { cardLine, estimateSummary } from './perCard';
import { sizeOptionsOf } from './context';
import { estimateSay } from './estimateWords';

/** The busiest card of one map. */
export interface StatusPeak {
  /** `cuda:1`, `cpu`... */
  readonly device: string;
  readonly bytes: number;
  /** Capacity of that card when the GPU setting knows it. */
  readonly capacity?: number;
  /** The step, then one line per card, for the tooltip. */
  readonly lines: readonly string[];
}

/** The map under the cursor, else the first map that reaches a model. */
function mapAt(maps: readonly FoundDeviceMap[], offset: number): FoundDeviceMap | undefined {
  const here = maps.find((m) => (m.callSpan ?? m.span).start <= offset && offset <= (m.callSpan ?? m.span).end);
  return here ?? maps.find((m) => m.reachesModel && m.kind === 'dict') ?? maps[0];
}

/** The last answer per parsed document: moving the cursor inside one map costs nothing. */
const lastPeak = new WeakMap<object, { map: FoundDeviceMap; mode: string; setup: object; tree: object; peak: StatusPeak | undefined }>();

export function statusPeak(doc: SourceDocument, offset: number, env: AnalysisEnv): StatusPeak | undefined {
  const facts = factsOf(doc);
  const map = mapAt(facts.maps, offset);
  if (!map || map.kind !== 'dict') return undefined;
  const lookup = env.lookupModel(map.model, doc.fileName);
  if (lookup.status !== 'ok') return undefined;
  const mode = estimateModeOf(env, facts);
  const modeKey = JSON.stringify(mode);
  const hit = lastPeak.get(facts);
  if (hit && hit.map === map && hit.mode === modeKey && hit.setup === env.setup && hit.tree === lookup.tree) return hit.peak;
  const peak = summarise(map, lookup.tree, env.setup, mode);
  lastPeak.set(facts, { map, mode: modeKey, setup: env.setup, tree: lookup.tree, peak });
  return peak;
}

function summarise(map: FoundDeviceMap, tree: ModelTree, setup: MachineSetup, mode: EstimateMode): StatusPeak | undefined {
  const devices = new Map<string, Device>();
  for (const e of map.entries) if (e.value.device !== undefined) devices.set(e.key, e.value.device);
  const summary = estimateSummary(tree, devices, setup, mode, sizeOptionsOf(map));
  const peak = summary.peak;
  if (!peak) return undefined;
  const gpus = summary.cards.filter((c) => typeof c.device === 'number');
  return {
    device: peak.label,
    bytes: peak.total,
    ...(peak.capacity !== undefined ? { capacity: peak.capacity } : {}),
    lines: summary.mode
      ? [
          `${describeMode(summary.mode)}:`,
          ...gpus.map((c) => `${cardLine(c)}${c.parts ? ` (${partsText(c.parts, summary.mode?.kind === 'train-full')})` : ''}`),
        ]
      : [estimateSay.text('weightsAndContext', {}), ...summary.cards.map(cardLine)],
  };
}

function partsText(e: DeviceEstimate, fullTraining: boolean): string {
  return [
    estimateSay.text('partWeights', { bytes: bytes(e.weights) }),
    ...(e.kv_cache ? [estimateSay.text('partKv', { bytes: bytes(e.kv_cache) })] : []),
    ...(e.activations ? [estimateSay.text('partActivations', { bytes: bytes(e.activations) })] : []),
    // Full fine-tuning's training state is gradients and AdamW states of every weight, not LoRA adapters.
    ...(e.training ? [estimateSay.text(fullTraining ? 'partTraining' : 'partLora', { bytes: bytes(e.training) })] : []),
    estimateSay.text('partContext', { bytes: bytes(e.context) }),
  ].join(', ');
}
