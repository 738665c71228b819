/** What statements do to a tracked dict: `d[k] = v`, `d.update(...)`, `d.pop(k)`, merges. */
import type { SyntaxNode } from '@lezer/common';
import type { Env } from './env';
import type { Evaluator } from './evaluate';
import { spanOf, type CallArg } from './syntax';
import { copyDict, dictKey, MAX_ITEMS, type EntryOrigin, type PyDict, type PyVal } from './values';

/** Methods that only read a dict. */
export const READ_METHODS = new Set(['get', 'items', 'keys', 'values', 'copy', '__contains__']);

export function setItem(
  obj: PyDict,
  key: PyVal,
  keyNode: SyntaxNode,
  value: PyVal,
  valueNode: SyntaxNode,
  stmt: SyntaxNode,
  origin: EntryOrigin,
): void {
  const k = dictKey(key);
  if (k === undefined || (obj.items.size >= MAX_ITEMS && !obj.items.has(k))) {
    obj.partial = true;
    return;
  }
  // Python keeps a key's first position; a literal entry keeps its place, others move to the end.
  if (!obj.items.has(k) || obj.items.get(k)!.origin !== 'literal') obj.items.delete(k);
  obj.items.set(k, { key: k, keySpan: spanOf(keyNode), value, valueSpan: spanOf(valueNode), entrySpan: spanOf(stmt), origin });
}

export function mergeDict(target: PyDict, src: PyDict, origin: 'update' | 'merge'): void {
  for (const [k, it] of copyDict(src, src.span, origin).items) {
    target.items.delete(k);
    target.items.set(k, it);
  }
  if (src.partial) target.partial = true;
}

export function dictMethod(ev: Evaluator, obj: PyDict, method: string, args: readonly CallArg[], env: Env, call: SyntaxNode): void {
  if (method === 'update') {
    for (const a of args) {
      if (a.kind === 'keyword' && a.name) {
        obj.items.delete(a.name);
        obj.items.set(a.name, {
          key: a.name,
          keySpan: { start: a.span.start, end: a.span.start + a.name.length },
          value: ev.eval(a.value, env),
          valueSpan: spanOf(a.value),
          entrySpan: a.span,
          origin: 'update',
        });
        continue;
      }
      const v = ev.eval(a.value, env);
      if (v.t === 'dict') mergeDict(obj, v, 'update');
      else obj.partial = true;
    }
    return;
  }
  if (method === 'pop' && args[0]) {
    const k = dictKey(ev.eval(args[0].value, env));
    if (k === undefined) obj.partial = true;
    else obj.items.delete(k);
    return;
  }
  if (method === 'clear') {
    obj.items.clear();
    return;
  }
  if (method === 'setdefault' && args[0]) {
    const k = dictKey(ev.eval(args[0].value, env));
    if (k === undefined) {
      obj.partial = true;
      return;
    }
    if (!obj.items.has(k) && args[1]) {
      obj.items.set(k, {
        key: k,
        keySpan: spanOf(args[0].value),
        value: ev.eval(args[1].value, env),
        valueSpan: spanOf(args[1].value),
        entrySpan: spanOf(call),
        origin: 'item',
      });
    }
    return;
  }
  obj.partial = true;
}
