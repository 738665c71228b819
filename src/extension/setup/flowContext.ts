/** What every step of the New Setup flow shares: the screen, the services, the answers so far. */
import type { Answer, Question, SetupDriver } from './driver';
import type { SetupAnswers, SetupServices } from './answers';
import { l10n } from './setupL10n';

export const TOTAL_STEPS = 6;

/** How a step ended: go on, go back one step, or stop with nothing written. */
export type StepResult = 'next' | 'back' | 'cancel';

export interface FlowContext {
  readonly driver: SetupDriver;
  readonly services: SetupServices;
  readonly answers: SetupAnswers;
  /** Set by an alternative the core offered (CPU offload, in bytes of RAM): passed to the plan. */
  cpuOffload?: number;
}

/** The frame of step `n`'s question: "New Setup (n/6): name", Back on every step but the first. */
export function question(n: number, name: string, placeholder: string, problem?: string): Question {
  return {
    title: l10n.t('New Setup ({0}/{1}): {2}', n, TOTAL_STEPS, name),
    step: n,
    totalSteps: TOTAL_STEPS,
    placeholder,
    canGoBack: n > 1,
    ...(problem ? { problem } : {}),
  };
}

/** Back or Escape from a question, as the step's result. */
export function leave(a: Answer<unknown>): StepResult {
  return a.kind === 'back' ? 'back' : 'cancel';
}
