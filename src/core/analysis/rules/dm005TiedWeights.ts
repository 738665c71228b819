/** DM005: tied weights (one tensor, two names) placed on different devices; the first forward fails (transformers 4 also warned at load). */
import { governingKey } from '../../models/assign';
import type { Device } from '../../base/devices';
import { setDevices } from '../../text/edits/index';
import type { DeviceMapEntry } from '../../text/types';
import type { Finding } from '../api';
import { deviceLabel } from '../format';
import { action, dataOf } from '../fixes/fixContext';
import { defineRule } from './unit';

const SAME_DEVICE = 'RuntimeError: Expected all tensors to be on the same device';

/** A device_map value as Python prints it inside a dict (`0`, `'cuda:1'`), for the dict transformers 4 prints. */
const pyValue = (e: DeviceMapEntry): string => (typeof e.value.literal === 'string' ? `'${e.value.literal}'` : e.value.raw);

export const dm005 = defineRule({
  code: 'DM005',
  severity: 'error',
  title: 'tied weights on different devices',
  messages: {
    split:
      '{tied} and its tied {source} are on two devices; the forward fails. "{tiedKey}" is on {tiedDevice} and "{sourceKey}" on {sourceDevice}. ' +
      'They are one shared tensor: transformers loads it on {tiedDevice}, then torch raises "{error}".',
    splitV4:
      '{tied} and its tied {source} are on two devices; the forward fails. "{tiedKey}" is on {tiedDevice} and "{sourceKey}" on {sourceDevice}. ' +
      'transformers 4 warns at load "Tied parameters are on different devices: {placement}. ' +
      'Please modify your custom device map or set `device_map=\'auto\'`." and then torch raises "{error}".',
    source: '{source} is placed here, on {device}',
    move: 'Move "{tiedKey}" to {device} with its tied "{sourceKey}"',
  },
  docs: {
    catches:
      'Tied weights (one tensor under two names, such as `lm_head.weight` and `model.embed_tokens.weight` when `tie_word_embeddings` is true) whose keys send them to different devices.',
    why:
      'Loads (the shared tensor lands on one device), then fails **at the first forward pass** with ' +
      `\`${SAME_DEVICE}\`. transformers 4 also warned at load: \`Tied parameters are on different devices: {...}. Please modify your custom device map or set \`device_map='auto'\`.\``,
    example: {
      language: 'python',
      code: '# tie_word_embeddings=True\ndevice_map = {"model.embed_tokens": 0, "model.layers": 0, "model.norm": 1, "lm_head": 1}',
    },
    fix: "Put the tied module next to its source, as transformers itself places them (quick fix: moves the tied key to the source's device).",
  },
  check(ctx, say) {
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
      const values = {
        tied,
        source,
        tiedKey: tk,
        sourceKey: sk,
        tiedDevice: deviceLabel(td),
        sourceDevice: deviceLabel(sd),
        error: SAME_DEVICE,
      };
      const extras = {
        related: [{ span: se.entrySpan, message: say.text('source', { source, device: deviceLabel(sd) }) }],
        data: { tiedKey: tk, sourceKey: sk, device: sd },
      };
      out.push(
        ctx.tree.transformers === 4
          ? say.finding(
              te.entrySpan,
              'splitV4',
              { ...values, placement: `{'${tied}': ${pyValue(te)}, '${source}': ${pyValue(se)}}` },
              extras,
            )
          : say.finding(te.entrySpan, 'split', values, extras),
      );
    }
    return out;
  },
  fixes: [
    ({ finding, ctx }, say) => {
      const d = dataOf<{ tiedKey: string; sourceKey: string; device: Device }>(finding);
      if (d.tiedKey === undefined || d.device === undefined || d.sourceKey === undefined) return [];
      return action(
        say.text('move', { tiedKey: d.tiedKey, device: deviceLabel(d.device), sourceKey: d.sourceKey }),
        ['DM005'],
        setDevices(ctx.doc, ctx.map, new Map([[d.tiedKey, d.device]])),
        true,
      );
    },
  ],
});
