/**
 * Step 2, the cards: this machine's (detected), a preset and a count (the
 * questions "Set Up GPUs…" asks), or a spec typed in the syntax of the
 * `deviceMapStudio.gpus` setting and `--gpus` (`2x24GiB,1xa100-80`). A spec with
 * a typo, or no card detected, is said and the step asked again.
 */
import { describeGpus } from '../../core/index';
import { cardSpec, PRESET_CHOICES, validateCardCount, validateCardSize } from '../gpuChoices';
import type { ChosenCards } from './answers';
import type { Choice } from './driver';
import { leave, question, type FlowContext, type StepResult } from './flowContext';

type CardsPick = { readonly kind: 'detected' } | { readonly kind: 'typed' } | { readonly kind: 'preset'; readonly id: string };

const STEP = 2;
const NAME = 'Cards';

const CHOICES: readonly Choice<CardsPick>[] = [
  { label: "$(chip) This machine's cards", description: 'detected with nvidia-smi / rocm-smi / …', value: { kind: 'detected' } },
  { label: '$(edit) Type the cards…', description: 'e.g. 2x24GiB or 4xa100-80,1x24GiB', value: { kind: 'typed' } },
  ...PRESET_CHOICES.map((p, i) => ({
    label: p.label,
    description: p.description,
    value: { kind: 'preset', id: p.id } as const,
    ...(i === 0 ? { group: 'Presets' } : {}),
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
    const a = await ctx.driver.input({ ...question(STEP, NAME, placeholder, problem), canGoBack: true, value, validate });
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
    const s = await ask(ctx, 'Memory per card', '24GiB', validateCardSize, () => undefined);
    if (s === 'again' || s === 'cancel') return s;
    size = s.trim();
  }
  const label = PRESET_CHOICES.find((p) => p.id === id)?.label ?? size;
  const n = await ask(ctx, `How many ${label} cards?`, '2', validateCardCount, (v) => {
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
        NAME,
        ctx.answers.cards ? `Now: ${describeGpus(ctx.answers.cards.gpus)}` : 'The cards to place the model on',
        problem,
      ),
      choices: CHOICES,
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
        'The cards, as the deviceMapStudio.gpus setting and --gpus take them',
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
