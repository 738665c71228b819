/**
 * What the New Setup flow asks of the screen, and nothing more: a pick list, a
 * text box, a folder chooser, a message. The VS Code build backs it with quick
 * inputs (quickPickDriver.ts); the unit tests with a scripted fake, so the
 * flow's next / back / cancel logic runs without VS Code.
 */

/** How a question ended: an answer, the Back button, or Escape (the flow then writes nothing). */
export type Answer<T> = { readonly kind: 'value'; readonly value: T } | { readonly kind: 'back' } | { readonly kind: 'cancel' };

export interface Choice<T> {
  readonly label: string;
  readonly description?: string;
  readonly detail?: string;
  readonly value: T;
  /** A separator line above this item (its text names the group). */
  readonly group?: string;
  /** Shown but not a good answer (a placement that does not fit): still pickable, marked. */
  readonly warning?: boolean;
}

export interface Question {
  /** "New Setup (n/6)" plus the step's name. */
  readonly title: string;
  readonly step: number;
  readonly totalSteps: number;
  readonly placeholder: string;
  /** The Back button: every step but the first. */
  readonly canGoBack: boolean;
  /** Why the last answer could not be used: shown with the question asked again. */
  readonly problem?: string;
}

export interface PickQuestion<T> extends Question {
  readonly choices: readonly Choice<T>[];
  /** The item to highlight (the answer given last time, when coming back). */
  readonly active?: T;
  /** Match on description and detail too (model ids sit in the description). */
  readonly matchDetails?: boolean;
  /** Enter on a filter text that matches no choice answers this (a Hub id typed straight into the list). */
  readonly typed?: (text: string) => T;
}

export interface InputQuestion extends Question {
  readonly value: string;
  /** Checked as the user types: a message keeps Enter from accepting. */
  readonly validate?: (value: string) => string | undefined;
}

export interface SetupDriver {
  pick<T>(q: PickQuestion<T>): Promise<Answer<T>>;
  input(q: InputQuestion): Promise<Answer<string>>;
  /** A folder chosen with the editor's own dialog; undefined when closed without one. */
  chooseFolder(title: string): Promise<string | undefined>;
}
