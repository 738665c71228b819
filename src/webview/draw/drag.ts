/**
 * Drag-to-move with `d3-drag`: the dragged cell (or the selected range it
 * belongs to) follows the pointer as one proxy; the column under it lights up;
 * dropping on another device calls `onDrop`. Each frame only moves one
 * transform and flips one class, so drags stay at display rate.
 */
import { drag } from 'd3-drag';
import { select, type Selection } from 'd3-selection';
import { columnAt, type CellLayout, type ColumnLayout, type PanelLayout } from '../layout/geometry';

export interface DragHost {
  layout(): PanelLayout | undefined;
  /** Indices to carry when `cell` is grabbed (selecting it alone when it was not selected). */
  grab(cell: CellLayout): readonly number[];
  drop(indices: readonly number[], column: ColumnLayout): void;
  enabled(): boolean;
}

/**
 * One drag behaviour on the cells' layer for all its cells (not one per cell: 84 cells were 420
 * listeners and inline styles to set up before the first paint). The gesture's subject is the
 * cell under the pointer; anything else in the layer (a split block's other part) starts none.
 */
export function attachDrag(
  svg: Selection<SVGSVGElement, unknown, null, undefined>,
  layer: Selection<SVGGElement, unknown, null, undefined>,
  host: DragHost,
): void {
  let carried: readonly number[] = [];
  let proxy: Selection<SVGGElement, unknown, null, undefined> | undefined;
  let target: ColumnLayout | undefined;
  let origin = { x: 0, y: 0 };
  let moved = false;

  const behaviour = drag<SVGGElement, unknown, CellLayout>()
    .filter((event: MouseEvent) => !event.button && !event.ctrlKey && host.enabled())
    // The layer's own coordinates, as the cells' parent gave them when each cell had its own behaviour.
    .container(function (this: SVGGElement) {
      return this;
    })
    // Undefined (not on a cell) starts no gesture: d3-drag checks the subject with `== null`.
    .subject((event: { sourceEvent: Event }) => cellDatum(event.sourceEvent.target) as CellLayout)
    .clickDistance(4)
    .on('start', (event: { subject: CellLayout }) => {
      const d = event.subject;
      origin = { x: d.x, y: d.y };
      moved = false;
      carried = [];
    })
    .on('drag', (event: { x: number; y: number; subject: CellLayout }) => {
      const d = event.subject;
      const layout = host.layout();
      if (!layout) return;
      if (!moved) {
        moved = true;
        carried = host.grab(d);
        proxy = makeProxy(svg, layout, carried, d);
        svg.classed('dragging', true);
      }
      proxy?.attr('transform', `translate(${event.x - origin.x},${event.y - origin.y})`);
      const col = columnAt(layout, event.x + d.width / 2);
      if (col?.key !== target?.key) {
        target = col;
        svg.selectAll<SVGGElement, ColumnLayout>('g.column').classed('drop-target', (c) => c.key === col?.key);
      }
    })
    .on('end', () => {
      svg.classed('dragging', false);
      proxy?.remove();
      proxy = undefined;
      svg.selectAll('g.column').classed('drop-target', false);
      if (moved && target && carried.length) host.drop(carried, target);
      target = undefined;
    });
  layer.call(behaviour);
}

/** The layout of the cell an event happened in (its `g.cell` or anything inside it), if any. */
export function cellDatum(target: EventTarget | null): CellLayout | undefined {
  const cell = target instanceof Element ? target.closest('g.cell') : null;
  return cell ? (cell as Element & { __data__?: CellLayout }).__data__ : undefined;
}

/** Copies of the carried cells' boxes in the drag layer, drawn where the cells are now. */
function makeProxy(
  svg: Selection<SVGSVGElement, unknown, null, undefined>,
  layout: PanelLayout,
  carried: readonly number[],
  grabbed: CellLayout,
): Selection<SVGGElement, unknown, null, undefined> {
  const g = select(svg.select<SVGGElement>('g.drag-layer').node()!).append('g').attr('class', 'drag-proxy');
  const shown = carried.map((i) => layout.cells[i]!).filter(Boolean);
  g.selectAll('rect')
    .data(shown)
    .join('rect')
    .attr('x', (c) => c.x)
    .attr('y', (c) => c.y)
    .attr('width', (c) => c.width)
    .attr('height', (c) => c.height)
    .attr('rx', 3);
  if (shown.length > 1) {
    g.append('text')
      .attr('class', 'drag-count')
      .attr('x', grabbed.x + grabbed.width + 4)
      .attr('y', grabbed.y - 4)
      .text(`${shown.length} blocks`);
  }
  return g;
}
