/** DM016: the model did not resolve, so the structural checks could not run; say why and how to fix it. */
import type { Finding } from '../api';
import type { RuleContext } from '../context';
import { finding, mapAnchor } from '../finding';
import { PLAIN_MODEL_HINTS } from '../modelProblem';

export function dm016ModelUnresolved(ctx: RuleContext): Finding[] {
  const unresolved = ctx.map.modelUnresolved;
  if (ctx.lookup.status === 'ok' && ctx.map.model?.fromDefault && unresolved) return [checkedAgainstDefault(ctx, unresolved)];
  if (ctx.lookup.status !== 'error') return [];
  // Strategy strings and single devices need the model only for hovers; the structural checks are about dicts.
  if (!ctx.map.model && !ctx.map.modelUnresolved && isJson(ctx.doc.languageId)) return [namesNoModel(ctx)];
  if (unresolved && (!ctx.map.model || ctx.map.model.fromDefault)) return [fromSource(ctx, unresolved)];
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

function isJson(languageId: string): boolean {
  return languageId === 'json' || languageId === 'jsonc';
}

/**
 * A JSON map with no model key beside it (a whole-file `*device_map*.json`, or a
 * `device_map` object without `model_name_or_path`): nothing to resolve, so say
 * that, and how to name the model, instead of the resolver's "not a string literal".
 */
function namesNoModel(ctx: RuleContext): Finding {
  const whole = ctx.map.span.start === ctx.doc.text.search(/\S/);
  return finding(
    'DM016',
    mapAnchor(ctx),
    `${whole ? 'this whole-file device_map names no model' : 'this device_map has no model key beside it'}, so its coverage, block and capacity checks are skipped. ` +
      'To check it, put the map as "device_map" in a config JSON next to "model_name_or_path": "<hub id or local folder>" ' +
      `(to use a local checkpoint without the Hub: ${(ctx.env.modelHints ?? PLAIN_MODEL_HINTS).mapToFolder})`,
    { data: {} },
  );
}

/**
 * The finder saw where the model name comes from but could not evaluate it
 * (a command-line option, a function argument...): say that, with the option's
 * default when there is one, rather than the resolver's generic reason.
 */
function fromSource(ctx: RuleContext, u: NonNullable<RuleContext['map']['modelUnresolved']>): Finding {
  const why = ctx.lookup.status === 'error' ? ` (${ctx.lookup.message})` : '';
  const fix = u.defaultName
    ? `Its default "${u.defaultName}" did not resolve either${why}: download it, or ${(ctx.env.modelHints ?? PLAIN_MODEL_HINTS).mapToFolder}`
    : 'Write the model name (a Hub id or a folder) as a string in the call, or as a module-level constant';
  return finding(
    'DM016',
    u.span,
    `the model (${u.text}) is not known before the script runs: ${u.reason}. Coverage, block and capacity checks of this device_map are skipped. ${fix}`,
    { data: u.defaultName ? { model: u.defaultName } : {} },
  );
}

/** The checks ran against a command-line option's default: say so (no DM code: nothing is wrong). */
function checkedAgainstDefault(ctx: RuleContext, u: NonNullable<RuleContext['map']['modelUnresolved']>): Finding {
  return {
    code: 'model-default',
    severity: 'info',
    start: u.span.start,
    end: u.span.end,
    message: `checked against "${u.defaultName}", the default of ${u.text}: a run that passes another model may place differently`,
  };
}
