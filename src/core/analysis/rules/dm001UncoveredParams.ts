/** DM001: a multi-device map leaves parameters without a device; transformers 5.17 refuses to load. */
import type { Finding } from '../api';
import type { RuleContext } from '../context';
import { coverageChecked, missingModules } from '../coverage';
import { finding, mapAnchor } from '../finding';
import { listNames } from '../format';

export function dm001UncoveredParams(ctx: RuleContext): Finding[] {
  if (!ctx.complete || !ctx.tree || !coverageChecked(ctx)) return [];
  const a = ctx.assignment();
  if (!a || a.uncoveredParams.length === 0) return [];
  const modules = missingModules(ctx.tree, a.uncoveredParams);
  return [
    finding(
      'DM001',
      mapAnchor(ctx),
      `no key covers ${listNames(modules)}: loading raises ValueError: The device_map provided does not give any device for the following parameters: ${listNames(a.uncoveredParams, 8)}`,
      { data: { missing: modules } },
    ),
  ];
}
