/**
 * A static evaluator for the Python expressions people build device maps with:
 * literals, f-strings, arithmetic and comparisons on ints, conditionals, dict
 * literals with `**` merges, comprehensions over `range`/lists, and a few
 * builtins. Anything else evaluates to `unknown`; the evaluator never throws.
 */
import type { SyntaxNode } from '@lezer/common';
import { Env } from './env';
import { decodeStringLiteral, stringParts, unescapePython } from './pyString';
import { dottedName, isPunct, kids, spanOf } from './syntax';
import { copyDict, dictKey, MAX_ITEMS, newDict, num, truthy, unknown, type PyDict, type PyVal } from './values';
import { evalBinary, evalCall } from './evalOps';
import { MAX_EVAL_WORK } from '../../base/limits';
import { rankFromAttribute, rankFromSubscript, type RankReader } from './rankSources';
import { workMeter } from '../../base/workMeter';
import { bindTargets } from './bindTargets';
import { formatValue, parseNumber } from './pyNumbers';
import { SharedValues } from './sharedValues';

const MAX_DEPTH = 120;
const MAX_WORK = MAX_EVAL_WORK;

export class Evaluator implements RankReader {
  private depth = 0;
  /** A rank source was read (rankSources.ts): the file's maps may differ per process. */
  readsRank = false;
  /** `rank`: the process this pass evaluates for (rank reads give it); absent in the ordinary pass. */
  constructor(
    readonly text: string,
    readonly rank?: number,
  ) {}

  src(node: SyntaxNode): string {
    return this.text.slice(node.from, node.to);
  }

  /** Expressions evaluated so far: past MAX_WORK everything is unknown, so no file can stall the finder. */
  private work = 0;

  get exhausted(): boolean {
    return this.work > MAX_WORK;
  }

  /** Charges `n` units of work done in bulk (copying a merged dict); false once the budget is spent. */
  charge(n: number): boolean {
    workMeter.units += n;
    this.work += n;
    return this.work <= MAX_WORK;
  }

  /** Work charged so far (statementMemo.ts: a replayed statement charges what it cost when it ran). */
  get workDone(): number {
    return this.work;
  }

  /** Charges the recorded cost of a statement replayed instead of run; the meter counts only work really done. */
  chargeReplayed(n: number): void {
    this.work += n;
  }

  /** Where the budget ran out (the first expression left unevaluated), for the message that says so. */
  exhaustedAt: number | undefined;

  /** The running simple statement's values, shared between its call scan and itself (sharedValues.ts). */
  private shared: SharedValues | undefined;

  /** Runs one simple statement with its expressions shared between the call scan and the statement itself. */
  sharingWithin(env: Env, run: () => void): void {
    const outer = this.shared;
    this.shared = new SharedValues(env);
    try {
      run();
    } finally {
      this.shared = outer;
    }
  }

  eval(node: SyntaxNode, env: Env): PyVal {
    const s = this.shared;
    if (s === undefined || !s.shares(node, env)) return this.evalCounted(node, env);
    const hit = s.get(node);
    if (hit) return hit;
    const value = this.evalCounted(node, env);
    // A value cut short by the budget is not kept: a second look gives `unknown`, as it always did.
    if (!this.exhausted) s.set(node, value);
    return value;
  }

  private evalCounted(node: SyntaxNode, env: Env): PyVal {
    workMeter.units++;
    if (this.depth > MAX_DEPTH || ++this.work > MAX_WORK) {
      if (this.work > MAX_WORK) this.exhaustedAt ??= node.from;
      return unknown(spanOf(node));
    }
    this.depth++;
    try {
      return this.evalInner(node, env);
    } finally {
      this.depth--;
    }
  }

  private evalInner(node: SyntaxNode, env: Env): PyVal {
    const span = spanOf(node);
    switch (node.name) {
      case 'Number':
        return parseNumber(this.src(node), span);
      case 'String': {
        const d = decodeStringLiteral(this.src(node));
        return d ? { t: 'str', v: d.value, span, quote: d.quote } : unknown(span);
      }
      case 'FormatString':
        return this.evalFString(node, env);
      case 'ContinuedString': {
        let s = '';
        for (const c of kids(node)) {
          const v = this.eval(c, env);
          if (v.t !== 'str') return unknown(span);
          s += v.v;
        }
        return { t: 'str', v: s, span };
      }
      case 'Boolean':
        return { t: 'bool', v: this.src(node) === 'True', span };
      case 'None':
        return { t: 'none', span };
      case 'VariableName': {
        const name = this.src(node);
        return env.get(name) ?? { t: 'name', dotted: name, span };
      }
      case 'ParenthesizedExpression': {
        const inner = kids(node).filter((c) => !isPunct(c));
        return inner.length === 1 ? this.eval(inner[0]!, env) : unknown(span);
      }
      case 'MemberExpression':
        return this.evalMember(node, env);
      case 'UnaryExpression':
        return this.evalUnary(node, env);
      case 'BinaryExpression':
        return evalBinary(this, node, env);
      case 'ConditionalExpression': {
        const cs = kids(node);
        if (cs.length !== 5) return unknown(span);
        const c = truthy(this.eval(cs[2]!, env));
        return c === undefined ? unknown(span) : this.eval(c ? cs[0]! : cs[4]!, env);
      }
      case 'ArrayExpression':
      case 'TupleExpression': {
        const items: PyVal[] = [];
        for (const c of kids(node)) {
          if (isPunct(c)) continue;
          if (c.name === '*' || c.type.isError) return unknown(span);
          items.push(this.eval(c, env));
        }
        return { t: 'list', items, span };
      }
      case 'ArrayComprehensionExpression':
        return this.evalListComprehension(node, env);
      case 'DictionaryExpression':
        return this.evalDict(node, env);
      case 'DictionaryComprehensionExpression':
        return this.evalDictComprehension(node, env);
      case 'CallExpression':
        return evalCall(this, node, env);
      default:
        return unknown(span);
    }
  }

