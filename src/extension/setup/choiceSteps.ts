/**
 * Steps 3 to 5: what to do (inference, LoRA, QLoRA, full fine-tuning), the
 * placement (our planner or a transformers strategy, each with the core's
 * per-card preview), and one process or several.
 */
import type { ChosenProcesses, SetupStrategy, SetupTask } from './answers';
import type { Choice } from './driver';
import { leave, question, type FlowContext, type StepResult } from './flowContext';
import { l10n } from './setupL10n';

export async function taskStep(ctx: FlowContext): Promise<StepResult> {
  const choices: Choice<SetupTask>[] = ctx.services.core.tasks().map((t) => ({ label: t.label, detail: t.detail, value: t.task }));
  const a = await ctx.driver.pick<SetupTask>({
    ...question(3, l10n.t('Task'), l10n.t('What the model will do')),
    choices,
    ...(ctx.answers.task ? { active: ctx.answers.task } : {}),
  });
  if (a.kind !== 'value') return leave(a);
  ctx.answers.task = a.value;
  return 'next';
}

export async function placementStep(ctx: FlowContext): Promise<StepResult> {
  const { model, cards, task } = ctx.answers;
  if (!model || !cards || !task) return 'back';
  const choices: Choice<SetupStrategy>[] = ctx.services.core.preview({ model, cards, task }).map((p) => ({
    label: p.fits ? p.label : `$(warning) ${p.label}`,
    description: p.fits ? '' : l10n.t('does not fit'),
    detail: p.fits || !p.problem ? p.cards : `${p.cards} — ${p.problem}`,
    value: p.strategy,
    ...(p.fits ? {} : { warning: true }),
  }));
  const a = await ctx.driver.pick<SetupStrategy>({
    ...question(4, l10n.t('Placement'), l10n.t('Where the layers go: the estimate per card for each choice')),
    choices,
    ...(ctx.answers.strategy ? { active: ctx.answers.strategy } : {}),
  });
  if (a.kind !== 'value') return leave(a);
  ctx.answers.strategy = a.value;
  return 'next';
}

/** One process over every card; n processes with one card each; or k processes with n/k cards each. */
export function processChoices(cards: number): Choice<ChosenProcesses>[] {
  const out: Choice<ChosenProcesses>[] = [
    {
      label: l10n.t('One process'),
      detail: cards > 1 ? l10n.t('the model split over the {0} cards (device_map)', cards) : l10n.t('on the one card'),
      value: { processes: 1, cardsPerProcess: cards },
    },
  ];
  for (let k = 2; k <= cards; k++) {
    if (cards % k !== 0) continue;
    const per = cards / k;
    out.push(
      per === 1
        ? {
            label: l10n.t('{0} processes, data parallel', k),
            detail: l10n.t('a whole copy of the model on each card (torchrun / accelerate launch)'),
            value: { processes: k, cardsPerProcess: 1 },
          }
        : {
            label: l10n.t('{0} processes × {1} cards', k, per),
            detail: l10n.t('model parallel over {0} cards inside each process, data parallel across the {1} processes', per, k),
            value: { processes: k, cardsPerProcess: per },
          },
    );
  }
  return out;
}

export async function processesStep(ctx: FlowContext): Promise<StepResult> {
  const cards = ctx.answers.cards?.gpus.length ?? 0;
  if (cards === 0) return 'back';
  const choices = processChoices(cards);
  const now = ctx.answers.processes;
  const active = choices.find((c) => now && c.value.processes === now.processes && c.value.cardsPerProcess === now.cardsPerProcess)?.value;
  const a = await ctx.driver.pick<ChosenProcesses>({
    ...question(5, l10n.t('Processes'), l10n.t('One process, or several (data parallel)')),
    choices,
    ...(active ? { active } : {}),
  });
  if (a.kind !== 'value') return leave(a);
  ctx.answers.processes = a.value;
  return 'next';
}
