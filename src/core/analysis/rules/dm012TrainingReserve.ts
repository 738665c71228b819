/**
 * DM012: the file trains and the main card (where the inputs, LoRA adapters,
 * optimizer state, loss and logits live) keeps less free memory than the
 * configured reserve (SPEC §5: 4-6 GiB). It loads; the first steps may not fit.
 */
import { mapAnchor } from '../finding';
import { bytes, deviceLabel } from '../format';
import { cardUsage, peakUsage } from '../usage';
import { describeMode, estimateModeOf } from '../estimateChoice';
import { rebalance } from '../fixes/rebalance';
import { defineRule } from './unit';

export const dm012 = defineRule({
  code: 'DM012',
  severity: 'warning',
  title: 'training, and the main card keeps less free memory than the configured reserve',
  messages: {
    reserve:
      '{device} keeps only {free} free for training; keep at least {reserve}. It is the main card (inputs, LoRA adapters, optimizer state, loss and logits live there): ' +
      'after {breakdown} of {capacity}, the first training steps may run out of memory. Move about {move} of blocks to the other cards.',
    reserveWithStep:
      '{device} keeps only {free} free for training; keep at least {reserve}. It is the main card (inputs, LoRA adapters, optimizer state, loss and logits live there): ' +
      'after {breakdown} of {capacity}, the first training steps may run out of memory; the estimate of {mode} peaks at about {step} there. Move about {move} of blocks to the other cards.',
  },
  docs: {
    catches:
      'A file that trains whose main card (cuda:0: inputs, LoRA adapters, optimizer state, loss and logits) keeps less free memory after loading than ' +
      '`deviceMapStudio.trainingReserveGiB` (default 5 GiB).',
    why: 'Loads; **the first training steps** may then run out of memory on the main card (`torch.OutOfMemoryError: CUDA out of memory.`), since everything besides the weights lands there.',
    example: {
      language: 'python',
      code: '# two 24 GiB cards, LoRA training\ndevice_map = {"model.embed_tokens": 0, "model.layers.0": 0, "...": 0, "model.layers.39": 1, "model.norm": 1, "lm_head": 1}',
    },
    fix: 'Move blocks from the main card to the others. The rebalance quick fixes keep the reserve free on cuda:0.',
  },
  check(ctx, say) {
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
    const span = entry ? entry.entrySpan : mapAnchor(ctx);
    const values = {
      device: deviceLabel(main.device),
      free: bytes(free),
      reserve: bytes(reserve),
      breakdown: main.breakdown,
      capacity: bytes(main.capacity),
      move: bytes(reserve - free),
    };
    const data = { data: { device: main.device, free, reserve } };
    // The same step estimate DM011, the CodeLens and the hover show, for scale (the reserve is measured against loading).
    const step = peakUsage(ctx).find((c) => c.device === main.device);
    if (step && step.total !== main.total) {
      return [
        say.finding(
          span,
          'reserveWithStep',
          { ...values, mode: describeMode(estimateModeOf(ctx.env, ctx.facts)), step: bytes(step.total) },
          data,
        ),
      ];
    }
    return [say.finding(span, 'reserve', values, data)];
  },
  fixes: [rebalance],
});
