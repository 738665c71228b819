/** DM007: a GPU index past the cards the process sees; CUDA raises "invalid device ordinal" while loading. */
import type { Finding } from '../api';
import type { RuleContext } from '../context';
import { finding } from '../finding';
import type { DeviceValue } from '../../text/types';

export function dm007DeviceIndex(ctx: RuleContext): Finding[] {
  const n = ctx.gpuCount;
  if (n === undefined) return [];
  const values: DeviceValue[] = ctx.map.entries.map((e) => e.value);
  if (ctx.map.value) values.push(ctx.map.value);
  const seen = ctx.map.visibleDevices !== undefined ? `CUDA_VISIBLE_DEVICES leaves ${n} visible` : `the workspace has ${n} configured`;
  const out: Finding[] = [];
  for (const v of values) {
    if (typeof v.device !== 'number' || v.device < n) continue;
    out.push(
      finding(
        'DM007',
        v.span,
        `${v.raw} names cuda:${v.device} but ${seen} GPU${n === 1 ? '' : 's'} (cuda:0${n > 1 ? `-${n - 1}` : ''}): loading fails with CUDA error: invalid device ordinal`,
        { data: { device: v.device, gpus: n } },
      ),
    );
  }
  return out;
}
