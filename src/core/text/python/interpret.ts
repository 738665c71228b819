/**
 * Runs a Python file's statements in order, statically, so that dicts built
 * step by step (`d = {}`, `d[k] = v`, `d.update(...)`, loops over `range`)
 * hold their concrete entries when a loader call receives them. A branch whose
 * condition is unknown runs in its own layer: exact inside, and what it changed
 * is uncertain (partial) after it. Work is bounded, so no file can stall this.
 */
import type { SyntaxNode } from '@lezer/common';
import { Env } from './env';
import { bindTargets } from './bindTargets';
import type { Evaluator } from './evaluate';
import { resolveCallee } from './evalOps';
import { callArgs, dottedName, isPunct, kids, spanOf } from './syntax';
import { dictMethod, mergeDict, READ_METHODS, setItem } from './dictMutations';
import { dictKey, truthy, unknown, type PyDict, type PyVal } from './values';

/** Statements executed before loops stop unrolling (keeps pathological files fast). */
export const MAX_STEPS = 50_000;

export interface InterpretHooks {
  /** Every call expression reached, with the scope it runs in (may repeat inside loops). */
  onCall(call: SyntaxNode, callee: string | undefined, env: Env): void;
  /** `os.environ["CUDA_VISIBLE_DEVICES"] = v` and friends. */
  onEnviron(name: string, value: PyVal): void;
}

const COMPOUND_BODY = new Set(['Body']);
/** Calls that read a dict but never change it. */
const PURE_CALLS = new Set([
  'print',
  'len',
  'json.dumps',
  'json.dump',
  'pprint',
  'pprint.pprint',
  'repr',
  'str',
  'logging.info',
  'logger.info',
  'list',
  'sorted',
  'set',
]);

export class Interpreter {
  private steps = 0;

  /** Statements charged so far (a replayed statement adds what it cost when it ran). */
  get stepsDone(): number {
    return this.steps;
  }

  chargeReplayed(steps: number): void {
    this.steps += steps;
  }

  constructor(
    private readonly ev: Evaluator,
    private readonly hooks: InterpretHooks,
  ) {}

  runBlock(nodes: readonly SyntaxNode[], env: Env): void {
    for (const n of nodes) this.runStatement(n, env);
  }

  /** Statements that may or may not run: exact inside, uncertain afterwards. */
  private runBranch(nodes: readonly SyntaxNode[], env: Env): void {
    const branch = new Env(env, 'branch');
    this.runBlock(nodes, branch);
    branch.mergeInto(env);
  }

  private bodyStatements(body: SyntaxNode | undefined): SyntaxNode[] {
    return body ? kids(body).filter((c) => !isPunct(c)) : [];
  }

