/**
 * The cells' pointer, keyboard and focus handlers, delegated: one listener of each kind on the
 * cells' layer, finding the cell from the event's target, instead of nine listeners on every cell
 * (756 for 84 blocks, all added before the first paint). `mouseenter`/`mouseleave` and
 * `focus`/`blur` do not bubble: their bubbling twins (`mouseover`/`mouseout` with the element
 * the pointer came from or went to, `focusin`/`focusout`) give the same moments.
 */
import type { Selection } from 'd3-selection';
import type { CellLayout } from '../layout/geometry';
import { cellDatum } from './drag';

export interface CellHandlers {
  click(ev: MouseEvent, d: CellLayout): void;
  keydown(ev: KeyboardEvent, d: CellLayout): void;
  contextmenu(ev: MouseEvent, d: CellLayout): void;
  /** The pointer entered or moves over a cell, or a cell got the focus. */
  point(ev: MouseEvent | FocusEvent, d: CellLayout): void;
  /** The pointer left a cell, or a cell lost the focus. */
  leave(): void;
}

export function delegateCellEvents(layer: Selection<SVGGElement, unknown, null, undefined>, on: CellHandlers): void {
  const node = layer.node()!;
  const cellOf = (ev: Event): CellLayout | undefined => cellDatum(ev.target);
  /** The `g.cell` element an event's target sits in. */
  const cellElement = (t: EventTarget | null): Element | null => (t instanceof Element ? t.closest('g.cell') : null);
  /** Did the pointer cross the border of the cell (not merely move between its own shapes)? */
  const crossed = (ev: MouseEvent): boolean => {
    const cell = cellElement(ev.target);
    return !!cell && !(ev.relatedTarget instanceof Node && cell.contains(ev.relatedTarget));
  };
  node.addEventListener('click', (ev) => {
    const d = cellOf(ev);
    if (d) on.click(ev, d);
  });
  node.addEventListener('keydown', (ev) => {
    const d = cellOf(ev);
    if (d) on.keydown(ev, d);
  });
  node.addEventListener('contextmenu', (ev) => {
    const d = cellOf(ev);
    if (d) on.contextmenu(ev, d);
  });
  node.addEventListener('mouseover', (ev) => {
    const d = cellOf(ev);
    if (d && crossed(ev)) on.point(ev, d);
  });
  node.addEventListener('mousemove', (ev) => {
    const d = cellOf(ev);
    if (d) on.point(ev, d);
  });
  node.addEventListener('mouseout', (ev) => {
    if (cellOf(ev) && crossed(ev)) on.leave();
  });
  node.addEventListener('focusin', (ev) => {
    const d = cellOf(ev);
    if (d) on.point(ev, d);
  });
  node.addEventListener('focusout', (ev) => {
    if (cellOf(ev)) on.leave();
  });
}
