/**
 * Runs a Python file's statements in order, statically, so that dicts built
 * step by step (`d = {}`, `d[k] = v`, `d.update(...)`, loops over `range`)
 * hold their concrete entries when a loader call receives them. Branches whose
 * condition is unknown still run, but mark what they change as partial.
 */
import type { SyntaxNode } from '@lezer/common';
import { Env } from './env';
import { bindTargets, dictKey, type Evaluator } from './evaluate';
import { resolveCallee } from './evalOps';
import { callArgs, isPunct, kids, spanOf } from './syntax';
import { copyDict, truthy, unknown, type PyDict, type PyVal } from './values';

/** Statements executed before loops stop unrolling (keeps pathological files fast). */
const MAX_STEPS = 200_000;

export interface InterpretHooks {
  /** Every call expression reached, with the scope it runs in (may repeat inside loops). */
  onCall(call: SyntaxNode, callee: string | undefined, env: Env): void;
  /** `os.environ["CUDA_VISIBLE_DEVICES"] = v` and friends. */
  onEnviron(name: string, value: PyVal): void;
}

const COMPOUND_BODY = new Set(['Body']);
/** Calls that read a dict but never change it. */
const PURE_CALLS = new Set(['print', 'len', 'json.dumps', 'json.dump', 'pprint', 'pprint.pprint', 'repr', 'str', 'logging.info', 'logger.info', 'list', 'sorted', 'set']);

export class Interpreter {
  private steps = 0;
  constructor(private readonly ev: Evaluator, private readonly hooks: InterpretHooks) {}

  runBlock(nodes: readonly SyntaxNode[], env: Env, conditional: boolean): void {
    for (const n of nodes) this.runStatement(n, env, conditional);
  }

  private bodyStatements(body: SyntaxNode | undefined): SyntaxNode[] {
    return body ? kids(body).filter((c) => !isPunct(c)) : [];
  }

  runStatement(node: SyntaxNode, env: Env, conditional: boolean): void {
    this.steps++;
    switch (node.name) {
      case 'StatementGroup': return this.runBlock(kids(node).filter((c) => c.name !== ';'), env, conditional);
      case 'AssignStatement': this.scanCalls(node, env); return this.assign(node, env, conditional);
      case 'UpdateStatement': this.scanCalls(node, env); return this.update(node, env);
      case 'ExpressionStatement': this.scanCalls(node, env); return this.expressionStatement(node, env, conditional);
      case 'DeleteStatement': {
        for (const t of kids(node)) this.deleteTarget(t, env);
        return;
      }
      case 'ImportStatement': return this.importAliases(node, env);
      case 'IfStatement': return this.ifStatement(node, env, conditional);
      case 'ForStatement': return this.forStatement(node, env, conditional);
      case 'WhileStatement': {
        this.scanCalls(node, env);
        const body = kids(node).filter((c) => c.name === 'Body');
        for (const b of body) this.runBlock(this.bodyStatements(b), env, true);
        return;
      }
      case 'WithStatement': case 'TryStatement': {
        this.scanCalls(node, env);
        kids(node).filter((c) => c.name === 'Body').forEach((b, i) => {
          this.runBlock(this.bodyStatements(b), env, conditional || (node.name === 'TryStatement' && i > 0));
        });
        return;
      }
      case 'FunctionDefinition': case 'ClassDefinition': {
        const scope = new Env(env);
        const params = kids(node).find((c) => c.name === 'ParamList');
        if (params) for (const p of kids(params)) if (p.name === 'VariableName') scope.set(this.ev.src(p), unknown(spanOf(p)));
        const name = kids(node).find((c) => c.name === 'VariableName');
        if (name) env.set(this.ev.src(name), unknown(spanOf(name)));
        for (const b of kids(node).filter((c) => c.name === 'Body')) this.runBlock(this.bodyStatements(b), scope, false);
        return;
      }
      case 'DecoratedStatement': {
        for (const c of kids(node)) if (c.name !== 'Decorator') this.runStatement(c, env, conditional);
        return;
      }
      default: this.scanCalls(node, env);
    }
  }

  /** Reports every call in a statement (not in nested bodies or lambdas) to the hooks. */
  scanCalls(node: SyntaxNode, env: Env): void {
    const cursor = node.cursor();
    const visit = (): void => {
      do {
        const name = cursor.name;
        if (COMPOUND_BODY.has(name) || name === 'LambdaExpression') continue;
        if (name === 'CallExpression') {
          const call = cursor.node;
          const calleeNode = call.firstChild;
          this.hooks.onCall(call, calleeNode ? resolveCallee(this.ev, calleeNode, env) : undefined, env);
        }
        if (cursor.firstChild()) { visit(); cursor.parent(); }
      } while (cursor.nextSibling());
    };
    if (cursor.firstChild()) visit();
  }

