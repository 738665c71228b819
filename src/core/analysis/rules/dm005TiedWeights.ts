/** DM005: tied weights (one tensor, two names) placed on different devices; the first forward fails. */
import { governingKey } from '../../placement/assign';
import type { Finding } from '../api';
import type { RuleContext } from '../context';
import { finding } from '../finding';
import { deviceText } from '../format';

export function dm005TiedWeights(ctx: RuleContext): Finding[] {
  if (!ctx.tree || ctx.map.kind !== 'dict') return [];
  const out: Finding[] = [];
  for (const [tied, source] of Object.entries(ctx.tree.tiedWeights)) {
    const tk = governingKey(tied, ctx.devices);
    const sk = governingKey(source, ctx.devices);
    if (tk === undefined || sk === undefined || tk === sk) continue;
    const td = ctx.devices.get(tk)!;
    const sd = ctx.devices.get(sk)!;
    if (td === sd) continue;
    const te = ctx.entryByKey.get(tk)!;
    const se = ctx.entryByKey.get(sk)!;
    out.push(
      finding(
        'DM005',
        te.entrySpan,
        `${tied} is tied to ${source} (one shared tensor), but "${tk}" is on ${deviceText(td)} and "${sk}" on ${deviceText(sd)}: ` +
          `transformers loads the shared weight on ${deviceText(td)} and the first forward pass fails with RuntimeError: Expected all tensors to be on the same device`,
        {
          related: [{ span: se.entrySpan, message: `${source} is placed here, on ${deviceText(sd)}` }],
          data: { tiedKey: tk, sourceKey: sk, device: sd },
        },
      ),
    );
  }
  return out;
}
