/** DM017: one GPU written two ways (`0` and `"cuda:0"`): Python sees two values, transformers two devices. One finding per GPU. */
import { joinAnd } from '../format';
import type { Finding } from '../api';
import { spelledIdentity } from '../context';
import type { DeviceMapEntry, TextEdit } from '../../text/types';
import { action, dataOf } from '../fixes/fixContext';
import { defineRule } from './unit';

export const dm017 = defineRule({
  code: 'DM017',
  severity: 'warning',
  title: 'one device written two ways (`0` and `"cuda:0"`): counted as two devices',
  messages: {
    twoWays:
      'cuda:{device} is written both as {spellings}, so transformers counts two devices. It compares the values as written: coverage is then checked as for a ' +
      'multi-device map, and the layout reports two devices. Write {main} everywhere.',
    writtenHere: 'written {raw} here',
    unify: 'Write cuda:{device} as {raw} everywhere',
  },
  docs: {
    catches: 'One GPU written two ways in one map (`0` and `"cuda:0"`, or `torch.device("cuda", 0)`).',
    why:
      'Never raises by itself: transformers compares the values as written (`set(device_map.values())`), so it counts two devices. ' +
      'A map that names one GPU two ways is then checked for coverage as a multi-device map (DM001 instead of DM018), and reports show two devices.',
    example: {
      language: 'python',
      code: 'device_map = {"model.embed_tokens": 0, "model.layers": "cuda:0", "model.norm": 0, "lm_head": 0}',
    },
    fix: 'Write each device one way. The quick fix rewrites every other spelling to the one most entries use.',
  },
  check(ctx, say) {
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
      // The spelling most entries use is the map's style; the others are one finding on their first use, the rest related.
      const ranked = [...spellings.values()].sort((a, b) => b.length - a.length);
      const main = ranked[0]![0]!;
      const others = ranked
        .slice(1)
        .flat()
        .sort((a, b) => a.value.span.start - b.value.span.start);
      const related = [
        { span: main.value.span, message: say.text('writtenHere', { raw: main.value.raw }) },
        ...others.slice(1).map((e) => ({ span: e.value.span, message: say.text('writtenHere', { raw: e.value.raw }) })),
      ];
      out.push(
        say.finding(
          others[0]!.value.span,
          'twoWays',
          { device, spellings: joinAnd(ranked.map((es) => es[0]!.value.raw)), main: main.value.raw },
          {
            related,
            data: { device, style: main.value.style, raw: main.value.raw },
          },
        ),
      );
    }
    return out;
  },
  fixes: [
    ({ finding, ctx }, say) => {
      const d = dataOf<{ device: number; raw: string }>(finding);
      if (d.device === undefined || d.raw === undefined) return [];
      // Every value of this device written otherwise, when it is written in place (not computed).
      const edits: TextEdit[] = [];
      for (const e of ctx.map.entries) {
        if (e.value.device !== d.device || e.value.raw === d.raw) continue;
        if (e.origin !== undefined && e.origin !== 'literal' && e.origin !== 'item' && e.origin !== 'update') continue;
        edits.push({ offset: e.value.span.start, length: e.value.span.end - e.value.span.start, text: d.raw });
      }
      return action(
        say.text('unify', { device: d.device, raw: d.raw }),
        ['DM017'],
        edits.sort((a, b) => a.offset - b.offset),
        true,
      );
    },
  ],
});
