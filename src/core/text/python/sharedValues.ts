/**
 * Values one simple statement worked out, kept for the rest of that statement: the call scan
 * hands a loader's arguments to the finder, then the assignment evaluates the same call, so
 * each expression is evaluated (and charged to the budget) once. Only expressions evaluated in
 * the statement's own scope are shared: inside a comprehension the same node has other values.
 */
import type { SyntaxNode } from '@lezer/common';
import type { Env } from './env';
import type { PyVal } from './values';

/** Expressions worth keeping (those that build values); names and literals are cheap to evaluate again. */
const SHAREABLE = new Set([
  'DictionaryExpression',
  'DictionaryComprehensionExpression',
  'ArrayComprehensionExpression',
  'ArrayExpression',
  'TupleExpression',
  'CallExpression',
  'BinaryExpression',
  'FormatString',
]);

export class SharedValues {
  /** By start offset; the end and the node type tell nodes that start at the same place apart. */
  private readonly values = new Map<number, { to: number; name: string; value: PyVal }>();
  constructor(private readonly env: Env) {}

  shares(node: SyntaxNode, env: Env): boolean {
    return env === this.env && SHAREABLE.has(node.name);
  }

  get(node: SyntaxNode): PyVal | undefined {
    const hit = this.values.get(node.from);
    return hit && hit.to === node.to && hit.name === node.name ? hit.value : undefined;
  }

  set(node: SyntaxNode, value: PyVal): void {
    this.values.set(node.from, { to: node.to, name: node.name, value });
  }
}
