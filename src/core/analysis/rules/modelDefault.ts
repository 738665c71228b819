/** `model-default` (no DM code: nothing is wrong): the checks ran against a command-line option's default, so say so. */
import { defineRule } from './unit';

export const modelDefault = defineRule({
  code: 'model-default',
  severity: 'info',
  title: "the model name comes from a command-line option: the map was checked against the option's default",
  messages: {
    checkedAgainst: 'Checked against "{model}", the default of {source}. A run that passes another model may place differently.',
  },
  docs: {
    catches:
      'A map whose model name comes from a command-line option (`argparse`, `click`, `typer`, `HfArgumentParser` fields) with a default the checks could resolve.',
    why: 'Nothing fails: the checks ran against the default model; a run that passes another model may place its modules differently.',
    example: {
      language: 'python',
      code: 'parser.add_argument("--model", default="meta-llama/Llama-2-7b-hf")\nargs = parser.parse_args()\nmodel = AutoModelForCausalLM.from_pretrained(args.model, device_map="auto")',
    },
    fix: 'Nothing to fix; check the map against the model you really run (write its name, or change the default).',
  },
  check(ctx, say) {
    const u = ctx.map.modelUnresolved;
    if (ctx.lookup.status !== 'ok' || !ctx.map.model?.fromDefault || !u) return [];
    return [say.finding(u.span, 'checkedAgainst', { model: u.defaultName ?? ctx.map.model.name, source: u.text })];
  },
});
