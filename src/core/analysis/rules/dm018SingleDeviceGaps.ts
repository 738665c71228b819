/** DM018: a dict naming one device that leaves modules out: transformers 5.17 does not check it and loads them on the CPU. */
import type { Finding } from '../api';
import type { RuleContext } from '../context';
import { coverageChecked, missingModules } from '../coverage';
import { finding, mapAnchor } from '../finding';
import { deviceLabel, listNames } from '../format';

export function dm018SingleDeviceGaps(ctx: RuleContext): Finding[] {
  if (!ctx.complete || !ctx.tree || ctx.devices.size === 0 || coverageChecked(ctx)) return [];
  const a = ctx.assignment();
  if (!a || a.uncoveredParams.length === 0) return [];
  const modules = missingModules(ctx.tree, a.uncoveredParams);
  const device = [...ctx.devices.values()][0]!;
  return [
    finding(
      'DM018',
      mapAnchor(ctx),
      `this map names only ${deviceLabel(device)} and leaves out ${listNames(modules)}: transformers 5 does not check single-device maps, ` +
        `so these modules silently load on the CPU (slow, and the forward pass mixes devices). Add them, or write {"": ${ctx.map.entries[0]?.value.raw ?? '0'}}`,
      { data: { missing: modules, device } },
    ),
  ];
}
