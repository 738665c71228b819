/** DM006: a device value torch rejects (`"gpu0"`, `-1`, `1.0`) or that cannot run (`"meta"`); platform mismatches warn. */
import type { Finding } from '../api';
import type { RuleContext } from '../context';
import { deviceProblem, parseTorchDevice, platformMismatch } from '../deviceCheck';
import { finding } from '../finding';
import type { DeviceValue } from '../../text/types';

export function dm006InvalidDevice(ctx: RuleContext): Finding[] {
  const values: Array<{ value: DeviceValue; key?: string }> = ctx.map.entries.map((e) => ({ value: e.value, key: e.key }));
  // A top-level value too; strings torch cannot parse are DM008's (transformers reads them as strategies).
  const top = ctx.map.value;
  if (top && ctx.map.kind !== 'dict' && (typeof top.literal !== 'string' || parseTorchDevice(top.literal))) values.push({ value: top });
  const out: Finding[] = [];
  for (const { value, key } of values) {
    const where = key === undefined ? 'device_map' : `"${key}"`;
    const problem = deviceProblem(value);
    if (problem) {
      out.push(finding('DM006', value.span, `${where}: ${value.raw} is not a usable device: ${problem.message}`, { data: { key } }));
      continue;
    }
    const platform = platformMismatch(value, ctx.env.setup);
    if (platform) out.push(finding('DM006', value.span, `${where}: ${value.raw}: ${platform}`, { severity: 'warning', data: { key } }));
  }
  return out;
}
