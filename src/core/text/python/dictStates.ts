/**
 * Dicts are changed in place (`d[k] = v`, `d.update(...)`, a branch marking one partial), so
 * a value's identity alone does not say its content is what it was. The state of every dict
 * reachable from a value, kept when a statement is recorded (statementMemo.ts), tells later
 * whether any of them was changed since: entries are replaced by new objects whenever they
 * change, so comparing the entry objects in order (and the flags) is enough.
 */
import type { Span } from '../types';
import type { PyDict, PyDictItem, PyVal } from './values';

export interface DictState {
  readonly dict: PyDict;
  readonly partial: boolean;
  readonly items: readonly PyDictItem[];
  readonly duplicates: number;
  readonly literalSpan: Span | undefined;
}

/** Collects the states of the dicts reachable from `v`; false once more than `room.left` entries were looked at. */
export function collectDictStates(v: PyVal | undefined, out: DictState[], seen: Set<object>, room: { left: number }): boolean {
  if (v === undefined || seen.has(v)) return true;
  switch (v.t) {
    case 'dict': {
      seen.add(v);
      room.left -= v.items.size + 1;
      if (room.left < 0) return false;
      const items = [...v.items.values()];
      out.push({ dict: v, partial: v.partial, items, duplicates: v.duplicates?.length ?? 0, literalSpan: v.literalSpan });
      return items.every((it) => collectDictStates(it.value, out, seen, room));
    }
    case 'list':
      seen.add(v);
      room.left -= v.items.length;
      return room.left >= 0 && v.items.every((x) => collectDictStates(x, out, seen, room));
    case 'call':
      seen.add(v);
      room.left -= v.args.length + v.kwargs.size;
      if (room.left < 0) return false;
      for (const x of v.kwargs.values()) if (!collectDictStates(x, out, seen, room)) return false;
      return v.args.every((x) => collectDictStates(x, out, seen, room));
    case 'config':
      return collectDictStates(v.model, out, seen, room);
    case 'torchDevice':
      return collectDictStates(v.arg, out, seen, room);
    default:
      return true;
  }
}

const same = <T extends object>(o: T): T => o;

/** Every dict still holds what it held when its state was taken (`now`: an old object's copy, for a statement that moved). */
export function unchanged(states: readonly DictState[], now: <T extends object>(o: T) => T = same): boolean {
  for (const s of states) {
    const d = now(s.dict);
    if (d.partial !== s.partial || d.items.size !== s.items.length || (d.duplicates?.length ?? 0) !== s.duplicates) return false;
    if (d.literalSpan !== (s.literalSpan && now(s.literalSpan))) return false;
    let i = 0;
    for (const it of d.items.values()) if (it !== now(s.items[i++]!)) return false;
  }
  return true;
}
