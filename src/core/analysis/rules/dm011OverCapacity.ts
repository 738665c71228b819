/** DM011: a card's estimated memory exceeds its capacity; loading (or the first step) runs out of memory. */
import type { Finding } from '../api';
import type { RuleContext } from '../context';
import { finding, mapAnchor, relatedEntries } from '../finding';
import { bytes, deviceLabel } from '../format';
import { peakUsage } from '../usage';

export function dm011OverCapacity(ctx: RuleContext): Finding[] {
  const out: Finding[] = [];
  for (const card of peakUsage(ctx)) {
    if (card.capacity === undefined || card.total <= card.capacity) continue;
    const keys = [...ctx.devices].filter(([, d]) => d === card.device).map(([k]) => k);
    const first = keys.map((k) => ctx.entryByKey.get(k)).find((e) => e !== undefined);
    out.push(
      finding(
        'DM011',
        first ? first.entrySpan : mapAnchor(ctx),
        `${deviceLabel(card.device)} needs about ${bytes(card.total)} (${card.breakdown}) but the ${card.gpuName} has ${bytes(card.capacity)}: ` +
          `it runs out of memory (torch.OutOfMemoryError: CUDA out of memory). Move about ${bytes(card.total - card.capacity)} to another card`,
        {
          related: relatedEntries(ctx, keys.slice(1), (k) => `"${k}" is also on ${deviceLabel(card.device)}`),
          data: { device: card.device, total: card.total, capacity: card.capacity },
        },
      ),
    );
  }
  return out;
}