  private evalFString(node: SyntaxNode, env: Env): PyVal {
    const span = spanOf(node);
    const text = this.src(node);
    const p = stringParts(text);
    if (!p || !p.closed) return unknown(span);
    const literal = (s: string) => {
      const t = s.replace(/\{\{/g, '{').replace(/\}\}/g, '}');
      return p.raw ? t : unescapePython(t);
    };
    let out = '';
    let pos = node.from + p.bodyStart;
    const bodyEnd = node.from + p.bodyEnd;
    for (const rep of kids(node)) {
      if (rep.name !== 'FormatReplacement') continue;
      out += literal(this.text.slice(pos, rep.from));
      pos = rep.to;
      const parts = kids(rep).filter((c) => !isPunct(c));
      const expr = parts.find((c) => c.name !== 'FormatSpec' && c.name !== 'FormatConversion');
      const spec = parts.find((c) => c.name === 'FormatSpec');
      const conv = parts.find((c) => c.name === 'FormatConversion');
      if (!expr || (conv && this.src(conv) !== '!s')) return unknown(span);
      const formatted = formatValue(this.eval(expr, env), spec ? this.src(spec).slice(1) : '');
      if (formatted === undefined) return unknown(span);
      out += formatted;
    }
    out += literal(this.text.slice(pos, Math.max(pos, bodyEnd)));
    return { t: 'str', v: out, span, quote: p.quote };
  }

  private evalMember(node: SyntaxNode, env: Env): PyVal {
    const span = spanOf(node);
    const cs = kids(node);
    const dotted = dottedName(node, this.text);
    if (dotted !== undefined) {
      const attr = env.get(dotted);
      if (attr) return attr;
      const head = dotted.split('.')[0]!;
      const rank = dotted.includes('.') ? rankFromAttribute(this, dotted.slice(dotted.lastIndexOf('.') + 1), span) : undefined;
      if (rank) return rank;
      // A member of a local variable we track (`cfg.x`) is unknown; a member of a module name is a name.
      const base = env.get(head);
      if (!base || base.t === 'name') return { t: 'name', dotted: base ? base.dotted + dotted.slice(head.length) : dotted, span };
      return unknown(span);
    }
    // `PartialState().process_index`: an attribute of a call's result.
    if (cs.length === 3 && cs[1]!.name === '.' && cs[2]!.name === 'PropertyName') {
      const rank = rankFromAttribute(this, this.src(cs[2]!), span);
      if (rank) return rank;
    }
    if (cs.length >= 4 && cs[1]!.name === '[') {
      const obj = this.eval(cs[0]!, env);
      const key = this.eval(cs[2]!, env);
      const rank = rankFromSubscript(this, obj, key, span);
      if (rank) return rank;
      if (obj.t === 'dict') {
        const k = dictKey(key);
        const item = k === undefined ? undefined : obj.items.get(k);
        return item ? item.value : unknown(span);
      }
      if (obj.t === 'list' && key.t === 'int') {
        const i = key.v < 0 ? obj.items.length + key.v : key.v;
        return obj.items[i] ?? unknown(span);
      }
    }
    return unknown(span);
  }

  private evalUnary(node: SyntaxNode, env: Env): PyVal {
    const span = spanOf(node);
    const cs = kids(node);
    if (cs.length !== 2) return unknown(span);
    const op = this.src(cs[0]!);
    const v = this.eval(cs[1]!, env);
    if (op === 'not') {
      const b = truthy(v);
      return b === undefined ? unknown(span) : { t: 'bool', v: !b, span };
    }
    const n = num(v);
    if (n === undefined) return unknown(span);
    const r = op === '-' ? -n : op === '+' ? n : op === '~' && v.t !== 'float' ? ~n : undefined;
    if (r === undefined) return unknown(span);
    return v.t === 'float' ? { t: 'float', v: r, span } : { t: 'int', v: r, span };
  }

