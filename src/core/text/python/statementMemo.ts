/**
 * Re-linting after a keystroke re-runs only the top-level statements whose text or inputs
 * changed (issue 16). Each top-level statement run is recorded: the module names it read
 * (value objects, and the state of every dict reachable from them), the names it bound, the
 * finder effects it had (maps, problems, training facts...) and the budget it used. On the next
 * pass over the same document a statement at the same place with the same text whose reads
 * are the very same objects, still in the same state, is replayed from its record instead.
 * A statement is not recorded (so it runs every time) when it could not be replayed exactly:
 * it changed a dict it did not create (`d[k] = v` on a dict bound elsewhere, `d.update(...)`,
 * a function body marking an outer dict partial), the budget ran out, or its values are too
 * large to compare cheaply. A dict changed in place after the statement that made it is caught
 * when that statement's record is checked (its outputs' states), so the chain re-runs.
 */
import { MAX_EVAL_WORK } from '../../base/limits';
import { collectDictStates, unchanged, type DictState } from './dictStates';
import type { Env, EnvWatch } from './env';
import type { Evaluator } from './evaluate';
import type { FinderEffect, FinderState } from './finderState';
import { MAX_STEPS, type Interpreter } from './interpret';
import type { SyntaxNode } from '@lezer/common';
import type { PyVal } from './values';
import { changedRange } from './parseCache';
import { movedOffset, shiftedCopy, type Moved, type TextChange } from './shiftedCopy';

/** Entries of the dicts one statement reads and binds, past which it is not recorded (comparing would cost too much). */
const MAX_WATCHED_ENTRIES = 5000;
const MAX_DOCS = 8;

interface Read {
  readonly name: string;
  readonly value: PyVal | undefined;
  readonly states: readonly DictState[];
}

interface StatementRecord {
  readonly kind: string;
  readonly to: number;
  readonly text: string;
  readonly reads: readonly Read[];
  readonly writes: ReadonlyArray<readonly [string, PyVal]>;
  /** States of the dicts the statement bound, as it left them. */
  readonly outputs: readonly DictState[];
  readonly effects: readonly FinderEffect[];
  readonly visibleDevices: number | undefined;
  readonly work: number;
  readonly steps: number;
  readonly readsRank: boolean;
  /** A loader's model was not resolved: the message may quote a command-line default, read from the whole file. */
  readonly cliKey: string | undefined;
}

/** What one pass over a file runs with. */
export interface StatementPass {
  readonly text: string;
  readonly top: Env;
  readonly ev: Evaluator;
  readonly interp: Interpreter;
  readonly state: FinderState;
  /** The command-line defaults the file declares, as a key (cliDefaults.ts), worked out when first needed. */
  readonly cliKey: () => string;
}

/** Records the reads and writes of the module scope during one statement. */
class Watch implements EnvWatch {
  readonly reads: Read[] = [];
  readonly writes = new Map<string, PyVal>();
  private readonly readNames = new Set<string>();
  readonly room = { left: MAX_WATCHED_ENTRIES };
  tooLarge = false;

  read(name: string, v: PyVal | undefined): void {
    if (this.tooLarge || this.writes.has(name) || this.readNames.has(name)) return;
    this.readNames.add(name);
    const states: DictState[] = [];
    if (!collectDictStates(v, states, new Set(), this.room)) this.tooLarge = true;
    this.reads.push({ name, value: v, states });
  }

  wrote(name: string, v: PyVal): void {
    this.writes.set(name, v);
  }
}

/** Statements replayed and run since start: the tests check that an edit in one map re-runs few statements. */
export const statementMemoStats = { replayed: 0, evaluated: 0 };

export class StatementMemo {
  private previous = new Map<number, StatementRecord>();
  private current = new Map<number, StatementRecord>();
  private lastText: string | undefined;
  /** The edit since the last pass, and the copies made for statements it moved. */
  private change: (TextChange & { readonly fromB: number; readonly toB: number }) | undefined;
  private moved: Moved = new Map();

  /** Starts a pass: the records of the last pass are the ones that may be replayed; `constants` are never copied. */
  begin(text: string, constants: readonly object[]): void {
    this.previous = this.current;
    this.current = new Map();
    const r = this.lastText === undefined ? undefined : changedRange(this.lastText, text);
    this.change = r && { ...r, delta: text.length - this.lastText!.length };
    this.lastText = text;
    this.moved = new Map(constants.map((c) => [c, c]));
  }

