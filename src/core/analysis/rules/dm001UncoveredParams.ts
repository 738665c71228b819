/** DM001: a map leaves parameters without a device and loading refuses it (transformers 5.17: multi-device maps; 4.x: any dict). */
import type { Finding } from '../api';
import type { RuleContext } from '../context';
import { coverageChecked, missingModules } from '../coverage';
import { finding, mapAnchor } from '../finding';
import { deviceLabel, listNames } from '../format';

export function dm001UncoveredParams(ctx: RuleContext): Finding[] {
  if (!ctx.complete || !ctx.tree || !coverageChecked(ctx)) return [];
  const a = ctx.assignment();
  if (!a || a.uncoveredParams.length === 0) return [];
  const modules = missingModules(ctx.tree, a.uncoveredParams);
  return [finding('DM001', mapAnchor(ctx), ctx.tree.transformers === 4 ? v4Message(ctx, modules, a.uncoveredParams) : v5Message(modules, a.uncoveredParams), { data: { missing: modules } })];
}

function v5Message(modules: readonly string[], params: readonly string[]): string {
  return `no key covers ${listNames(modules)}: loading raises ValueError: The device_map provided does not give any device for the following parameters: ${listNames(params, 8)}`;
}

/**
 * transformers 4 stops at the first parameter it loads that no key covers (checkpoint order; model order shown here).
 * A tied copy (`lm_head.weight`) is not in the checkpoint: then accelerate's `check_device_map` in `dispatch_model`
 * is what raises, with its own text.
 */
function v4Message(ctx: RuleContext, modules: readonly string[], params: readonly string[]): string {
  const tied = ctx.tree!.tiedWeights;
  const loaded = params.filter((p) => !Object.prototype.hasOwnProperty.call(tied, p));
  const single = new Set(ctx.devices.values()).size === 1 ? [...ctx.devices.values()][0] : undefined;
  const why =
    single === undefined
      ? ''
      : ` (transformers 4 checks every dict, even one naming only ${deviceLabel(single)}; transformers 5 would silently load these modules on the CPU)`;
  const error =
    loaded.length > 0
      ? `ValueError: ${loaded[0]} doesn't have any device set. at the first such parameter it loads`
      : `ValueError: The device_map provided does not give any device for the following parameters: ${listNames(params, 8)} once the weights are loaded`;
  return `no key covers ${listNames(modules)}: transformers 4 raises ${error}${why}`;
}
