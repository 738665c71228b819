/**
 * YAML nodes (the `yaml` package, which keeps every node's source range) as the
 * evaluator's values, so YAML maps go through the one map builder Python, JSON and
 * shell use. Aliases read their anchor (spans point where the anchor is written);
 * `<<` merge keys add the merged mapping's pairs under the ones written beside them.
 */
import { isAlias, isMap, isScalar, isSeq, type Document, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import type { Span } from '../types';
import { verbatimAt, wholeAt, type SpannedText } from '../spannedText';
import { newDict, type PyVal } from '../python/values';

const MAX_DEPTH = 50;

export function rangeOf(n: Node): Span {
  const r = n.range ?? [0, 0, 0];
  return { start: r[0], end: r[1] };
}

/** The node an alias names (itself when it is not an alias), or undefined when the anchor is missing. */
export function resolved(n: unknown, doc: Document, depth = 0): Node | undefined {
  if (depth > MAX_DEPTH) return undefined;
  if (isAlias(n)) return resolved(n.resolve(doc), doc, depth + 1);
  return (n ?? undefined) as Node | undefined;
}

/** A mapping's pairs by key, merge keys (`<<: *base`) first so the pairs written beside them win. */
export function pairsOf(map: YAMLMap, doc: Document, depth = 0): Map<string, Pair<Node, Node>> {
  const out = new Map<string, Pair<Node, Node>>();
  if (depth > MAX_DEPTH) return out;
  for (const p of map.items as Array<Pair<Node, Node>>) {
    if (!isScalar(p.key) || p.key.value !== '<<') continue;
    const src = resolved(p.value, doc);
    const sources = isSeq(src) ? src.items.map((x) => resolved(x, doc)) : [src];
    for (const s of sources) if (isMap(s)) for (const [k, v] of pairsOf(s, doc, depth + 1)) out.set(k, v);
  }
  for (const p of map.items as Array<Pair<Node, Node>>) {
    if (!isScalar(p.key) || p.key.value === '<<') continue;
    out.set(String(p.key.value), p);
  }
  return out;
}

function scalarVal(s: Scalar, span: Span, text: string): PyVal {
  const v = s.value;
  if (typeof v === 'string')
    return s.type === 'QUOTE_DOUBLE'
      ? { t: 'str', v, span, quote: '"' }
      : s.type === 'QUOTE_SINGLE'
        ? { t: 'str', v, span, quote: "'" }
        : { t: 'str', v, span };
  if (typeof v === 'number') {
    const raw = text.slice(span.start, span.end);
    return Number.isInteger(v) && !/[.eE]/.test(raw) ? { t: 'int', v, span } : { t: 'float', v, span };
  }
  if (typeof v === 'boolean') return { t: 'bool', v, span };
  if (v === null) return { t: 'none', span };
  return { t: 'unknown', span };
}

/** A YAML node as a value with spans in the file. Flow mappings (`{...}`) keep their literal span for edits. */
export function yamlToPyVal(n: unknown, doc: Document, text: string, depth = 0): PyVal {
  const node = resolved(n, doc);
  const span = node ? rangeOf(node) : { start: 0, end: 0 };
  if (!node || depth > MAX_DEPTH) return { t: 'unknown', span };
  if (isScalar(node)) return scalarVal(node, span, text);
  if (isSeq(node)) return { t: 'list', items: node.items.map((x) => yamlToPyVal(x, doc, text, depth + 1)), span };
  if (isMap(node)) {
    const d = newDict(span, node.flow ? span : undefined);
    const direct = new Set((node.items as Array<Pair<Node, Node>>).map((p) => p));
    for (const [, p] of pairsOf(node, doc)) {
      const key = isScalar(p.key) && (typeof p.key.value === 'string' || typeof p.key.value === 'number') ? p.key.value : undefined;
      const valueNode = resolved(p.value, doc);
      if (key === undefined || !valueNode) {
        d.partial = true;
        continue;
      }
      const keySpan = rangeOf(p.key);
      const valueSpan = rangeOf(valueNode);
      d.items.set(key, {
        key,
        keySpan,
        value: yamlToPyVal(valueNode, doc, text, depth + 1),
        valueSpan,
        entrySpan: { start: keySpan.start, end: Math.max(keySpan.end, valueSpan.end) },
        origin: direct.has(p) && !isAlias(p.value) ? 'literal' : 'merge',
      });
    }
    return d;
  }
  return { t: 'unknown', span };
}

/** A string scalar with the place of each character (quoted with escapes: the whole scalar). */
export function spannedScalar(s: Scalar, text: string): SpannedText | undefined {
  if (typeof s.value !== 'string' || !s.range) return undefined;
  const [start, end] = s.range;
  const source = text.slice(start, end);
  if (s.type === 'PLAIN' && source === s.value) return verbatimAt(s.value, start);
  if ((s.type === 'QUOTE_SINGLE' || s.type === 'QUOTE_DOUBLE') && source.slice(1, -1) === s.value) return verbatimAt(s.value, start + 1);
  return wholeAt(s.value, { start, end });
}
