/** Assignment and `for` targets: names bound to a value, tuples unpacked where the shapes agree. */
import type { SyntaxNode } from '@lezer/common';
import type { Env } from './env';
import type { Evaluator } from './evaluate';
import { isPunct, kids, spanOf } from './syntax';
import { unknown, type PyVal } from './values';

/** Binds `for` / assignment targets (`i`, `i, d`, `(i, d)`) to a value, unknown where shapes differ. */
export function bindTargets(ev: Evaluator, targets: SyntaxNode[], value: PyVal, env: Env): void {
  if (targets.length === 1 && targets[0]!.name === 'VariableName') {
    env.set(ev.src(targets[0]!), value);
    return;
  }
  let names = targets;
  if (targets.length === 1 && (targets[0]!.name === 'TupleExpression' || targets[0]!.name === 'ParenthesizedExpression')) {
    names = kids(targets[0]!).filter((n) => !isPunct(n));
  }
  const parts = value.t === 'list' && value.items.length === names.length ? value.items : undefined;
  names.forEach((n, j) => {
    const v = parts ? parts[j]! : unknown(spanOf(n));
    if (n.name === 'VariableName') env.set(ev.src(n), v);
    else if (n.name === 'TupleExpression' || n.name === 'ParenthesizedExpression') bindTargets(ev, [n], v, env);
  });
}
