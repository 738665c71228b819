/**
 * The one way Device Map Studio's planner is called (issue 10): the rebalance
 * fix, the panel's planned preview and `device-map plan --strategy studio` all
 * ask here, so the same model, cards, map and step give the same plan.
 *
 * What a card needs besides weights comes from the memory estimate (`mapEstimate`,
 * the figures DM011 and the CodeLens show): the largest non-weight part (KV
 * cache + activations + training state + CUDA context) of any GPU of the current
 * map (or, with no current map, of the weights-only plan), kept free on every
 * card, plus the training reserve on card 0 when the run trains. Without a step
 * the plan fits weights only. Full fine-tuning's gradients and AdamW states grow
 * with the weights a card holds, so there each unit costs its weights × 4 and
 * the fixed part is what the estimate needs beyond that.
 */
import type { EstimateMode } from '../memory/estimateTypes';
import type { SizeOptions } from '../memory/moduleSizes';
import type { ModelTree } from '../models/tree';
import type { Device } from '../base/devices';
import { planDeviceMap, type PlanResult } from '../placement/planner/planner';
import type { MachineSetup } from '../settings';
import { FULL_TRAINING_COPIES } from '../memory/fullTraining';
import { mapEstimate } from './estimateChoice';

export interface PlanRequest {
  readonly tree: ModelTree;
  /** Capacity of each GPU (the cards the process sees), the CUDA context and the training reserve. */
  readonly setup: MachineSetup;
  readonly sizes: Pick<SizeOptions, 'dtype' | 'quantization'>;
  /** The step the map must fit; absent: weights only. */
  readonly mode?: EstimateMode;
  /** Keep `setup.trainingReserve` free on card 0 (also whenever the step is a LoRA step). */
  readonly trains: boolean;
  /** The map as it is now: its estimate gives the overhead, and the plan moves as little of it as it can. */
  readonly current?: ReadonlyMap<string, Device>;
  /** RAM that may take offloaded units (omit: none). */
  readonly cpu?: number;
  readonly disk?: boolean;
}

/** Bytes every GPU keeps free besides weights, for this request (0 without a step). */
export function plannerOverhead(req: PlanRequest): number {
  if (!req.mode) return 0;
  const base = req.current && req.current.size > 0 ? req.current : weightsOnlyPlan(req);
  if (!base || base.size === 0) return req.setup.contextBytes;
  const est = mapEstimate(req.tree, base, req.mode, req.setup, req.sizes.dtype, req.sizes.quantization);
  let most = req.setup.contextBytes;
  const perWeight = perWeightByte(req.mode);
  for (const [d, e] of est.devices) if (typeof d === 'number') most = Math.max(most, e.total - e.weights - perWeight * e.weights);
  return most;
}

/** Bytes a unit brings besides its weights, per weight byte: full fine-tuning's gradient and two AdamW states. */
function perWeightByte(mode: EstimateMode | undefined): number {
  return mode?.kind === 'train-full' ? FULL_TRAINING_COPIES : 0;
}

/** The plan for a request: the estimate's overhead on every GPU, the training reserve on card 0. */
export function planWithPolicy(req: PlanRequest): PlanResult {
  const overhead = plannerOverhead(req);
  const perWeight = perWeightByte(req.mode);
  const reserve =
    req.mode && (req.trains || req.mode.kind === 'train-lora' || req.mode.kind === 'train-full') ? req.setup.trainingReserve : 0;
  return planDeviceMap(req.tree, {
    ...req.sizes,
    gpus: req.setup.gpus.map((g) => g.memory),
    ...(req.cpu !== undefined ? { cpu: req.cpu } : {}),
    ...(req.disk ? { disk: true } : {}),
    ...(req.current && req.current.size > 0 ? { current: req.current } : {}),
    fixedOverhead: (d) => (typeof d === 'number' ? overhead + (d === 0 ? reserve : 0) : 0),
    ...(perWeight ? { unitOverhead: (u) => perWeight * u.bytes } : {}),
  });
}

/** Where the blocks would go on weights alone: the map whose estimate stands in when there is no current one. */
function weightsOnlyPlan(req: PlanRequest): ReadonlyMap<string, Device> | undefined {
  const plan = planDeviceMap(req.tree, {
    ...req.sizes,
    gpus: req.setup.gpus.map((g) => g.memory),
    ...(req.cpu !== undefined ? { cpu: req.cpu } : {}),
    ...(req.disk ? { disk: true } : {}),
  });
  return plan.fits ? plan.deviceMap : undefined;
}
