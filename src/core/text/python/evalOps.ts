/** Operators and builtin calls for the static evaluator (split out to keep files small). */
import { isInferAutoDeviceMap } from './accelerateCalls';
import type { SyntaxNode } from '@lezer/common';
import type { Env } from './env';
import type { Evaluator } from './evaluate';
import { callArgs, dottedName, kids, spanOf } from './syntax';
import { MAX_EVAL_STRING_CHARS } from '../../base/limits';
import { rankFromCall } from './rankSources';
import { copyDict, dictKey, MAX_ITEMS, newDict, num, pyStr, truthy, unknown, type PyVal } from './values';

export function evalBinary(ev: Evaluator, node: SyntaxNode, env: Env): PyVal {
  const span = spanOf(node);
  const cs = kids(node);
  if (cs.length < 3) return unknown(span);
  const left = cs[0]!;
  const right = cs[cs.length - 1]!;
  const op = cs
    .slice(1, -1)
    .map((c) => ev.src(c))
    .join(' ');
  if (op === 'and' || op === 'or') {
    const l = ev.eval(left, env);
    const b = truthy(l);
    if (b === undefined) return unknown(span);
    return (op === 'and') === b ? ev.eval(right, env) : l;
  }
  const a = ev.eval(left, env);
  const b = ev.eval(right, env);
  if (op === 'in' || op === 'not in') {
    const r = contains(b, a);
    return r === undefined ? unknown(span) : { t: 'bool', v: op === 'in' ? r : !r, span };
  }
  if (a.t === 'str' || b.t === 'str') return strOp(op, a, b, span);
  if (a.t === 'dict' && b.t === 'dict' && op === '|') {
    if (!ev.charge(a.items.size + b.items.size) || a.items.size + b.items.size > MAX_ITEMS) return unknown(span);
    const d = copyDict(a, span, 'merge');
    for (const [k, it] of copyDict(b, span, 'merge').items) {
      d.items.delete(k);
      d.items.set(k, it);
    }
    d.partial = a.partial || b.partial;
    return d;
  }
  const x = num(a);
  const y = num(b);
  if (x === undefined || y === undefined) {
    if ((op === '==' || op === '!=') && a.t === 'none' && b.t === 'none') return { t: 'bool', v: op === '==', span };
    return unknown(span);
  }
  const isFloat = a.t === 'float' || b.t === 'float';
  // A number JavaScript cannot hold exactly (past 2^53, Infinity, NaN) is unknown: never printed as a key or size.
  const n = (v: number): PyVal =>
    !Number.isFinite(v)
      ? unknown(span)
      : isFloat || !Number.isInteger(v)
        ? { t: 'float', v, span }
        : Number.isSafeInteger(v)
          ? { t: 'int', v, span }
          : unknown(span);
  const bool = (v: boolean): PyVal => ({ t: 'bool', v, span });
  switch (op) {
    case '+':
      return n(x + y);
    case '-':
      return n(x - y);
    case '*':
      return n(x * y);
    case '/':
      return y === 0 ? unknown(span) : { t: 'float', v: x / y, span };
    case '//':
      return y === 0 ? unknown(span) : n(Math.floor(x / y));
    case '%':
      return y === 0 ? unknown(span) : n(x - y * Math.floor(x / y));
    case '**':
      return y < 0 || y > 64 ? unknown(span) : n(x ** y);
    case '<':
      return bool(x < y);
    case '>':
      return bool(x > y);
    case '<=':
      return bool(x <= y);
    case '>=':
      return bool(x >= y);
    case '==':
      return bool(x === y);
    case '!=':
      return bool(x !== y);
    default:
      return unknown(span);
  }
}

function contains(container: PyVal, item: PyVal): boolean | undefined {
  if (container.t === 'str' && item.t === 'str') return container.v.includes(item.v);
  if (container.t === 'list') {
    const key = pyStr(item);
    if (key === undefined || container.items.some((x) => pyStr(x) === undefined)) return undefined;
    return container.items.some((x) => x.t === item.t && pyStr(x) === key);
  }
  if (container.t === 'dict' && (item.t === 'str' || item.t === 'int')) {
    return container.items.has(item.v) ? true : container.partial ? undefined : false;
  }
  return undefined;
}

