/** Wording shared by messages, hovers and lenses: devices, sizes, name lists. */
import { formatBytes } from '../placement/sizeString';
import type { DeviceValue } from '../text/types';
import { voice } from './messages';

/** The joining words of lists and labels inside findings, hovers and lenses: templates like a rule's. */
export const FORMAT_MESSAGES = {
  more: '{names} and {count} more',
  pair: '{first} and {second}',
  layer: 'layer {index} ({name})',
} as const;

const say = voice('format', FORMAT_MESSAGES);

/** `cpu and disk`: things named together, each pair joined by the locale's "and". */
export function joinAnd(items: readonly string[]): string {
  return items.length === 0 ? '' : items.reduce((first, second) => say.text('pair', { first, second }));
}

/** How people name a device in messages (`cuda:1`, `cpu`, `disk`): the one label every face uses, re-exported beside the other wording. */
export { deviceLabel } from '../base/devices';

/** A device value as the user spelled it (for "written two ways" messages). */
export function spelled(v: DeviceValue): string {
  return v.raw;
}

export function bytes(n: number): string {
  return formatBytes(n);
}

/** `a, b, c and 4 more`: keeps messages short for long parameter lists. */
export function listNames(names: readonly string[], max = 6): string {
  if (names.length <= max) return names.join(', ');
  return say.text('more', { names: names.slice(0, max).join(', '), count: names.length - max });
}

/** `layer 7` for `model.layers.7`, the module name otherwise. */
export function blockLabel(name: string): string {
  const m = /(?:^|\.)(?:layers|h|blocks|block|layer)\.(\d+)$/.exec(name);
  return m ? say.text('layer', { index: m[1]!, name }) : name;
}

/** Compresses `model.layers.10` .. `model.layers.19` to `model.layers.10-19`. */
export function rangeOfNames(names: readonly string[]): string {
  const m = names.map((n) => /^(.*\.)(\d+)$/.exec(n));
  if (names.length > 1 && m.every((x) => x && x[1] === m[0]![1])) {
    const idx = m.map((x) => Number(x![2]));
    return `${m[0]![1]}${Math.min(...idx)}-${Math.max(...idx)}`;
  }
  return listNames(names);
}

/** Levenshtein distance, bounded: for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}

/**
 * The closest candidate within a small distance, case-insensitive matches first.
 * Cheap: candidates whose length differs by more than `maxDistance` are skipped
 * without computing a distance, and words longer than 200 characters get none.
 */
export function closest(word: string, candidates: Iterable<string>, maxDistance = 2): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  if (word.length > 200) return undefined;
  const lower = word.toLowerCase();
  for (const c of candidates) {
    if (Math.abs(c.length - word.length) > maxDistance) continue;
    if (c.toLowerCase() === lower) return c;
    const d = editDistance(word, c);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return bestD <= maxDistance ? best : undefined;
}
