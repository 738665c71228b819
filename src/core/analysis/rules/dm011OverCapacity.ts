/** DM011: a card's estimated memory exceeds its capacity; loading (or the first step) runs out of memory. */
import type { Finding } from '../api';
import { mapAnchor, relatedEntries } from '../finding';
import { bytes, deviceLabel } from '../format';
import { peakUsage } from '../usage';
import { rebalance } from '../fixes/rebalance';
import { defineRule } from './unit';

export const dm011 = defineRule({
  code: 'DM011',
  severity: 'error',
  title: "estimated memory exceeds a card's capacity",
  messages: {
    over:
      '{device} needs about {total} but has {capacity}, so it runs out of memory. ' +
      'Card: {gpu}; estimate: {breakdown}. torch raises "torch.OutOfMemoryError: CUDA out of memory"; move about {excess} to another card.',
    alsoHere: '"{key}" is also on {device}',
  },
  docs: {
    catches:
      'A card whose estimated peak (weights at the effective dtype and quantization, CUDA context, and the KV cache, activations or training state of the ' +
      'step set in `deviceMapStudio.estimate.*`) exceeds its capacity. Silent when no GPUs are configured.',
    why: 'Fails **at load** when the weights alone do not fit, otherwise **at the first step** that reaches the peak: `torch.OutOfMemoryError: CUDA out of memory.`',
    example: {
      language: 'python',
      code: '# one 24 GiB card\nmodel = AutoModelForCausalLM.from_pretrained("meta-llama/Llama-2-13b-hf", device_map={"": 0}, dtype=torch.bfloat16)',
    },
    fix: 'Move blocks to a card with room, offload, or quantize. The rebalance quick fixes plan a map whose estimate fits every card.',
  },
  check(ctx, say) {
    const out: Finding[] = [];
    for (const card of peakUsage(ctx)) {
      if (card.capacity === undefined || card.total <= card.capacity) continue;
      const keys = [...ctx.devices].filter(([, d]) => d === card.device).map(([k]) => k);
      const first = keys.map((k) => ctx.entryByKey.get(k)).find((e) => e !== undefined);
      const device = deviceLabel(card.device);
      out.push(
        say.finding(
          first ? first.entrySpan : mapAnchor(ctx),
          'over',
          {
            device,
            total: bytes(card.total),
            gpu: card.gpuName,
            capacity: bytes(card.capacity),
            breakdown: card.breakdown,
            excess: bytes(card.total - card.capacity),
          },
          {
            related: relatedEntries(ctx, keys.slice(1), (k) => say.text('alsoHere', { key: k, device })),
            data: { device: card.device, total: card.total, capacity: card.capacity },
          },
        ),
      );
    }
    return out;
  },
  fixes: [rebalance],
});
