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

  /** Starts a pass: the records of the last pass are the ones that may be replayed. */
  begin(): void {
    this.previous = this.current;
    this.current = new Map();
  }

  run(node: SyntaxNode, pass: StatementPass, evaluate: () => void): void {
    const rec = this.previous.get(node.from);
    if (rec && this.replayable(rec, node, pass)) {
      this.replay(rec, pass);
      this.current.set(node.from, rec);
      statementMemoStats.replayed++;
      return;
    }
    statementMemoStats.evaluated++;
    const fresh = this.record(node, pass, evaluate);
    if (fresh) this.current.set(node.from, fresh);
  }

  private replayable(rec: StatementRecord, node: SyntaxNode, pass: StatementPass): boolean {
    const { ev, interp, top, state } = pass;
    if (rec.to !== node.to || rec.kind !== node.name || ev.exhausted) return false;
    if (rec.visibleDevices !== state.visibleDevices) return false;
    // Within the budgets with room to spare: running it would have taken the same path.
    if (ev.workDone + rec.work > MAX_EVAL_WORK || interp.stepsDone + rec.steps > MAX_STEPS) return false;
    if (pass.text.slice(node.from, node.to) !== rec.text) return false;
    for (const r of rec.reads) if (top.peek(r.name) !== r.value || !unchanged(r.states)) return false;
    if (!unchanged(rec.outputs)) return false;
    return rec.cliKey === undefined || rec.cliKey === pass.cliKey();
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