  runStatement(node: SyntaxNode, env: Env): void {
    // Long statements cost more: the budget bounds the text processed, not just the statement count.
    this.steps += 1 + ((node.to - node.from) >> 5);
    switch (node.name) {
      case 'StatementGroup':
        return this.runBlock(
          kids(node).filter((c) => c.name !== ';'),
          env,
        );
      case 'AssignStatement':
        return this.ev.sharingWithin(env, () => {
          this.scanCalls(node, env);
          this.assign(node, env);
        });
      case 'UpdateStatement':
        return this.ev.sharingWithin(env, () => {
          this.scanCalls(node, env);
          this.update(node, env);
        });
      case 'ExpressionStatement':
        return this.ev.sharingWithin(env, () => {
          this.scanCalls(node, env);
          this.expressionStatement(node, env);
        });
      case 'DeleteStatement': {
        for (const t of kids(node)) this.deleteTarget(t, env);
        return;
      }
      case 'ImportStatement':
        return this.importAliases(node, env);
      case 'IfStatement':
        return this.ifStatement(node, env);
      case 'ForStatement':
        return this.forStatement(node, env);
      case 'WhileStatement': {
        this.scanCalls(node, env);
        for (const b of kids(node).filter((c) => c.name === 'Body')) this.runBranch(this.bodyStatements(b), env);
        return;
      }
      case 'WithStatement':
      case 'TryStatement': {
        this.scanCalls(node, env);
        // `except` handlers may not run; the try body, `else` and `finally` are taken as running.
        let handler = false;
        for (const c of kids(node)) {
          if (c.name === 'except') handler = true;
          else if (c.name === 'else' || c.name === 'finally') handler = false;
          else if (c.name === 'Body') handler ? this.runBranch(this.bodyStatements(c), env) : this.runBlock(this.bodyStatements(c), env);
        }
        return;
      }
      case 'FunctionDefinition':
      case 'ClassDefinition': {
        const scope = new Env(env, 'function');
        const params = kids(node).find((c) => c.name === 'ParamList');
        if (params) for (const p of kids(params)) if (p.name === 'VariableName') scope.set(this.ev.src(p), unknown(spanOf(p)));
        const name = kids(node).find((c) => c.name === 'VariableName');
        if (name) env.set(this.ev.src(name), unknown(spanOf(name)));
        for (const b of kids(node).filter((c) => c.name === 'Body')) this.runBlock(this.bodyStatements(b), scope);
        scope.releaseCopies();
        return;
      }
      case 'DecoratedStatement': {
        for (const c of kids(node)) if (c.name !== 'Decorator') this.runStatement(c, env);
        return;
      }
      default: {
        // Other compound statements (`match`, future syntax): their bodies may run.
        this.scanCalls(node, env);
        for (const b of nestedBodies(node)) this.runBranch(this.bodyStatements(b), env);
      }
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
        if (cursor.firstChild()) {
          visit();
          cursor.parent();
        }
      } while (cursor.nextSibling());
    };
    if (cursor.firstChild()) visit();
  }

  private assign(node: SyntaxNode, env: Env): void {
    const cs = kids(node).filter((c) => c.name !== 'TypeDef' && c.name !== ',');
    const groups: SyntaxNode[][] = [[]];
    for (const c of cs) c.name === 'AssignOp' ? groups.push([]) : groups[groups.length - 1]!.push(c);
    const valueNodes = groups.pop()!;
    if (groups.length === 0 || valueNodes.length === 0) return;
    const value: PyVal =
      valueNodes.length === 1
        ? this.ev.eval(valueNodes[0]!, env)
        : { t: 'list', items: valueNodes.map((v) => this.ev.eval(v, env)), span: spanOf(node) };
    for (const targets of groups) {
      const t = targets[0]!;
      const attr = targets.length === 1 && t.name === 'MemberExpression' ? dottedName(t, this.ev.text) : undefined;
      if (attr !== undefined) env.setAttribute(attr, value);
      else if (targets.length === 1 && t.name === 'MemberExpression') this.assignItem(t, valueNodes[0]!, value, env, node);
      else bindTargets(this.ev, targets, value, env);
    }
  }

  /** The dict a statement changes through `objNode`, copied first when a branch changes an outer dict. */
  private targetDict(objNode: SyntaxNode, env: Env): PyDict | undefined {
    if (objNode.name === 'VariableName') return env.ownDict(this.ev.src(objNode));
    const v = this.ev.eval(objNode, env);
    if (v.t !== 'dict') return undefined;
    // Reached through an attribute or index: cannot be copied, so a branch leaves it uncertain.
    if (env.uncertain) v.partial = true;
    return v;
  }

  /** `d[k] = v` on a tracked dict, or `os.environ[name] = v`. */
  private assignItem(target: SyntaxNode, valueNode: SyntaxNode, value: PyVal, env: Env, stmt: SyntaxNode): void {
    const cs = kids(target);
    if (cs.length < 4 || cs[1]!.name !== '[') return;
    const objNode = cs[0]!;
    const keyNode = cs[2]!;
    const key = this.ev.eval(keyNode, env);
    const objName = this.ev.src(objNode);
    if (objName === 'os.environ' || objName === 'environ') {
      if (key.t === 'str') this.hooks.onEnviron(key.v, env.uncertain ? unknown(value.span) : value);
      return;
    }
    const obj = this.targetDict(objNode, env);
    if (obj) setItem(obj, key, keyNode, value, valueNode, stmt, this.loopDepth > 0 ? 'loop' : 'item');
  }

  private loopDepth = 0;

  private update(node: SyntaxNode, env: Env): void {
    const cs = kids(node);
    const target = cs[0];
    const op = cs[1] ? this.ev.src(cs[1]) : '';
    const valueNode = cs[2];
    if (!target) return;
    if (target.name === 'VariableName') {
      const cur = this.targetDict(target, env);
      const v = valueNode ? this.ev.eval(valueNode, env) : undefined;
      if (op === '|=' && cur && v?.t === 'dict') return mergeDict(cur, v, 'update');
      if (cur) cur.partial = true;
      else env.set(this.ev.src(target), unknown(spanOf(node)));
      return;
    }
    // `d[k] += 1`: a change we do not follow.
    const base = target.firstChild;
    const obj = base ? this.targetDict(base, env) : undefined;
    if (obj) obj.partial = true;
  }

  private expressionStatement(node: SyntaxNode, env: Env): void {
    const call = kids(node)[0];
    if (call?.name !== 'CallExpression') return;
    const [calleeNode, argList] = kids(call);
    const args = callArgs(argList ?? null, this.ev.text);
    if (calleeNode?.name === 'MemberExpression') {
      const mc = kids(calleeNode);
      const method = mc[2] ? this.ev.src(mc[2]) : '';
      const objNode = mc[0];
      const objName = objNode ? this.ev.src(objNode) : '';
      if ((objName === 'os.environ' || objName === 'environ') && method === 'setdefault' && args[0]) {
        const k = this.ev.eval(args[0].value, env);
        const v = args[1] ? this.ev.eval(args[1].value, env) : unknown(spanOf(call));
        if (k.t === 'str') this.hooks.onEnviron(k.v, env.uncertain ? unknown(v.span) : v);
        return;
      }
      if (objNode && mc[1]?.name === '.' && !READ_METHODS.has(method) && this.ev.eval(objNode, env).t === 'dict') {
        const obj = this.targetDict(objNode, env);
        if (obj) return dictMethod(this.ev, obj, method, args, env, call);
      }
    }
    // A tracked dict handed to an unknown function may be filled there.
    const callee = calleeNode ? resolveCallee(this.ev, calleeNode, env) : undefined;
    if (!callee || !PURE_CALLS.has(callee)) {
      for (const a of args) {
        if (a.value.name !== 'VariableName' || env.get(this.ev.src(a.value))?.t !== 'dict') continue;
        const d = this.targetDict(a.value, env);
        if (d) d.partial = true;
      }
    }
  }

  private deleteTarget(t: SyntaxNode, env: Env): void {
    if (t.name !== 'MemberExpression') return;
    const cs = kids(t);
    if (cs.length < 4 || cs[1]!.name !== '[') return;
    const obj = this.ev.eval(cs[0]!, env).t === 'dict' ? this.targetDict(cs[0]!, env) : undefined;
    if (!obj) return;
    const k = dictKey(this.ev.eval(cs[2]!, env));
    if (k === undefined) obj.partial = true;
    else obj.items.delete(k);
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

  private ifStatement(node: SyntaxNode, env: Env): void {
    this.scanCalls(node, env);
    const cs = kids(node);
    let anyUnknown = false;
    for (let i = 0; i < cs.length; i++) {
      const c = cs[i]!;
      if (c.name === 'if' || c.name === 'elif') {
        const cond = cs[i + 1];
        const body = cs[i + 2]?.name === 'Body' ? cs[i + 2] : undefined;
        const b = cond && body && !anyUnknown ? truthy(this.ev.eval(cond, env)) : undefined;
        if (b === true) {
          this.runBlock(this.bodyStatements(body), env);
          return;
        }
        if (b === undefined) {
          anyUnknown = true;
          this.runBranch(this.bodyStatements(body), env);
        }
        i += 2;
      } else if (c.name === 'else') {
        const body = cs[i + 1]?.name === 'Body' ? cs[i + 1] : undefined;
        if (anyUnknown) this.runBranch(this.bodyStatements(body), env);
        else this.runBlock(this.bodyStatements(body), env);
        return;
      }
    }
  }

  private forStatement(node: SyntaxNode, env: Env): void {
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
      let done = 0;
      if (iter?.t === 'list' && !hasJumps) {
        for (const item of iter.items) {
          // Past the step budget the remaining iterations are not unrolled: one uncertain pass instead.
          if (this.steps > MAX_STEPS || this.ev.exhausted) break;
          bindTargets(this.ev, targets, item, env);
          this.runBlock(statements, env);
          done++;
        }
      }
      if (iter?.t !== 'list' || hasJumps || done < iter.items.length) {
        // Runs an unknown number of times: once, as a branch, with the loop variable unknown.
        const branch = new Env(env, 'branch');
        bindTargets(this.ev, targets, unknown(iterNode ? spanOf(iterNode) : spanOf(node)), branch);
        this.runBlock(statements, branch);
        branch.mergeInto(env);
      }
    } finally {
      this.loopDepth--;
    }
    const elseBody = cs.filter((c) => c.name === 'Body')[1];
    if (elseBody) this.runBranch(this.bodyStatements(elseBody), env);
  }
}

/** `Body` nodes directly under a statement (through `MatchBody` / `MatchClause` and the like). */
function nestedBodies(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (const c of kids(node)) {
    if (c.name === 'Body') out.push(c);
    else if (/Body$|Clause$/.test(c.name)) out.push(...nestedBodies(c));
  }
  return out;
}
