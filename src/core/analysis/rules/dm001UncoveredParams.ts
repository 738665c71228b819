/** DM001: a map leaves parameters without a device and loading refuses it (transformers 5.17: multi-device maps; 4.x: any dict). */
import type { RuleContext } from '../context';
import { coverageChecked, missingModules } from '../coverage';
import { mapAnchor } from '../finding';
import { deviceLabel, listNames } from '../format';
import { fillMissing } from '../fixes/fillMissing';
import { defineRule, type Say } from './unit';

const messages = {
  uncovered:
    'No key covers {modules}, so loading fails. transformers raises ValueError: The device_map provided does not give any device for the following parameters: {params}',
  v4FirstParam:
    "No key covers {modules}, so loading fails. At the first such parameter it loads, transformers 4 raises ValueError: {param} doesn't have any device set.",
  v4FirstParamSingle:
    "No key covers {modules}, so loading fails. At the first such parameter it loads, transformers 4 raises ValueError: {param} doesn't have any device set. " +
    'transformers 4 checks every dict, even one naming only {device}; transformers 5 would silently load these modules on the CPU.',
  v4Tied:
    'No key covers {modules}, so loading fails. Once the weights are loaded, transformers 4 raises ValueError: The device_map provided does not give any device for the following parameters: {params}',
  v4TiedSingle:
    'No key covers {modules}, so loading fails. Once the weights are loaded, transformers 4 raises ValueError: The device_map provided does not give any device for the following parameters: {params}. ' +
    'transformers 4 checks every dict, even one naming only {device}; transformers 5 would silently load these modules on the CPU.',
} as const;

export const dm001 = defineRule({
  code: 'DM001',
  severity: 'error',
  title: 'parameters not covered by any key in a multi-device map (under transformers 4: in any dict map): loading raises `ValueError`',
  messages,
  docs: {
    catches:
      'A dict `device_map` that gives no device to some parameters or buffers, in a map that names more than one device ' +
      '(under `transformers` 4: in any dict map, see `deviceMapStudio.transformersVersion`).',
    why:
      "Fails **at load**. `from_pretrained` checks coverage (accelerate's `check_device_map`) and raises " +
      '`ValueError: The device_map provided does not give any device for the following parameters: …`. ' +
      "transformers 4 stops earlier, at the first uncovered parameter it loads: `ValueError: <name> doesn't have any device set.`",
    example: {
      language: 'python',
      code: 'model = AutoModelForCausalLM.from_pretrained(\n    "meta-llama/Llama-2-7b-hf",\n    device_map={"model.embed_tokens": 0, "model.layers": 0, "model.norm": 1},  # no lm_head\n)',
    },
    fix: 'Give every module a device. The quick fix adds the missing modules, each on the device of its neighbour along the forward path.',
  },
  check(ctx, say) {
    if (!ctx.complete || !ctx.tree || !coverageChecked(ctx)) return [];
    const a = ctx.assignment();
    if (!a || a.uncoveredParams.length === 0) return [];
    const modules = missingModules(ctx.tree, a.uncoveredParams);
    const data = { data: { missing: modules } };
    const names = listNames(modules, 3);
    if (ctx.tree.transformers !== 4)
      return [say.finding(mapAnchor(ctx), 'uncovered', { modules: names, params: listNames(a.uncoveredParams, 8) }, data)];
    return [v4Finding(ctx, say, names, a.uncoveredParams, data)];
  },
  fixes: [fillMissing],
});

/**
 * transformers 4 stops at the first parameter it loads that no key covers (checkpoint order; model order shown here).
 * A tied copy (`lm_head.weight`) is not in the checkpoint: then accelerate's `check_device_map` in `dispatch_model`
 * is what raises, with its own text.
 */
function v4Finding(ctx: RuleContext, say: Say<typeof messages>, modules: string, params: readonly string[], data: { data: unknown }) {
  const tied = ctx.tree!.tiedWeights;
  const loaded = params.filter((p) => !Object.prototype.hasOwnProperty.call(tied, p));
  const single = new Set(ctx.devices.values()).size === 1 ? [...ctx.devices.values()][0] : undefined;
  const anchor = mapAnchor(ctx);
  if (loaded.length > 0) {
    return single === undefined
      ? say.finding(anchor, 'v4FirstParam', { modules, param: loaded[0]! }, data)
      : say.finding(anchor, 'v4FirstParamSingle', { modules, param: loaded[0]!, device: deviceLabel(single) }, data);
  }
  const all = listNames(params, 8);
  return single === undefined
    ? say.finding(anchor, 'v4Tied', { modules, params: all }, data)
    : say.finding(anchor, 'v4TiedSingle', { modules, params: all, device: deviceLabel(single) }, data);
}
