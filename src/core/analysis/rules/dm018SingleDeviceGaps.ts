/** DM018: a dict naming one device that leaves modules out: transformers 5.17 does not check it and loads them on the CPU. */
import { coverageChecked, missingModules } from '../coverage';
import { mapAnchor } from '../finding';
import { deviceLabel, listNames } from '../format';
import { fillMissing } from '../fixes/fillMissing';
import { defineRule } from './unit';

export const dm018 = defineRule({
  code: 'DM018',
  severity: 'warning',
  title: 'a single-device dict that leaves modules out: transformers 5 silently loads them on the CPU (transformers 4 raises: `DM001`)',
  messages: {
    gaps:
      'This map names only {device} and leaves out {modules}; they silently load on the CPU. transformers 5 does not check single-device maps, ' +
      'so these modules run slowly and the forward pass mixes devices. Add them, or write {whole}.',
  },
  docs: {
    catches:
      'A dict `device_map` that names one device only and leaves modules out (under transformers 4 this is DM001: 4.x checks every dict).',
    why:
      'Never raises under transformers 5: coverage is checked only for maps naming several devices, so the modules left out **silently load on the CPU**, ' +
      'and the forward pass moves activations between the CPU and the card.',
    example: { language: 'python', code: 'device_map = {"model.embed_tokens": 0, "model.layers": 0, "model.norm": 0}  # lm_head left out' },
    fix: 'Add the missing modules (quick fix: each on its neighbour\'s device), or write the whole model on the device: `{"": 0}`.',
  },
  check(ctx, say) {
    if (!ctx.complete || !ctx.tree || ctx.devices.size === 0 || coverageChecked(ctx)) return [];
    const a = ctx.assignment();
    if (!a || a.uncoveredParams.length === 0) return [];
    const modules = missingModules(ctx.tree, a.uncoveredParams);
    const device = [...ctx.devices.values()][0]!;
    return [
      say.finding(
        mapAnchor(ctx),
        'gaps',
        { device: deviceLabel(device), modules: listNames(modules, 3), whole: `{"": ${ctx.map.entries[0]?.value.raw ?? '0'}}` },
        { data: { missing: modules, device } },
      ),
    ];
  },
  fixes: [fillMissing],
});
