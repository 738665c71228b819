/** `planSetup` and `previewSetup`: the setup's entry points for every face. */
import { alternativesFor } from './alternatives';
import { evaluate } from './evaluate';
import { setupFiles } from './files/index';
import { perCardLine } from './perCard';
import { loraTargetsOf } from './loraTargets';
import { setupSay } from './messages';
import { inEnglish } from '../base/messages';
import { SETUP_STRATEGIES, type PlanSetupOptions, type SetupPlan, type SetupPreviewChoice, type SetupRequest } from './types';

export function planSetup(request: SetupRequest, options: PlanSetupOptions = {}): SetupPlan {
  const e = evaluate(request);
  const r = e.request;
  const loraTargets = r.task === 'lora' || r.task === 'qlora' ? loraTargetsOf(r.model.tree) : [];
  const notes: string[] = [];
  if (r.processes > 1 && r.layout === 'data-parallel' && r.strategy !== 'studio')
    notes.push(setupSay.text('noteDataParallel', { strategy: r.strategy }));
  const oneCardEach = e.ranks.every((k) => new Set([...k.deviceMap.values()].filter((d) => typeof d === 'number')).size === 1);
  if (e.fits && r.processes > 1 && r.layout === 'hybrid' && oneCardEach) notes.push(setupSay.text('noteOneCardEach', {}));
  if (e.offloaded.length > 0 && e.fits) notes.push(setupSay.text('noteOffloaded', { count: e.offloaded.length }));
  const core = {
    request: r,
    ...(e.mode ? { mode: e.mode } : {}),
    ...(e.quantization ? { quantization: e.quantization } : {}),
    ranks: e.ranks,
    map: e.ranks[0]?.deviceMap ?? new Map(),
    perCard: e.perCard,
    fits: e.fits,
    ...(e.limits ? { limits: e.limits } : {}),
    alternatives: e.fits ? [] : alternativesFor(request),
    loraTargets,
    notes,
  };
  const writable = core.ranks.length > 0 && core.ranks.every((k) => k.deviceMap.size > 0);
  return { ...core, files: (e.fits || options.force) && writable ? inEnglish(() => setupFiles(core)) : [] };
}

/** Every placement choice (our planner and transformers' four strategies) with its per-card estimate, for a picker. */
export function previewSetup(request: SetupRequest): SetupPreviewChoice[] {
  return SETUP_STRATEGIES.map((strategy) => {
    const e = evaluate({ ...request, strategy });
    const summary = e.perCard.length > 0 ? perCardLine(e.perCard) : (e.limits?.message ?? '');
    return { strategy, perCard: e.perCard, fits: e.fits, offloaded: e.offloaded, summary };
  });
}
