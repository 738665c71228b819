/**
 * The New Setup flow as a state machine: six steps, each answered, backed out
 * of (the step before is asked again, with the last answer highlighted), or
 * cancelled (nothing is written). After the last step the core plans the setup;
 * when it does not fit, its honest message is shown with its alternatives as
 * picks (QLoRA instead of LoRA, CPU offload, fewer processes, more cards), and
 * the plan is made again with the one chosen.
 */
import type { CompleteAnswers, PlannedFile, SetupAnswers, SetupServices } from './answers';
import type { Choice, SetupDriver } from './driver';
import { cardsStep } from './cardsStep';
import { placementStep, processesStep, taskStep } from './choiceSteps';
import type { FlowContext, StepResult } from './flowContext';
import { modelStep } from './modelStep';
import { outputStep } from './outputStep';
import { l10n } from './setupL10n';

export type FlowResult =
  | { readonly kind: 'done'; readonly answers: CompleteAnswers; readonly files: readonly PlannedFile[]; readonly summary: string }
  | { readonly kind: 'cancelled' };

const STEPS: readonly ((ctx: FlowContext) => Promise<StepResult>)[] = [
  modelStep,
  cardsStep,
  taskStep,
  placementStep,
  processesStep,
  outputStep,
];
/** Where "Back" from the does-not-fit question goes: the placement, whose preview shows the numbers. */
const PLACEMENT = 3;

function complete(a: SetupAnswers): CompleteAnswers | undefined {
  const { model, cards, task, strategy, processes, output } = a;
  return model && cards && task && strategy && processes && output ? { model, cards, task, strategy, processes, output } : undefined;
}

type Fit = { readonly kind: 'done'; readonly result: FlowResult } | { readonly kind: 'step'; readonly index: number };

const PLACEMENT_AGAIN = -1;
const WRITE_ANYWAY = -2;

/** Plans; while it does not fit, offers the core's alternatives. */
async function planned(ctx: FlowContext): Promise<Fit> {
  let force = false;
  for (;;) {
    const answers = complete(ctx.answers);
    if (!answers) return { kind: 'step', index: 0 };
    const plan = ctx.services.core.plan(answers, {
      ...(ctx.cpuOffload !== undefined ? { cpuOffload: ctx.cpuOffload } : {}),
      ...(force ? { force } : {}),
    });
    if (plan.fits) return { kind: 'done', result: { kind: 'done', answers, files: plan.files, summary: plan.summary } };
    const choices: Choice<number>[] = [
      ...plan.alternatives.map((alt, i) => ({ label: `$(lightbulb) ${alt.label}`, detail: alt.detail, value: i })),
      ...(plan.canForce
        ? [
            {
              label: `$(warning) ${l10n.t('Write it anyway')}`,
              detail: l10n.t('the estimate cannot check this task: the files are written unchecked'),
              value: WRITE_ANYWAY,
            },
          ]
        : []),
      { label: `$(arrow-left) ${l10n.t('Change the placement')}`, detail: l10n.t('back to the per-card preview'), value: PLACEMENT_AGAIN },
    ];
    const a = await ctx.driver.pick<number>({
      title: l10n.t('New Setup: does not fit'),
      step: STEPS.length,
      totalSteps: STEPS.length,
      placeholder: l10n.t('Pick what would fit, or go back'),
      canGoBack: true,
      problem: plan.message,
      choices,
    });
    if (a.kind === 'cancel') return { kind: 'done', result: { kind: 'cancelled' } };
    if (a.kind === 'back') return { kind: 'step', index: STEPS.length - 1 };
    if (a.value === PLACEMENT_AGAIN) return { kind: 'step', index: PLACEMENT };
    if (a.value === WRITE_ANYWAY) {
      force = true;
      continue;
    }
    const { cpuOffload, ...change } = plan.alternatives[a.value]!.change;
    Object.assign(ctx.answers, change);
    if (cpuOffload !== undefined) ctx.cpuOffload = cpuOffload;
  }
}

export async function runSetupFlow(driver: SetupDriver, services: SetupServices, start: SetupAnswers = {}): Promise<FlowResult> {
  const ctx: FlowContext = { driver, services, answers: { ...start } };
  let index = 0;
  for (;;) {
    if (index >= STEPS.length) {
      const fit = await planned(ctx);
      if (fit.kind === 'done') return fit.result;
      index = fit.index;
      continue;
    }
    const r = await STEPS[index]!(ctx);
    if (r === 'cancel') return { kind: 'cancelled' };
    index = r === 'back' ? Math.max(0, index - 1) : index + 1;
  }
}
