/** DM016: the model did not resolve, so the structural checks could not run; say why and how to fix it. */
import type { Finding } from '../api';
import type { RuleContext } from '../context';
import { mapAnchor } from '../finding';
import { PLAIN_MODEL_HINTS } from '../modelProblem';
import { defineRule, type Say } from './unit';

const messages = {
  notResolved:
    '{model} is not resolved, so the structural checks are skipped. Reason: {reason}. ' +
    'Coverage, block and capacity checks need the module tree. Download the model (huggingface-cli download), point at a local folder with config.json, or sign in for gated models.',
  wholeFileNoModel:
    'This whole-file device_map names no model, so its structural checks are skipped. ' +
    'To check it, put the map as "device_map" in a config JSON next to "model_name_or_path": "<hub id or local folder>" ' +
    '(to use a local checkpoint without the Hub: {mapToFolder}).',
  noModelBeside:
    'This device_map has no model key beside it, so its structural checks are skipped. ' +
    'To check it, put "model_name_or_path": "<hub id or local folder>" next to "device_map" ' +
    '(to use a local checkpoint without the Hub: {mapToFolder}).',
  fromSourceDefault:
    'The model ({source}) is not known before the script runs, so the structural checks are skipped. ' +
    'In detail, {reason}. Its default "{defaultName}" did not resolve either{why}: download it, or {mapToFolder}.',
  fromSource:
    'The model ({source}) is not known before the script runs, so the structural checks are skipped. ' +
    'In detail, {reason}. Write the model name (a Hub id or a folder) as a string in the call, or as a module-level constant.',
  theModel: 'the model',
} as const;

export const dm016 = defineRule({
  code: 'DM016',
  severity: 'info',
  title: 'model not resolved: structural checks skipped (the message says why and how to fix it)',
  messages,
  docs: {
    catches:
      'A map whose model could not be resolved: not in a local folder, the Hugging Face cache or (when allowed) the Hub; a name computed at run time; a JSON map with no model beside it.',
    why: 'Nothing fails: the checks that need the module tree (coverage, blocks, tied weights, capacity) are **skipped**, and this note says why and how to make them run.',
    example: { language: 'python', code: 'model = AutoModelForCausalLM.from_pretrained(args.model, device_map={"": 0})' },
    fix: 'Download the model (`huggingface-cli download <id>`), point at a local folder with `config.json`, map the name to a local folder (in VS Code the `deviceMapStudio.models` setting, in the CLI `--model`), or sign in for gated models.',
  },
  check(ctx, say) {
    const unresolved = ctx.map.modelUnresolved;
    if (ctx.lookup.status !== 'error') return [];
    // Strategy strings and single devices need the model only for hovers; the structural checks are about dicts.
    if (!ctx.map.model && !unresolved && isJson(ctx.doc.languageId)) {
      const whole = ctx.map.span.start === ctx.doc.text.search(/\S/);
      return [say.finding(mapAnchor(ctx), whole ? 'wholeFileNoModel' : 'noModelBeside', { mapToFolder: mapToFolder(ctx) }, { data: {} })];
    }
    if (unresolved && (!ctx.map.model || ctx.map.model.fromDefault)) return [fromSource(ctx, say, unresolved)];
    const model = ctx.map.model ? `"${ctx.map.model.name}"` : say.text('theModel', {});
    return [
      say.finding(
        ctx.map.model?.span ?? mapAnchor(ctx),
        'notResolved',
        { model, reason: ctx.lookup.message },
        { data: { model: ctx.map.model?.name } },
      ),
    ];
  },
});

function isJson(languageId: string): boolean {
  return languageId === 'json' || languageId === 'jsonc';
}

/**
 * The finder saw where the model name comes from but could not evaluate it
 * (a command-line option, a function argument...): say that, with the option's
 * default when there is one, rather than the resolver's generic reason.
 */
function fromSource(ctx: RuleContext, say: Say<typeof messages>, u: NonNullable<RuleContext['map']['modelUnresolved']>): Finding {
  if (!u.defaultName) return say.finding(u.span, 'fromSource', { source: u.text, reason: u.reason }, { data: {} });
  const why = ctx.lookup.status === 'error' ? ` (${ctx.lookup.message})` : '';
  return say.finding(
    u.span,
    'fromSourceDefault',
    { source: u.text, reason: u.reason, defaultName: u.defaultName, why, mapToFolder: mapToFolder(ctx) },
    { data: { model: u.defaultName } },
  );
}

/** How this face tells users to point a name at a local folder (VS Code: its setting; the CLI: its flag). */
function mapToFolder(ctx: RuleContext): string {
  return (ctx.env.modelHints ?? PLAIN_MODEL_HINTS).mapToFolder;
}