  private assign(node: SyntaxNode, env: Env, conditional: boolean): void {
    const cs = kids(node).filter((c) => c.name !== 'TypeDef' && c.name !== ',');
    const groups: SyntaxNode[][] = [[]];
    for (const c of cs) c.name === 'AssignOp' ? groups.push([]) : groups[groups.length - 1]!.push(c);
    const valueNodes = groups.pop()!;
    if (groups.length === 0 || valueNodes.length === 0) return;
    let value: PyVal = valueNodes.length === 1
      ? this.ev.eval(valueNodes[0]!, env)
      : { t: 'list', items: valueNodes.map((v) => this.ev.eval(v, env)), span: spanOf(node) };
    if (conditional && value.t === 'dict') {
      // The variable may keep its old value on the other path: never claim the dict is complete.
      value = copyDict(value, value.span);
      if (valueNodes[0]?.name === 'DictionaryExpression') (value as PyDict).literalSpan = value.span;
      (value as PyDict).partial = true;
    }
    for (const targets of groups) {
      if (targets.length === 1 && targets[0]!.name === 'MemberExpression') this.assignItem(targets[0]!, valueNodes[0]!, value, env, conditional, node);
      else bindTargets(this.ev, targets, value, env);
    }
  }

  /** `d[k] = v` on a tracked dict, or `os.environ[name] = v`. */
  private assignItem(target: SyntaxNode, valueNode: SyntaxNode, value: PyVal, env: Env, conditional: boolean, stmt: SyntaxNode): void {
    const cs = kids(target);
    if (cs.length < 4 || cs[1]!.name !== '[') return;
    const objNode = cs[0]!;
    const keyNode = cs[2]!;
    const key = this.ev.eval(keyNode, env);
    const objName = this.ev.src(objNode);
    if (objName === 'os.environ' || objName === 'environ') {
      if (key.t === 'str') this.hooks.onEnviron(key.v, conditional ? unknown(value.span) : value);
      return;
    }
    const obj = this.ev.eval(objNode, env);
    if (obj.t !== 'dict') return;
    const k = dictKey(key);
    if (k === undefined || conditional) obj.partial = true;
    if (k === undefined) return;
    if (!obj.items.has(k) || obj.items.get(k)!.origin !== 'literal') obj.items.delete(k);
    obj.items.set(k, {
      key: k, keySpan: spanOf(keyNode), value, valueSpan: spanOf(valueNode),
      entrySpan: spanOf(stmt), origin: this.loopDepth > 0 ? 'loop' : 'item',
    });
  }

  private loopDepth = 0;

  private update(node: SyntaxNode, env: Env): void {
    const cs = kids(node);
    const target = cs[0];
    const op = cs[1] ? this.ev.src(cs[1]) : '';
    const valueNode = cs[2];
    if (!target) return;
    if (target.name === 'VariableName') {
      const cur = env.get(this.ev.src(target));
      const v = valueNode ? this.ev.eval(valueNode, env) : undefined;
      if (op === '|=' && cur?.t === 'dict' && v?.t === 'dict') return this.mergeInto(cur, v, 'update');
      if (cur?.t === 'dict') cur.partial = true;
      env.set(this.ev.src(target), unknown(spanOf(node)));
      return;
    }
    this.markTouched(target, env);
  }

  private expressionStatement(node: SyntaxNode, env: Env, conditional: boolean): void {
    const call = kids(node)[0];
    if (call?.name !== 'CallExpression') return;
    const [calleeNode, argList] = kids(call);
    const args = callArgs(argList ?? null, this.ev.text);
    if (calleeNode?.name === 'MemberExpression') {
      const mc = kids(calleeNode);
      const method = mc[2] ? this.ev.src(mc[2]) : '';
      const objName = mc[0] ? this.ev.src(mc[0]) : '';
      const obj = mc[0] && mc[1]?.name === '.' ? this.ev.eval(mc[0], env) : undefined;
      if ((objName === 'os.environ' || objName === 'environ') && method === 'setdefault' && args[0]) {
        const k = this.ev.eval(args[0].value, env);
        const v = args[1] ? this.ev.eval(args[1].value, env) : unknown(spanOf(call));
        if (k.t === 'str') this.hooks.onEnviron(k.v, conditional ? unknown(v.span) : v);
        return;
      }
      if (obj?.t === 'dict') return this.dictMethod(obj, method, args, env, conditional, call);
    }
    // A tracked dict handed to an unknown function may be filled there.
    const callee = calleeNode ? resolveCallee(this.ev, calleeNode, env) : undefined;
    if (!callee || !PURE_CALLS.has(callee)) {
      for (const a of args) {
        const v = a.value.name === 'VariableName' ? env.get(this.ev.src(a.value)) : undefined;
        if (v?.t === 'dict') v.partial = true;
      }
    }
  }

