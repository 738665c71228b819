/**
 * DM012: the file trains and the main card (where the inputs, LoRA adapters,
 * optimizer state, loss and logits live) keeps less free memory than the
 * configured reserve (SPEC §5: 4-6 GiB). It loads; the first steps may not fit.
 */
import type { Finding } from '../api';
import type { RuleContext } from '../context';
import { finding, mapAnchor } from '../finding';
import { bytes, deviceLabel } from '../format';
import { cardUsage, peakUsage } from '../usage';
import { describeMode, estimateModeOf } from '../estimateChoice';

export function dm012TrainingReserve(ctx: RuleContext): Finding[] {
  if (!ctx.facts.trains || ctx.map.kind !== 'dict') return [];
  const main = cardUsage(ctx)[0];
  if (!main || main.capacity === undefined) return [];
  // Over capacity is DM011's error; this warning is about the margin.
  if (main.total > main.capacity) return [];
  const free = main.capacity - main.total;
  const reserve = ctx.env.setup.trainingReserve;
  if (free >= reserve) return [];
  const first = [...ctx.devices].find(([, d]) => d === main.device);
  const entry = first ? ctx.entryByKey.get(first[0]) : undefined;
  // The same step estimate DM011, the CodeLens and the hover show, for scale (the reserve is measured against loading).
  const step = peakUsage(ctx).find((c) => c.device === main.device);
  const stepNote = step && step.total !== main.total ? `; the estimate of ${describeMode(estimateModeOf(ctx.env, ctx.facts))} peaks at about ${bytes(step.total)} there` : '';
  return [
    finding(
      'DM012',
      entry ? entry.entrySpan : mapAnchor(ctx),
      `this file trains, and ${deviceLabel(main.device)} (the main card: inputs, LoRA adapters, optimizer state, loss and logits live there) ` +
        `keeps only ${bytes(free)} free of ${bytes(main.capacity)} after ${main.breakdown}; keep at least ${bytes(reserve)} free ` +
        `or the first training steps run out of memory${stepNote}. Move about ${bytes(reserve - free)} of blocks to the other cards`,
      { data: { device: main.device, free, reserve } },
    ),
  ];
}
