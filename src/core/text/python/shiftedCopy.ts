/**
 * Values and finder effects hold absolute spans. A statement that only moved (text typed above
 * it) is replayed from copies whose spans are moved by the edit (statementMemo.ts). Only what
 * holds a moved span is copied (an object whose spans all lie before the edit stays itself, so
 * identity still says "unchanged"), and `moved` maps every object looked at to its result, so
 * objects shared before are shared after and a later statement that read the old object is
 * matched against its copy.
 */
export type Moved = Map<object, object>;

/** The edit between two texts: `[fromA, toA)` of the old text became `[fromA, toA + delta)`. */
export interface TextChange {
  readonly fromA: number;
  readonly toA: number;
  readonly delta: number;
}

/** Where an old offset is now (offsets inside the replaced text never reach a replayed statement). */
export function movedOffset(c: TextChange, offset: number): number {
  return offset >= c.toA ? offset + c.delta : offset;
}

function isSpan(v: object): v is { start: number; end: number } {
  return typeof (v as { start?: unknown }).start === 'number' && typeof (v as { end?: unknown }).end === 'number';
}

/** `v` with every `{start, end}` that lies after the edit moved; the very same object when nothing in it moved. */
export function shiftedCopy<T>(v: T, c: TextChange, moved: Moved): T {
  if (typeof v !== 'object' || v === null) return v;
  const hit = moved.get(v);
  if (hit) return hit as T;
  // Seen first, so a cycle (none is expected) ends; replaced below when something inside moved.
  moved.set(v, v);
  let changed = false;
  let out: unknown;
  if (Array.isArray(v)) {
    const xs = v.map((x) => shiftedCopy(x, c, moved));
    changed = xs.some((x, i) => x !== v[i]);
    out = xs;
  } else if (v instanceof Map) {
    const m = new Map<unknown, unknown>();
    for (const [k, x] of v) {
      const y = shiftedCopy(x, c, moved);
      if (y !== x) changed = true;
      m.set(k, y);
    }
    out = m;
  } else {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const y = shiftedCopy(x, c, moved);
      if (y !== x) changed = true;
      o[k] = y;
    }
    if (isSpan(v) && (v.start >= c.toA || v.end > c.toA) && c.delta !== 0) {
      o.start = movedOffset(c, v.start);
      o.end = v.start >= c.toA || v.end > c.toA ? v.end + c.delta : v.end;
      changed = true;
    }
    out = o;
  }
  if (!changed) return v;
  moved.set(v, out as object);
  return out as T;
}
