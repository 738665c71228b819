/** Where a new key goes among existing ones: model order when known, else natural dotted order. */

/** `model.layers.2` < `model.layers.10`: dotted segments compared, numbers as numbers. */
export function naturalCompare(a: string, b: string): number {
  const x = a.split('.');
  const y = b.split('.');
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const p = x[i]!;
    const q = y[i]!;
    if (p === q) continue;
    const np = /^\d+$/.test(p);
    const nq = /^\d+$/.test(q);
    if (np && nq) return Number(p) - Number(q);
    if (np !== nq) return np ? -1 : 1;
    return p < q ? -1 : 1;
  }
  return x.length - y.length;
}

function commonPrefix(a: string, b: string): number {
  const x = a.split('.');
  const y = b.split('.');
  let n = 0;
  while (n < x.length && n < y.length && x[n] === y[n]) n++;
  return n;
}

/**
 * Index in `keys` (existing keys in source order; undefined for `**spread` items)
 * before which `key` should be inserted.
 */
export function insertionIndex(keys: ReadonlyArray<string | undefined>, key: string, order?: ReadonlyMap<string, number>): number {
  const rank = order?.get(key);
  if (rank !== undefined) {
    let after = -1;
    let firstAbove = -1;
    keys.forEach((k, i) => {
      const r = k === undefined ? undefined : order!.get(k);
      if (r === undefined) return;
      if (r < rank) after = i;
      else if (firstAbove < 0) firstAbove = i;
    });
    if (after >= 0) return after + 1;
    if (firstAbove >= 0) return firstAbove;
  }
  // Siblings first: among keys sharing the longest dotted prefix, keep natural order.
  let best = -1;
  keys.forEach((k) => {
    if (k !== undefined) best = Math.max(best, commonPrefix(k, key));
  });
  if (best < 0) return keys.length;
  let after = -1;
  let firstAbove = -1;
  keys.forEach((k, i) => {
    if (k === undefined || commonPrefix(k, key) !== best) return;
    if (naturalCompare(k, key) < 0) after = i;
    else if (firstAbove < 0) firstAbove = i;
  });
  if (after >= 0) return after + 1;
  if (firstAbove >= 0 && best > 0) return firstAbove;
  return keys.length;
}
