/** DM016: the model did not resolve, so the structural checks could not run; say why and how to fix it. */
import type { Finding } from '../api';
import type { RuleContext } from '../context';
import { finding, mapAnchor } from '../finding';

export function dm016ModelUnresolved(ctx: RuleContext): Finding[] {
  if (ctx.lookup.status !== 'error') return [];
  // Strategy strings and single devices need the model only for hovers; the structural checks are about dicts.
  const name = ctx.map.model ? `"${ctx.map.model.name}"` : 'the model';
  return [
    finding(
      'DM016',
      ctx.map.model?.span ?? mapAnchor(ctx),
      `${name} is not resolved (${ctx.lookup.message}): coverage, block and capacity checks of this device_map are skipped. ` +
        'Download the model (huggingface-cli download), point at a local folder with config.json, or sign in for gated models',
      { data: { model: ctx.map.model?.name } },
    ),
  ];
}
