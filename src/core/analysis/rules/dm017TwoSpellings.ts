/** DM017: one GPU written two ways (`0` and `"cuda:0"`): Python sees two values, transformers two devices. */
import type { Finding } from '../api';
import type { RuleContext } from '../context';
import { spelledIdentity } from '../context';
import { finding } from '../finding';
import type { DeviceMapEntry } from '../../text/types';

export function dm017TwoSpellings(ctx: RuleContext): Finding[] {
  const byDevice = new Map<number, Map<string, DeviceMapEntry[]>>();
  for (const e of ctx.map.entries) {
    const id = spelledIdentity(e.value);
    if (id === undefined || typeof e.value.device !== 'number') continue;
    const spellings = byDevice.get(e.value.device) ?? new Map<string, DeviceMapEntry[]>();
    const list = spellings.get(id);
    if (list) list.push(e);
    else spellings.set(id, [e]);
    byDevice.set(e.value.device, spellings);
  }
  const out: Finding[] = [];
  for (const [device, spellings] of byDevice) {
    if (spellings.size < 2) continue;
    // The spelling most entries use is the map's style; the others are flagged.
    const ranked = [...spellings.values()].sort((a, b) => b.length - a.length);
    const main = ranked[0]!;
    const written = ranked.map((es) => es[0]!.value.raw).join(' and ');
    for (const es of ranked.slice(1)) {
      for (const e of es) {
        out.push(
          finding(
            'DM017',
            e.value.span,
            `cuda:${device} is written both as ${written}: transformers compares the values as written and counts two devices ` +
              `(coverage is then checked as for a multi-device map, and the layout reports two devices). Write ${main[0]!.value.raw} everywhere`,
            {
              related: [{ span: main[0]!.value.span, message: `written ${main[0]!.value.raw} here` }],
              data: { device, style: main[0]!.value.style, raw: main[0]!.value.raw },
            },
          ),
        );
      }
    }
  }
  return out;
}
