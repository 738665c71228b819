/**
 * Variable scopes for the static interpreter. A function body sees module
 * names, not the other way round. A branch that may or may not run (unknown
 * `if`, loop over an unknown iterable, `except`) gets its own layer: inside it
 * values are exact; when it ends, what it changed becomes uncertain outside.
 */
import { copyDict, unknown, type PyDict, type PyVal } from './values';

/** Dicts larger than this are marked partial in place rather than copied per branch. */
const BIG_DICT = 2000;

export type ScopeKind = 'module' | 'function' | 'branch';

/** Told every name a module scope is asked for and every name bound in it (statementMemo.ts records statements so). */
export interface EnvWatch {
  read(name: string, v: PyVal | undefined): void;
  wrote(name: string, v: PyVal): void;
}

export class Env {
  private readonly vars = new Map<string, PyVal>();
  /** Names of outer dicts this layer copied before changing them. */
  readonly copied = new Set<string>();
  constructor(
    readonly parent?: Env,
    readonly kind: ScopeKind = 'module',
  ) {}

  /** Set on the module scope while one of its statements is recorded. */
  watch: EnvWatch | undefined;

  get(name: string): PyVal | undefined {
    const own = this.vars.get(name);
    this.watch?.read(name, own);
    return own ?? this.parent?.get(name);
  }

  /** This scope's own value for `name`, unwatched (the memo compares what a statement read). */
  peek(name: string): PyVal | undefined {
    return this.vars.get(name);
  }

  set(name: string, v: PyVal): void {
    this.vars.set(name, v);
    this.watch?.wrote(name, v);
  }

  has(name: string): boolean {
    this.watch?.read(name, this.vars.get(name));
    return this.vars.has(name) || (this.parent?.has(name) ?? false);
  }

  /**
   * `self.x = v` / `cfg.x = v`: attributes outlive the method that sets them, so they
   * are kept at module level (or in the enclosing branch, which keeps them uncertain).
   */
  setAttribute(dotted: string, v: PyVal): void {
    let e: Env = this;
    while (e.kind === 'function' && e.parent) e = e.parent;
    e.set(dotted, v);
  }

  hasOwn(name: string): boolean {
    return this.vars.has(name);
  }

  /** This scope's own variables (not the parent's). */
  entries(): IterableIterator<[string, PyVal]> {
    return this.vars.entries();
  }

  /** Inside a branch that may not run? (Function bodies count as running: their calls are what we analyse.) */
  get uncertain(): boolean {
    return this.kind === 'branch';
  }

  /**
   * A dict held by `name` that this layer may change: inside a branch, a dict
   * from outside is copied first (copy on write), so the outside keeps its value.
   */
  ownDict(name: string): PyDict | undefined {
    const v = this.get(name);
    if (v?.t !== 'dict') return undefined;
    if (this.kind === 'module' || this.vars.has(name)) return v;
    // Copying a huge dict in every branch would be slow: change it in place, and never call it complete.
    if (v.items.size > BIG_DICT) {
      v.partial = true;
      return v;
    }
    const copy = copyDict(v, v.span);
    if (v.literalSpan) copy.literalSpan = v.literalSpan;
    this.set(name, copy);
    this.copied.add(name);
    return copy;
  }

  /** Ends a branch layer: what it assigned may or may not have happened. */
  mergeInto(outer: Env): void {
    for (const [name, v] of this.vars) outer.set(name, maybe(v, outer.get(name)));
  }

  /** Ends a function body: outer dicts it changed may be changed whenever it is called. */
  releaseCopies(): void {
    for (const name of this.copied) {
      const outer = this.parent?.get(name);
      if (outer?.t === 'dict') outer.partial = true;
    }
  }
}

/** The value of a variable after a branch that may have set it to `v`. */
function maybe(v: PyVal, before: PyVal | undefined): PyVal {
  if (v.t === 'dict' && v.items.size > BIG_DICT) {
    v.partial = true;
    return v;
  }
  if (v.t === 'dict') {
    const d = copyDict(v, v.span);
    if (v.literalSpan) d.literalSpan = v.literalSpan;
    d.partial = true;
    return d;
  }
  if (before && (v.t === 'str' || v.t === 'int' || v.t === 'bool') && before.t === v.t && before.v === v.v) return before;
  if (before?.t === 'name' && v.t === 'name' && before.dotted === v.dotted) return before;
  return unknown(v.span);
}
