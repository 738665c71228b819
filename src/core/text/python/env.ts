/** Variable scopes for the static interpreter: a function body sees module names, not the other way round. */
import type { PyVal } from './values';

export class Env {
  private readonly vars = new Map<string, PyVal>();
  constructor(readonly parent?: Env) {}

  get(name: string): PyVal | undefined {
    return this.vars.get(name) ?? this.parent?.get(name);
  }

  set(name: string, v: PyVal): void {
    this.vars.set(name, v);
  }

  /** This scope's own variables (not the parent's). */
  entries(): IterableIterator<[string, PyVal]> {
    return this.vars.entries();
  }

  has(name: string): boolean {
    return this.vars.has(name) || (this.parent?.has(name) ?? false);
  }
}
