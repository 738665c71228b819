/** Small helpers over lezer's Python syntax tree. */
import type { SyntaxNode } from '@lezer/common';
import type { Span } from '../types';

/** Direct children, comments left out. */
export function kids(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) if (c.name !== 'Comment') out.push(c);
  return out;
}

export function spanOf(node: SyntaxNode): Span {
  return { start: node.from, end: node.to };
}

/** Punctuation and keywords that separate the interesting children of a node. */
const PUNCT = new Set(['(', ')', '[', ']', '{', '}', ',', ':', '.', ';']);

export function isPunct(node: SyntaxNode): boolean {
  return PUNCT.has(node.name);
}

/** One argument of a call: positional, `name=value`, `*x` or `**x`. */
export interface CallArg {
  readonly kind: 'positional' | 'keyword' | 'star' | 'starstar';
  readonly name?: string;
  readonly nameNode?: SyntaxNode;
  readonly value: SyntaxNode;
  /** Span of the whole argument (`device_map={...}`). */
  readonly span: Span;
}

/** Splits an ArgList into arguments; lezer keeps `name = value` flat inside the list. */
export function callArgs(argList: SyntaxNode | null, text: string): CallArg[] {
  if (!argList) return [];
  const out: CallArg[] = [];
  const cs = kids(argList).filter((c) => !isPunct(c));
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i]!;
    const next = cs[i + 1];
    if ((c.name === '*' || c.name === '**') && next) {
      out.push({ kind: c.name === '*' ? 'star' : 'starstar', value: next, span: { start: c.from, end: next.to } });
      i++;
    } else if (c.name === 'VariableName' && next?.name === 'AssignOp' && cs[i + 2]) {
      const v = cs[i + 2]!;
      out.push({ kind: 'keyword', name: text.slice(c.from, c.to), nameNode: c, value: v, span: { start: c.from, end: v.to } });
      i += 2;
    } else if (!c.type.isError) {
      out.push({ kind: 'positional', value: c, span: spanOf(c) });
    }
  }
  return out;
}

/** The dotted text of a callee such as `transformers.AutoModel.from_pretrained`, when it is a plain name chain. */
export function dottedName(node: SyntaxNode, text: string): string | undefined {
  if (node.name === 'VariableName') return text.slice(node.from, node.to);
  if (node.name === 'MemberExpression') {
    const cs = kids(node);
    const prop = cs[cs.length - 1];
    if (cs.length === 3 && cs[1]!.name === '.' && prop?.name === 'PropertyName') {
      const left = dottedName(cs[0]!, text);
      return left === undefined ? undefined : `${left}.${text.slice(prop.from, prop.to)}`;
    }
  }
  return undefined;
}