function strOp(op: string, a: PyVal, b: PyVal, span: { start: number; end: number }): PyVal {
  // Bounded like every other value: doubling `s = s + s` 60 times must not reach a RangeError.
  if (op === '+' && a.t === 'str' && b.t === 'str')
    return a.v.length + b.v.length <= MAX_EVAL_STRING_CHARS ? { t: 'str', v: a.v + b.v, span } : unknown(span);
  if (op === '*' && a.t === 'str' && b.t === 'int' && b.v * a.v.length <= MAX_EVAL_STRING_CHARS)
    return { t: 'str', v: a.v.repeat(Math.max(0, b.v)), span };
  if (op === '%' && a.t === 'str') {
    const args = b.t === 'list' ? b.items : [b];
    let i = 0;
    let failed = false;
    const out = a.v.replace(/%(0?\d*)([dsi%])/g, (_m, width: string, conv: string) => {
      if (conv === '%') return '%';
      const v = args[i++];
      const s = v === undefined ? undefined : conv === 's' ? pyStr(v) : v.t === 'int' || v.t === 'bool' ? String(num(v)) : undefined;
      if (s === undefined) {
        failed = true;
        return '';
      }
      const w = width ? Number(width) : 0;
      return width.startsWith('0') ? s.padStart(w, '0') : s.padStart(w, ' ');
    });
    return failed || i !== args.length ? unknown(span) : { t: 'str', v: out, span };
  }
  if ((op === '==' || op === '!=') && a.t === 'str' && b.t === 'str') return { t: 'bool', v: (a.v === b.v) === (op === '=='), span };
  return unknown(span);
}

/** Plain-name calls the evaluator folds (any `...Config(...)` keeps its arguments too). */
const BUILTINS = new Set([
  'dict.fromkeys',
  'range',
  'str',
  'int',
  'len',
  'min',
  'max',
  'list',
  'tuple',
  'sorted',
  'enumerate',
  'zip',
  'dict',
  'deepcopy',
  'device',
  'join',
]);