  private dictMethod(obj: PyDict, method: string, args: ReturnType<typeof callArgs>, env: Env, conditional: boolean, call: SyntaxNode): void {
    if (conditional) obj.partial = true;
    if (method === 'update') {
      for (const a of args) {
        if (a.kind === 'keyword' && a.name) {
          const v = this.ev.eval(a.value, env);
          obj.items.delete(a.name);
          obj.items.set(a.name, { key: a.name, keySpan: { start: a.span.start, end: a.span.start + a.name.length }, value: v, valueSpan: spanOf(a.value), entrySpan: a.span, origin: 'update' });
          continue;
        }
        const v = this.ev.eval(a.value, env);
        if (v.t === 'dict') this.mergeInto(obj, v, 'update');
        else obj.partial = true;
      }
      return;
    }
    if (method === 'pop' && args[0]) {
      const k = dictKey(this.ev.eval(args[0].value, env));
      if (k === undefined) obj.partial = true;
      else obj.items.delete(k);
      return;
    }
    if (method === 'clear') { obj.items.clear(); return; }
    if (method === 'setdefault' && args[0]) {
      const k = dictKey(this.ev.eval(args[0].value, env));
      if (k === undefined) { obj.partial = true; return; }
      if (!obj.items.has(k) && args[1]) {
        obj.items.set(k, { key: k, keySpan: spanOf(args[0].value), value: this.ev.eval(args[1].value, env), valueSpan: spanOf(args[1].value), entrySpan: spanOf(call), origin: 'item' });
      }
      return;
    }
    if (method !== 'get' && method !== 'items' && method !== 'keys' && method !== 'values') obj.partial = true;
  }

  private mergeInto(target: PyDict, src: PyDict, origin: 'update' | 'merge'): void {
    for (const [k, it] of copyDict(src, src.span, origin).items) {
      target.items.delete(k);
      target.items.set(k, it);
    }
    if (src.partial) target.partial = true;
  }

  private deleteTarget(t: SyntaxNode, env: Env): void {
    if (t.name !== 'MemberExpression') return;
    const cs = kids(t);
    if (cs.length < 4 || cs[1]!.name !== '[') return;
    const obj = this.ev.eval(cs[0]!, env);
    if (obj.t !== 'dict') return;
    const k = dictKey(this.ev.eval(cs[2]!, env));
    if (k === undefined) obj.partial = true;
    else obj.items.delete(k);
  }

  /** Something inside a tracked dict changed in a way we do not follow (`d[k] += 1`). */
  private markTouched(target: SyntaxNode, env: Env): void {
    const base = target.firstChild;
    const v = base ? this.ev.eval(base, env) : undefined;
    if (v?.t === 'dict') v.partial = true;
  }

  private importAliases(node: SyntaxNode, env: Env): void {
    const cs = kids(node);
    for (let i = 0; i + 2 < cs.length; i++) {
      if (cs[i + 1]!.name === 'as' && cs[i + 2]!.name === 'VariableName') {
        const original = this.ev.src(cs[i]!);
        env.set(this.ev.src(cs[i + 2]!), { t: 'name', dotted: original, span: spanOf(cs[i]!) });
      }
    }
  }

  private ifStatement(node: SyntaxNode, env: Env, conditional: boolean): void {
    this.scanCalls(node, env);
    const cs = kids(node);
    let anyUnknown = false;
    for (let i = 0; i < cs.length; i++) {
      const c = cs[i]!;
      if (c.name === 'if' || c.name === 'elif') {
        const cond = cs[i + 1];
        const body = cs[i + 2];
        const b = cond && body?.name === 'Body' && !anyUnknown ? truthy(this.ev.eval(cond, env)) : undefined;
        if (b === true) { this.runBlock(this.bodyStatements(body), env, conditional); return; }
        if (b === undefined) { anyUnknown = true; this.runBlock(this.bodyStatements(body?.name === 'Body' ? body : undefined), env, true); }
        i += 2;
      } else if (c.name === 'else') {
        const body = cs[i + 1];
        this.runBlock(this.bodyStatements(body?.name === 'Body' ? body : undefined), env, conditional || anyUnknown);
        return;
      }
    }
  }

  private forStatement(node: SyntaxNode, env: Env, conditional: boolean): void {
    this.scanCalls(node, env);
    const cs = kids(node);
    const inAt = cs.findIndex((c) => c.name === 'in');
    const iterNode = cs[inAt + 1];
    const body = cs.find((c) => c.name === 'Body');
    const targets = cs.slice(1, Math.max(1, inAt)).filter((c) => !isPunct(c));
    const statements = this.bodyStatements(body);
    const iter = iterNode ? this.ev.eval(iterNode, env) : undefined;
    const hasJumps = body ? /\b(break|continue)\b/.test(this.ev.src(body)) : false;
    this.loopDepth++;
    try {
      if (iter?.t === 'list' && !hasJumps && this.steps + iter.items.length * Math.max(1, statements.length) < MAX_STEPS) {
        for (const item of iter.items) {
          bindTargets(this.ev, targets, item, env);
          this.runBlock(statements, env, conditional);
        }
      } else {
        bindTargets(this.ev, targets, unknown(iterNode ? spanOf(iterNode) : spanOf(node)), env);
        this.runBlock(statements, env, true);
      }
    } finally {
      this.loopDepth--;
    }
    const elseBody = cs.filter((c) => c.name === 'Body')[1];
    if (elseBody) this.runBlock(this.bodyStatements(elseBody), env, true);
  }
}

