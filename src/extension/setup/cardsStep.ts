/**
 * Step 2, the cards: this machine's (detected), a preset and a count (the
 * questions "Set Up GPUs…" asks), or a spec typed in the syntax of the
 * `deviceMapStudio.gpus` setting and `--gpus` (`2x24GiB,1xa100-80`). A spec with
 * a typo, or no card detected, is said and the step asked again.
 */
import { describeGpus } from '../../core/index';
import { cardSpec, presetChoices, validateCardCount, validateCardSize } from '../gpuChoices';
import type { ChosenCards } from './answers';
import type { Choice } from './driver';
import { leave, question, type FlowContext, type StepResult } from './flowContext';
import { l10n } from './setupL10n';

type CardsPick = { readonly kind: 'detected' } | { readonly kind: 'typed' } | { readonly kind: 'preset'; readonly id: string };

const STEP = 2;
const stepName = (): string => l10n.t('Cards');

/** Built per question: the words follow the translator the command set. */
const choices = (): Choice<CardsPick>[] => [
  {
    label: `$(chip) ${l10n.t("This machine's cards")}`,
    description: l10n.t('detected with nvidia-smi / rocm-smi / …'),
    value: { kind: 'detected' },
  },
  { label: `$(edit) ${l10n.t('Type the cards…')}`, description: l10n.t('e.g. 2x24GiB or 4xa100-80,1x24GiB'), value: { kind: 'typed' } },
  ...presetChoices().map((p, i) => ({
    // The one preset without an id is "Other size…", words of ours (shared with Set Up GPUs…).
    label: p.id ? p.label : l10n.t('Other size…'),
    description: p.id ? p.description : l10n.t('e.g. 24GiB'),
    value: { kind: 'preset', id: p.id } as const,
    ...(i === 0 ? { group: l10n.t('Presets') } : {}),
  })),
];

/** `spec` through the setting's parser: the cards, or every problem in one message. */
function parsed(ctx: FlowContext, spec: string, source: string): { cards?: ChosenCards; problem?: string } {
  const r = ctx.services.parseCards(spec);
  if (r.errors.length) return { problem: r.errors.join('; ') };
  return { cards: { gpus: r.gpus, spec: spec.trim(), source } };
}

/** An input box asked until `accept` takes its value: the value, 'again' (Back), or 'cancel'. */
async function ask(
  ctx: FlowContext,
  placeholder: string,
  value: string,
  validate: (v: string) => string | undefined,
  accept: (v: string) => string | undefined,
): Promise<string | 'again' | 'cancel'> {
  let problem: string | undefined;
  for (;;) {
    const a = await ctx.driver.input({ ...question(STEP, stepName(), placeholder, problem), canGoBack: true, value, validate });
    if (a.kind === 'back') return 'again';
    if (a.kind === 'cancel') return 'cancel';
    value = a.value;
    problem = accept(value);
    if (!problem) return value;
  }
}

async function fromPreset(ctx: FlowContext, id: string): Promise<StepResult | 'again'> {
  let size = id;
  if (!size) {
    const s = await ask(ctx, l10n.t('Memory per card'), '24GiB', validateCardSize, () => undefined);
    if (s === 'again' || s === 'cancel') return s;
    size = s.trim();
  }
  const label = presetChoices().find((p) => p.id === id)?.label ?? size;
  const n = await ask(ctx, l10n.t('How many {0} cards?', label), '2', validateCardCount, (v) => {
    const r = parsed(ctx, cardSpec(v, size), 'preset');
    if (r.cards) ctx.answers.cards = r.cards;
    return r.problem;
  });
  return n === 'again' || n === 'cancel' ? n : 'next';
}

export async function cardsStep(ctx: FlowContext): Promise<StepResult> {
  let problem: string | undefined;
  for (;;) {
    const a = await ctx.driver.pick<CardsPick>({
      ...question(
        STEP,
        stepName(),
        ctx.answers.cards ? l10n.t('Now: {0}', describeGpus(ctx.answers.cards.gpus)) : l10n.t('The cards to place the model on'),
        problem,
      ),
      choices: choices(),
    });
    if (a.kind !== 'value') return leave(a);
    problem = undefined;
    let r: StepResult | 'again';
    if (a.value.kind === 'detected') {
      const d = await ctx.services.detectCards();
      if (!d.ok) {
        problem = d.message;
        continue;
      }
      ctx.answers.cards = d.value;
      r = 'next';
    } else if (a.value.kind === 'typed') {
      const spec = await ask(
        ctx,
        l10n.t('The cards, as the deviceMapStudio.gpus setting and --gpus take them'),
        ctx.answers.cards?.spec ?? '2x24GiB',
        () => undefined,
        (v) => {
          const p = parsed(ctx, v, 'typed');
          if (p.cards) ctx.answers.cards = p.cards;
          return p.problem;
        },
      );
      r = spec === 'again' || spec === 'cancel' ? spec : 'next';
    } else {
      r = await fromPreset(ctx, a.value.id);
    }
    if (r !== 'again') return r;
  }
}