/** Calls: builtins we can fold, `torch.device`, config loaders; any other call keeps its arguments for callers. */
export function evalCall(ev: Evaluator, node: SyntaxNode, env: Env): PyVal {
  const span = spanOf(node);
  const cs = kids(node);
  const calleeNode = cs[0];
  const argList = cs.find((c) => c.name === 'ArgList') ?? null;
  if (!calleeNode) return unknown(span);
  const args = callArgs(argList, ev.text);
  const hasStar = args.some((a) => a.kind === 'star' || a.kind === 'starstar');
  const callee = resolveCallee(ev, calleeNode, env);
  const last = callee?.slice(callee.lastIndexOf('.') + 1);
  const rank = rankFromCall(ev, callee, () => (args[0]?.kind === 'positional' ? ev.eval(args[0].value, env) : undefined), span);
  if (rank) return rank;
  // Arguments of an arbitrary call are only looked at for configs and loaders: skip evaluating the rest.
  // infer_auto_device_map's arguments are read too: the engine reruns it (analysis/inferredMap.ts).
  if (
    calleeNode.name !== 'MemberExpression' &&
    callee !== undefined &&
    !BUILTINS.has(callee) &&
    !/Config$/.test(callee) &&
    !isInferAutoDeviceMap(callee)
  ) {
    return { t: 'call', callee, kwargs: new Map(), args: [], span };
  }
  const positional = args.filter((a) => a.kind === 'positional').map((a) => ev.eval(a.value, env));
  const kwargs = new Map<string, PyVal>();
  for (const a of args) if (a.kind === 'keyword' && a.name) kwargs.set(a.name, ev.eval(a.value, env));

  // Methods on values we track: d.copy(), "...".format(...), d.get(k, default)
  if (calleeNode.name === 'MemberExpression') {
    const mc = kids(calleeNode);
    const prop = mc[mc.length - 1];
    const method = prop?.name === 'PropertyName' ? ev.src(prop) : undefined;
    const obj = mc[0] && mc[1]?.name === '.' ? ev.eval(mc[0], env) : undefined;
    if (obj?.t === 'dict' && method === 'copy') return copyDict(obj, span);
    if (obj?.t === 'str' && method === 'format' && !hasStar) return formatCall(obj.v, positional, kwargs, span);
    if (obj?.t === 'str' && (method === 'lower' || method === 'upper' || method === 'strip')) {
      return { t: 'str', v: method === 'lower' ? obj.v.toLowerCase() : method === 'upper' ? obj.v.toUpperCase() : obj.v.trim(), span };
    }
  }
  if (hasStar && callee !== 'dict') return { t: 'call', callee: callee ?? '', kwargs, args: positional, span };
  switch (callee) {
    case 'range': {
      const ns = positional.map((v) => (v.t === 'int' || v.t === 'bool' ? num(v) : undefined));
      if (ns.length < 1 || ns.length > 3 || ns.some((x) => x === undefined)) return unknown(span);
      const [a, b, step] = ns.length === 1 ? [0, ns[0]!, 1] : [ns[0]!, ns[1]!, ns[2] ?? 1];
      if (step === 0) return unknown(span);
      const count = Math.max(0, Math.ceil((b - a) / step));
      if (count > MAX_ITEMS) return unknown(span);
      return { t: 'list', items: Array.from({ length: count }, (_, i) => ({ t: 'int', v: a + i * step, span }) as PyVal), span };
    }
    case 'str':
      return positional.length === 1 && pyStr(positional[0]!) !== undefined ? { t: 'str', v: pyStr(positional[0]!)!, span } : unknown(span);
    case 'int': {
      const v = positional[0];
      if (positional.length !== 1 || !v) return unknown(span);
      if (v.t === 'str' && /^\s*[-+]?\d+\s*$/.test(v.v)) return { t: 'int', v: parseInt(v.v, 10), span };
      const x = num(v);
      return x === undefined ? unknown(span) : { t: 'int', v: Math.trunc(x), span };
    }
    case 'len': {
      const v = positional[0];
      if (v?.t === 'list') return { t: 'int', v: v.items.length, span };
      if (v?.t === 'str') return { t: 'int', v: v.v.length, span };
      if (v?.t === 'dict' && !v.partial) return { t: 'int', v: v.items.size, span };
      return unknown(span);
    }
    case 'min':
    case 'max': {
      const xs = (positional.length === 1 && positional[0]!.t === 'list' ? positional[0]!.items : positional).map(num);
      if (xs.length === 0 || xs.some((x) => x === undefined)) return unknown(span);
      const r = callee === 'min' ? Math.min(...(xs as number[])) : Math.max(...(xs as number[]));
      return { t: 'int', v: r, span };
    }
    case 'list':
    case 'tuple':
    case 'sorted':
      return positional[0]?.t === 'list' ? { t: 'list', items: [...positional[0].items], span } : unknown(span);
    case 'enumerate': {
      const v = positional[0];
      const start = positional[1] ? num(positional[1]) : 0;
      if (v?.t !== 'list' || start === undefined) return unknown(span);
      return {
        t: 'list',
        items: v.items.map((x, i) => ({ t: 'list', items: [{ t: 'int', v: i + start, span }, x], span }) as PyVal),
        span,
      };
    }
    case 'zip': {
      if (positional.some((p) => p.t !== 'list') || positional.length === 0) return unknown(span);
      const lists = positional as Array<{ items: PyVal[] }>;
      const n = Math.min(...lists.map((l) => l.items.length));
      return {
        t: 'list',
        items: Array.from({ length: n }, (_, i) => ({ t: 'list', items: lists.map((l) => l.items[i]!), span }) as PyVal),
        span,
      };
    }
    case 'dict.fromkeys': {
      const keys = positional[0];
      const value = positional[1] ?? { t: 'none', span };
      const d = newDict(span);
      if (keys?.t !== 'list') {
        d.partial = true;
        return d;
      }
      for (const kv of keys.items) {
        const k = dictKey(kv);
        if (k === undefined) {
          d.partial = true;
          continue;
        }
        // One value for every key: entries share its text, like a comprehension's.
        d.items.set(k, { key: k, keySpan: kv.span, value, valueSpan: value.span, entrySpan: span, origin: 'comprehension' });
      }
      return d;
    }
    case 'dict':
      return dictCall(
        args.map((a) => ({ kind: a.kind, name: a.name, span: a.span, node: a.value })),
        ev,
        env,
        span,
      );
    case 'os.path.join':
    case 'path.join':
    case 'join': {
      if (positional.length === 0 || positional.some((p) => p.t !== 'str')) return unknown(span);
      const parts = positional.map((p) => (p as { v: string }).v);
      // An absolute part restarts the path, as posixpath.join does.
      const out = parts.reduce((acc, p) => (p.startsWith('/') || acc === '' ? p : acc.endsWith('/') ? acc + p : `${acc}/${p}`), '');
      return { t: 'str', v: out, span };
    }
    case 'copy.copy':
    case 'copy.deepcopy':
    case 'deepcopy':
      return positional[0]?.t === 'dict' ? copyDict(positional[0], span) : unknown(span);
  }
  if (callee === 'torch.device' || callee === 'device') {
    const [a, b] = positional;
    if (!a || positional.length > 2) return { t: 'torchDevice', arg: unknown(span), span };
    if (b) {
      const type = a.t === 'str' ? a.v : undefined;
      return { t: 'torchDevice', arg: type !== undefined && b.t === 'int' ? { t: 'str', v: `${type}:${b.v}`, span } : unknown(span), span };
    }
    return { t: 'torchDevice', arg: a, span };
  }
  if (last === 'from_pretrained' && callee && /Config$/.test(callee.split('.').slice(-2)[0] ?? '')) {
    const model = positional[0] ?? kwargs.get('pretrained_model_name_or_path') ?? unknown(span);
    const rev = kwargs.get('revision');
    return { t: 'config', model, span, ...(rev?.t === 'str' ? { revision: rev.v } : {}) };
  }
  return { t: 'call', callee: callee ?? '', kwargs, args: positional, span };
}