  run(node: SyntaxNode, pass: StatementPass, evaluate: () => void): void {
    const c = this.change;
    // A statement touching the edited text runs; one after it is looked up where it was.
    const touched = c !== undefined && node.from < c.toB && node.to > c.fromB;
    const from = c !== undefined && node.from >= c.toB ? node.from - c.delta : node.from;
    const rec = touched ? undefined : this.previous.get(from);
    if (rec && this.replayable(rec, node, pass)) {
      const now = from === node.from ? rec : this.shifted(rec, c!, node.to);
      this.replay(now, pass);
      this.current.set(node.from, now);
      statementMemoStats.replayed++;
      return;
    }
    statementMemoStats.evaluated++;
    const fresh = this.record(node, pass, evaluate);
    if (fresh) this.current.set(node.from, fresh);
  }

  private replayable(rec: StatementRecord, node: SyntaxNode, pass: StatementPass): boolean {
    const { ev, interp, top, state } = pass;
    if (rec.text.length !== node.to - node.from || rec.kind !== node.name || ev.exhausted) return false;
    if (rec.visibleDevices !== state.visibleDevices) return false;
    // Within the budgets with room to spare: running it would have taken the same path.
    if (ev.workDone + rec.work > MAX_EVAL_WORK || interp.stepsDone + rec.steps > MAX_STEPS) return false;
    if (pass.text.slice(node.from, node.to) !== rec.text) return false;
    // What it read must be what it reads now: the same objects (or their copies, when moved), unchanged.
    const now = <T extends object>(o: T): T => (this.moved.get(o) as T | undefined) ?? o;
    for (const r of rec.reads) if (top.peek(r.name) !== (r.value && now(r.value)) || !unchanged(r.states, now)) return false;
    if (!unchanged(rec.outputs)) return false;
    return rec.cliKey === undefined || rec.cliKey === pass.cliKey();
  }

  /** The record of a statement that moved with the edit: its values and effects with their spans moved. */
  private shifted(rec: StatementRecord, c: TextChange, to: number): StatementRecord {
    const copy = <T>(v: T): T => shiftedCopy(v, c, this.moved);
    const state = (s: DictState): DictState => ({
      dict: copy(s.dict),
      partial: s.partial,
      items: s.items.map(copy),
      duplicates: s.duplicates,
      literalSpan: copy(s.literalSpan),
    });
    return {
      ...rec,
      to,
      reads: rec.reads.map((r) => ({ name: r.name, value: copy(r.value), states: r.states.map(state) })),
      writes: rec.writes.map(([name, v]) => [name, copy(v)] as const),
      outputs: rec.outputs.map(state),
      effects: rec.effects.map((e) => {
        const moved = copy(e);
        return 'at' in e ? { ...moved, at: movedOffset(c, e.at) } : moved;
      }),
    };
  }

  private replay(rec: StatementRecord, pass: StatementPass): void {
    for (const [name, v] of rec.writes) pass.top.set(name, v);
    for (const e of rec.effects) pass.state.apply(e);
    pass.ev.chargeReplayed(rec.work);
    pass.interp.chargeReplayed(rec.steps);
    if (rec.readsRank) pass.ev.readsRank = true;
  }

  private record(node: SyntaxNode, pass: StatementPass, evaluate: () => void): StatementRecord | undefined {
    const { ev, interp, top, state } = pass;
    const work = ev.workDone;
    const steps = interp.stepsDone;
    const visibleDevices = state.visibleDevices;
    const rankBefore = ev.readsRank;
    ev.readsRank = false;
    const watch = new Watch();
    const effects: FinderEffect[] = [];
    top.watch = watch;
    state.journal = effects;
    try {
      evaluate();
    } finally {
      top.watch = undefined;
      state.journal = undefined;
    }
    const readsRank = ev.readsRank;
    ev.readsRank = rankBefore || readsRank;
    if (ev.exhausted || watch.tooLarge || interp.stepsDone > MAX_STEPS) return undefined;
    // A statement that changed a dict it read has an effect no record holds: it runs every time.
    if (!watch.reads.every((r) => unchanged(r.states))) return undefined;
    const outputs: DictState[] = [];
    const seen = new Set<object>();
    for (const v of watch.writes.values()) if (!collectDictStates(v, outputs, seen, watch.room)) return undefined;
    const unresolved = effects.some((e) => (e.k === 'map' || e.k === 'computed') && e.map.modelUnresolved !== undefined);
    return {
      kind: node.name,
      to: node.to,
      text: pass.text.slice(node.from, node.to),
      reads: watch.reads,
      writes: [...watch.writes],
      outputs,
      effects,
      visibleDevices,
      work: ev.workDone - work,
      steps: interp.stepsDone - steps,
      readsRank,
      cliKey: unresolved ? pass.cliKey() : undefined,
    };
  }
}

const memos = new Map<string, StatementMemo>();

/** The statement memo of a document (by file name), the most recent few kept. */
export function statementMemoFor(key: string): StatementMemo {
  let memo = memos.get(key);
  if (memo) memos.delete(key);
  else memo = new StatementMemo();
  memos.set(key, memo);
  if (memos.size > MAX_DOCS) memos.delete(memos.keys().next().value!);
  return memo;
}
