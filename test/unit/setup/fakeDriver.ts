/**
 * A scripted stand-in for the quick inputs: each question the flow asks takes
 * the next answer from the script, and is recorded (kind, title, problem, the
 * highlighted answer). A question beyond the script fails the test.
 */
import type { Answer, InputQuestion, PickQuestion, SetupDriver } from '../../../src/extension/setup/driver';

export interface Asked {
  readonly kind: 'pick' | 'input' | 'folder';
  readonly title: string;
  readonly problem?: string;
  readonly labels: readonly string[];
  readonly active?: unknown;
  readonly canGoBack: boolean;
  readonly value?: string;
}

type Step = (q: PickQuestion<unknown> | InputQuestion | { readonly title: string }) => Answer<unknown> | string | undefined;

export class FakeDriver implements SetupDriver {
  readonly asked: Asked[] = [];
  constructor(private readonly script: Step[]) {}

  private next(q: Parameters<Step>[0]): ReturnType<Step> {
    const step = this.script.shift();
    if (!step) throw new Error(`unscripted question: ${q.title}`);
    return step(q);
  }

  async pick<T>(q: PickQuestion<T>): Promise<Answer<T>> {
    this.asked.push({
      kind: 'pick',
      title: q.title,
      ...(q.problem ? { problem: q.problem } : {}),
      labels: q.choices.map((c) => c.label),
      active: q.active,
      canGoBack: q.canGoBack,
    });
    return this.next(q as PickQuestion<unknown>) as Answer<T>;
  }

  async input(q: InputQuestion): Promise<Answer<string>> {
    this.asked.push({
      kind: 'input',
      title: q.title,
      ...(q.problem ? { problem: q.problem } : {}),
      labels: [],
      canGoBack: q.canGoBack,
      value: q.value,
    });
    const a = this.next(q) as Answer<string>;
    // The real input box never accepts a value its validation rejects.
    if (a.kind === 'value' && q.validate?.(a.value)) throw new Error(`the box would not accept "${a.value}": ${q.validate(a.value)}`);
    return a;
  }

  async chooseFolder(title: string): Promise<string | undefined> {
    this.asked.push({ kind: 'folder', title, labels: [], canGoBack: false });
    return this.next({ title }) as string | undefined;
  }

  /** What is left of the script (a finished flow leaves nothing). */
  get remaining(): number {
    return this.script.length;
  }
}

/** Picks the choice labelled `text`, else the one whose label contains it (fails when there is none, or several). */
export const pick =
  (text: string): Step =>
  (q) => {
    const choices = (q as PickQuestion<unknown>).choices;
    if (!choices) throw new Error(`"${q.title}" is not a pick`);
    const exact = choices.filter((c) => c.label === text);
    const hits = exact.length ? exact : choices.filter((c) => c.label.includes(text));
    if (hits.length !== 1)
      throw new Error(`${hits.length} choices match "${text}" in "${q.title}": ${choices.map((c) => c.label).join(' | ')}`);
    return { kind: 'value', value: hits[0]!.value };
  };

export const type =
  (text: string): Step =>
  () => ({ kind: 'value', value: text });

/** Types `text` into a pick's filter where nothing matches, and presses Enter. */
export const typeInPick =
  (text: string): Step =>
  (q) => {
    const typed = (q as PickQuestion<unknown>).typed;
    if (!typed) throw new Error(`"${q.title}" takes no typed answer`);
    return { kind: 'value', value: typed(text) };
  };

export const back: Step = () => ({ kind: 'back' });
export const cancel: Step = () => ({ kind: 'cancel' });
export const folder =
  (path: string | undefined): Step =>
  () =>
    path;