/** The callee's dotted name, following local aliases (`Loader = AutoModelForCausalLM`). */
export function resolveCallee(ev: Evaluator, calleeNode: SyntaxNode, env: Env): string | undefined {
  const dotted = dottedName(calleeNode, ev.text);
  if (dotted === undefined) return undefined;
  const head = dotted.split('.')[0]!;
  const v = env.get(head);
  if (v?.t === 'name') return v.dotted + dotted.slice(head.length);
  return dotted;
}

function formatCall(fmt: string, positional: PyVal[], kwargs: Map<string, PyVal>, span: { start: number; end: number }): PyVal {
  let auto = 0;
  let failed = false;
  const out = fmt.replace(/\{\{|\}\}|\{([^{}]*)\}/g, (m, field: string | undefined) => {
    if (m === '{{') return '{';
    if (m === '}}') return '}';
    const [name = '', spec] = (field ?? '').split(':');
    const v = name === '' ? positional[auto++] : /^\d+$/.test(name) ? positional[Number(name)] : kwargs.get(name);
    const s = v === undefined || (spec !== undefined && spec !== '' && spec !== 'd') ? undefined : pyStr(v);
    if (s === undefined) {
      failed = true;
      return '';
    }
    return s;
  });
  return failed ? unknown(span) : { t: 'str', v: out, span };
}

function dictCall(
  args: Array<{ kind: string; name?: string | undefined; span: { start: number; end: number }; node: SyntaxNode }>,
  ev: Evaluator,
  env: Env,
  span: { start: number; end: number },
): PyVal {
  const d = newDict(span);
  for (const a of args) {
    if (a.kind === 'positional' || a.kind === 'starstar') {
      const v = ev.eval(a.node, env);
      if (v.t === 'dict') {
        for (const [k, it] of copyDict(v, span, 'merge').items) {
          d.items.delete(k);
          d.items.set(k, it);
        }
        if (v.partial) d.partial = true;
      } else if (v.t === 'list' && a.kind === 'positional') {
        // dict(zip(keys, values)) / dict([(k, v), ...]): pairs, each keeping the spans of its parts.
        for (const pair of v.items) {
          const k = pair.t === 'list' && pair.items.length === 2 ? dictKey(pair.items[0]!) : undefined;
          if (k === undefined || pair.t !== 'list') {
            d.partial = true;
            continue;
          }
          const [kv, vv] = pair.items as [PyVal, PyVal];
          d.items.delete(k);
          d.items.set(k, { key: k, keySpan: kv.span, value: vv, valueSpan: vv.span, entrySpan: pair.span, origin: 'merge' });
        }
      } else d.partial = true;
    } else if (a.kind === 'keyword' && a.name) {
      const k = a.name;
      d.items.delete(k);
      d.items.set(k, {
        key: k,
        keySpan: { start: a.span.start, end: a.span.start + k.length },
        value: ev.eval(a.node, env),
        valueSpan: spanOf(a.node),
        entrySpan: a.span,
        origin: 'merge',
      });
    } else d.partial = true;
  }
  return d;
}