  /** `{k: v, **other}`: entries keep their own spans; unknown keys or merges make the dict partial. */
  evalDict(node: SyntaxNode, env: Env): PyDict {
    const span = spanOf(node);
    const d = newDict(span, span);
    const cs = kids(node).filter((c) => c.name !== '{' && c.name !== '}' && c.name !== ',');
    for (let i = 0; i < cs.length; i++) {
      const c = cs[i]!;
      if (c.type.isError) {
        d.partial = true;
        continue;
      }
      if (c.name === '**') {
        const src = cs[i + 1];
        i++;
        const v = src ? this.eval(src, env) : undefined;
        // Every merge is charged: doubling `{**a, **{...}}` chains must hit the budget, not copy millions of entries.
        if (v?.t === 'dict' && (!this.charge(v.items.size) || d.items.size + v.items.size > MAX_ITEMS)) d.partial = true;
        else if (v?.t === 'dict') {
          const merged = copyDict(v, span, 'merge');
          for (const [k, it] of merged.items) {
            d.items.delete(k);
            d.items.set(k, it);
          }
          if (v.partial) d.partial = true;
        } else d.partial = true;
        continue;
      }
      const colon = cs[i + 1];
      const valueNode = cs[i + 2];
      if (colon?.name !== ':' || !valueNode || valueNode.type.isError) {
        d.partial = true;
        i += 2;
        continue;
      }
      i += 2;
      const k = dictKey(this.eval(c, env));
      if (k === undefined) {
        d.partial = true;
        continue;
      }
      // Python keeps the first position of a repeated key and the last value.
      const prev = d.items.get(k);
      const item = {
        key: k,
        keySpan: spanOf(c),
        value: this.eval(valueNode, env),
        valueSpan: spanOf(valueNode),
        entrySpan: { start: c.from, end: valueNode.to },
        origin: 'literal' as const,
      };
      if (prev && prev.origin === 'literal') {
        (d.duplicates ??= []).push({ key: k, span: prev.keySpan, overriddenBy: item.keySpan });
        d.items.set(k, item);
      } else {
        d.items.delete(k);
        d.items.set(k, item);
      }
    }
    return d;
  }

  private evalDictComprehension(node: SyntaxNode, env: Env): PyVal {
    const span = spanOf(node);
    const cs = kids(node).filter((c) => c.name !== '{' && c.name !== '}');
    const d = newDict(span);
    const [keyNode, colon, valueNode] = cs;
    if (!keyNode || colon?.name !== ':' || !valueNode) {
      d.partial = true;
      return d;
    }
    const ok = this.iterateClauses(cs.slice(3), env, (scope) => {
      const k = dictKey(this.eval(keyNode, scope));
      if (k === undefined) {
        d.partial = true;
        return;
      }
      const v = this.eval(valueNode, scope);
      d.items.delete(k);
      d.items.set(k, {
        key: k,
        keySpan: spanOf(keyNode),
        value: v,
        valueSpan: spanOf(valueNode),
        entrySpan: span,
        origin: 'comprehension',
      });
    });
    if (!ok) d.partial = true;
    return d;
  }

  private evalListComprehension(node: SyntaxNode, env: Env): PyVal {
    const span = spanOf(node);
    const cs = kids(node).filter((c) => c.name !== '[' && c.name !== ']');
    const items: PyVal[] = [];
    const itemNode = cs[0];
    if (!itemNode) return unknown(span);
    const ok = this.iterateClauses(cs.slice(1), env, (scope) => {
      items.push(this.eval(itemNode, scope));
    });
    return ok ? { t: 'list', items, span } : unknown(span);
  }

  /**
   * Runs `for ... in ... [if ...]` clauses, calling `body` for each binding.
   * Returns false when an iterable or condition is unknown or the item budget runs out.
   */
  iterateClauses(clauses: SyntaxNode[], env: Env, body: (scope: Env) => void): boolean {
    let count = 0;
    const run = (i: number, scope: Env): boolean => {
      if (i >= clauses.length) {
        if (++count > MAX_ITEMS) return false;
        body(scope);
        return true;
      }
      const c = clauses[i]!;
      if (c.name === 'if') {
        const cond = clauses[i + 1];
        const b = cond ? truthy(this.eval(cond, scope)) : undefined;
        if (b === undefined) return false;
        return b ? run(i + 2, scope) : true;
      }
      if (c.name !== 'for' && c.name !== 'async') return false;
      if (c.name === 'async') return run(i + 1, scope);
      const inAt = clauses.findIndex((n, j) => j > i && n.name === 'in');
      const iterNode = clauses[inAt + 1];
      if (inAt < 0 || !iterNode) return false;
      const targets = clauses.slice(i + 1, inAt).filter((n) => !isPunct(n));
      const iter = this.eval(iterNode, scope);
      if (iter.t !== 'list') return false;
      for (const item of iter.items) {
        const inner = new Env(scope);
        bindTargets(this, targets, item, inner);
        if (!run(inAt + 2, inner)) return false;
      }
      return true;
    };
    return run(0, env);
  }
}
