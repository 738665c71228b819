/** DM005: tied weights (one tensor, two names) placed on different devices; the first forward fails (transformers 4 also warned at load). */
import { governingKey } from '../../models/assign';
import type { DeviceMapEntry } from '../../text/types';
import type { Finding } from '../api';
import type { RuleContext } from '../context';
import { finding } from '../finding';
import { deviceLabel } from '../format';

/** A device_map value as Python prints it inside a dict (`0`, `'cuda:1'`). */
const pyValue = (e: DeviceMapEntry): string => (typeof e.value.literal === 'string' ? `'${e.value.literal}'` : e.value.raw);

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
        `${tied} is tied to ${source} (one shared tensor), but "${tk}" is on ${deviceLabel(td)} and "${sk}" on ${deviceLabel(sd)}: ` +
          (ctx.tree.transformers === 4
            ? `transformers 4 warns at load "Tied parameters are on different devices: {'${tied}': ${pyValue(te)}, '${source}': ${pyValue(se)}}. ` +
              `Please modify your custom device map or set \`device_map='auto'\`." and the first forward pass fails with RuntimeError: Expected all tensors to be on the same device`
            : `transformers loads the shared weight on ${deviceLabel(td)} and the first forward pass fails with RuntimeError: Expected all tensors to be on the same device`),
        {
          related: [{ span: se.entrySpan, message: `${source} is placed here, on ${deviceLabel(sd)}` }],
          data: { tiedKey: tk, sourceKey: sk, device: sd },
        },
      ),
    );
  }
  return out;
}
