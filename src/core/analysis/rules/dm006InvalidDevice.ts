/** DM006: a device value torch rejects (`"gpu0"`, `-1`, `1.0`) or that cannot run (`"meta"`); platform mismatches warn. */
import type { Finding } from '../api';
import { deviceProblem, parseTorchDevice, platformMismatch } from '../deviceCheck';
import type { DeviceValue } from '../../text/types';
import { action, dataOf } from '../fixes/fixContext';
import { defineRule } from './unit';

export const dm006 = defineRule({
  code: 'DM006',
  severity: 'error',
  title: 'invalid device value: unparsable string, negative int, float, `"meta"` (a warning for another accelerator\'s device)',
  messages: {
    atLoad: '{where}: {raw} is not a usable device, so loading fails. In detail, {problem}',
    atForward: '{where}: {raw} is not a usable device, so the first forward pass fails. In detail, {problem}',
    platform: '{where}: {raw} is not a {accelerator} device, so loading fails on these cards. In detail, {problem}',
    writeInt: 'Write {raw} as {value}',
  },
  docs: {
    catches:
      'A device value torch cannot parse (`"gpu0"`, `"cuda0"`), a negative index, a float (`1.0`), `"meta"`, ' +
      'or (as a warning) a device of another accelerator than the workspace\'s (`"mps"` on CUDA cards).',
    why:
      "Most fail **at load**, with the error torch gives for the value: `RuntimeError: Invalid device string: 'gpu0'`, " +
      '`TypeError: device() received an invalid combination of arguments - got (float), …`. `"meta"` loads but leaves the weights empty, so the ' +
      '**first forward pass** raises `NotImplementedError: Cannot copy out of meta tensor; no data!`.',
    example: { language: 'python', code: 'device_map = {"model": "gpu0", "lm_head": 1.0}' },
    fix: 'Write GPUs as ints (`0`) or `"cuda:0"`, offload as `"cpu"`/`"disk"`. A float such as `1.0` has a quick fix to `1`.',
  },
  check(ctx, say) {
    const values: Array<{ value: DeviceValue; key?: string }> = ctx.map.entries.map((e) => ({ value: e.value, key: e.key }));
    // A top-level value too; strings torch cannot parse are DM008's (transformers reads them as strategies).
    const top = ctx.map.value;
    if (top && ctx.map.kind !== 'dict' && (typeof top.literal !== 'string' || parseTorchDevice(top.literal))) values.push({ value: top });
    const out: Finding[] = [];
    for (const { value, key } of values) {
      const where = key === undefined ? 'device_map' : `"${key}"`;
      const problem = deviceProblem(value);
      if (problem) {
        out.push(
          say.finding(
            value.span,
            problem.when === 'forward' ? 'atForward' : 'atLoad',
            { where, raw: value.raw, problem: problem.message },
            { data: { key } },
          ),
        );
        continue;
      }
      const platform = platformMismatch(value, ctx.env.setup);
      if (platform)
        out.push(
          say.finding(
            value.span,
            'platform',
            { where, raw: value.raw, accelerator: ctx.env.setup.accelerator, problem: platform },
            { severity: 'warning', data: { key } },
          ),
        );
    }
    return out;
  },
  fixes: [
    ({ finding, ctx }, say) => {
      const key = dataOf<{ key: string }>(finding).key;
      const e = key !== undefined ? ctx.entryByKey.get(key) : undefined;
      const v = e?.value ?? ctx.map.value;
      if (!v || typeof v.literal !== 'number' || !Number.isInteger(v.literal) || v.literal < 0 || v.span.start !== finding.start) return [];
      return action(
        say.text('writeInt', { raw: v.raw, value: v.literal }),
        ['DM006'],
        [{ offset: v.span.start, length: v.span.end - v.span.start, text: String(v.literal) }],
        true,
      );
    },
  ],
});
