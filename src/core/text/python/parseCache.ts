/**
 * Re-parsing a long file on every keystroke is the finder's main cost, so the
 * last tree of each recent document is kept and reused through lezer's
 * incremental parsing (only the edited region is parsed again).
 */
import { TreeFragment, type Tree } from '@lezer/common';
import { parser } from '@lezer/python';
import { PARSE_CHARS_PER_UNIT, workMeter } from '../../base/workMeter';

const MAX_DOCS = 8;
const cache = new Map<string, { text: string; tree: Tree; fragments: readonly TreeFragment[] }>();

/** The changed region between two texts, as one range (common prefix and suffix kept). */
export function changedRange(a: string, b: string) {
  let p = 0;
  const max = Math.min(a.length, b.length);
  while (p < max && a.charCodeAt(p) === b.charCodeAt(p)) p++;
  let s = 0;
  while (s < max - p && a.charCodeAt(a.length - 1 - s) === b.charCodeAt(b.length - 1 - s)) s++;
  return { fromA: p, toA: a.length - s, fromB: p, toB: b.length - s };
}

export function parsePython(text: string, key?: string): Tree {
  const prev = key === undefined ? undefined : cache.get(key);
  if (prev && prev.text === text) return prev.tree;
  const changed = prev ? changedRange(prev.text, text) : undefined;
  const fragments = prev ? TreeFragment.applyChanges(prev.fragments, [changed!]) : undefined;
  workMeter.units += Math.ceil((changed ? changed.toB - changed.fromB + 1 : text.length) / PARSE_CHARS_PER_UNIT);
  const tree = parser.parse(text, fragments);
  if (key !== undefined) {
    cache.delete(key);
    cache.set(key, { text, tree, fragments: TreeFragment.addTree(tree) });
    if (cache.size > MAX_DOCS) cache.delete(cache.keys().next().value!);
  }
  return tree;
}
