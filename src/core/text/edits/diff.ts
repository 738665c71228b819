/** Turns "old text -> new text" into the fewest, smallest edits (line LCS, then character trimming). */
import type { TextEdit } from '../types';

function splitLines(s: string): string[] {
  const out = s.split(/(?<=\n)/);
  return out.length === 1 && out[0] === '' ? [] : out;
}

/** One edit for a changed region, trimmed to the characters that really differ. */
function trimmed(oldPart: string, newPart: string, offset: number): TextEdit | undefined {
  if (oldPart === newPart) return undefined;
  let p = 0;
  const max = Math.min(oldPart.length, newPart.length);
  while (p < max && oldPart[p] === newPart[p]) p++;
  let s = 0;
  while (s < max - p && oldPart[oldPart.length - 1 - s] === newPart[newPart.length - 1 - s]) s++;
  return { offset: offset + p, length: oldPart.length - p - s, text: newPart.slice(p, newPart.length - s) };
}

const MAX_CELLS = 4_000_000;

/** Edits that turn `oldText` (found at `base` in the document) into `newText`. */
export function minimalEdits(oldText: string, newText: string, base: number): TextEdit[] {
  if (oldText === newText) return [];
  const a = splitLines(oldText);
  const b = splitLines(newText);
  if (a.length * b.length > MAX_CELLS) {
    const e = trimmed(oldText, newText, base);
    return e ? [e] : [];
  }
  // LCS table from the end, so the walk below goes forward.
  const n = a.length;
  const m = b.length;
  const lcs = new Uint32Array((n + 1) * (m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * (m + 1) + j] =
        a[i] === b[j] ? lcs[(i + 1) * (m + 1) + j + 1]! + 1 : Math.max(lcs[(i + 1) * (m + 1) + j]!, lcs[i * (m + 1) + j + 1]!);
    }
  }
  const edits: TextEdit[] = [];
  let i = 0;
  let j = 0;
  let offset = base;
  let hunkOld = '';
  let hunkNew = '';
  let hunkStart = base;
  const flush = () => {
    const oldLines = splitLines(hunkOld);
    const newLines = splitLines(hunkNew);
    if (oldLines.length === newLines.length && oldLines.length > 1) {
      // Same number of lines: pair them up, so two changed values give two small edits.
      let at = hunkStart;
      oldLines.forEach((o, k) => {
        const e = trimmed(o, newLines[k]!, at);
        if (e) edits.push(e);
        at += o.length;
      });
    } else {
      const e = trimmed(hunkOld, hunkNew, hunkStart);
      if (e) edits.push(e);
    }
    hunkOld = '';
    hunkNew = '';
  };
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      flush();
      offset += a[i]!.length;
      hunkStart = offset;
      i++;
      j++;
    } else if (j < m && (i >= n || lcs[i * (m + 1) + j + 1]! >= lcs[(i + 1) * (m + 1) + j]!)) {
      hunkNew += b[j++]!;
    } else {
      hunkOld += a[i]!;
      offset += a[i++]!.length;
    }
  }
  flush();
  return edits;
}
