/**
 * Joins a `PanelLayout` to SVG with `selection.join`. No geometry is decided
 * here (see `layout/geometry.ts`): only elements, classes and ARIA attributes.
 */
import { select, type Selection } from 'd3-selection';
import 'd3-transition'; // adds selection.transition()
import type { CellLayout, ColumnLayout, PanelLayout, SplitPartLayout } from '../layout/geometry';
import { segmentTooltip } from '../layout/text';
import { t } from '../text';

export type Svg = Selection<SVGSVGElement, unknown, null, undefined>;

/** The cells' own handlers are delegated once on their layer (app.ts, draw/cellEvents.ts), not wired here. */
export interface RenderHooks {
  showTip(lines: readonly string[], event: MouseEvent | FocusEvent): void;
  hideTip(): void;
}

/** Creates the fixed layers once. */
export function createSvg(parent: HTMLElement): Svg {
  const svg = select(parent).append('svg').attr('id', 'panel-svg').attr('role', 'group').attr('aria-label', t('svgLabel'));
  for (const layer of ['path-layer', 'columns-layer', 'cells-layer', 'drag-layer']) svg.append('g').attr('class', layer);
  return svg;
}

export function render(
  svg: Svg,
  layout: PanelLayout,
  hooks: RenderHooks,
  opts: { ghost: boolean; selected: (i: number) => boolean; focusIndex: number; moved?: ReadonlySet<string>; animate: boolean },
): void {
  svg
    .attr('width', layout.width)
    .attr('height', layout.height)
    .attr('viewBox', `0 0 ${layout.width} ${layout.height}`)
    .classed('ghost', opts.ghost);
  renderPath(svg.select<SVGGElement>('g.path-layer'), layout);
  renderColumns(svg.select<SVGGElement>('g.columns-layer'), layout.columns, hooks);
  renderCells(svg.select<SVGGElement>('g.cells-layer'), layout.cells, opts);
  renderSplitParts(svg.select<SVGGElement>('g.cells-layer'), layout.splitParts);
}

/** The other half of a split block, on its own card: not draggable (the block moves as one, by its cell). */
function renderSplitParts(g: Selection<SVGGElement, unknown, null, undefined>, parts: readonly SplitPartLayout[]): void {
  const part = g
    .selectAll<SVGGElement, SplitPartLayout>('g.split-part')
    .data(parts, (d) => d.key)
    .join((enter) => {
      const e = enter.append('g').attr('class', 'split-part').attr('role', 'img');
      e.append('rect').attr('class', 'part-box').attr('rx', 3);
      e.append('rect').attr('class', 'split-band');
      e.append('text').attr('class', 'cell-label');
      return e;
    })
    .attr('data-name', (d) => d.block.name)
    .attr('data-device', (d) => d.columnKey)
    .attr('aria-label', (d) => d.ariaLabel)
    .attr('transform', (d) => `translate(${d.x},${d.y})`);
  part
    .select('rect.part-box')
    .attr('width', (d) => d.width)
    .attr('height', (d) => d.height);
  part
    .select('rect.split-band')
    .attr('y', (d) => d.height - 5)
    .attr('height', 5)
    .attr('x', 0)
    .attr('width', (d) => d.width * (d.bytes / Math.max(1, d.block.bytes)));
  part
    .select('text.cell-label')
    .attr('x', (d) => d.width / 2)
    .attr('y', (d) => d.height / 2 + 4)
    .text((d) => `${d.block.label}…`);
}

function renderPath(g: Selection<SVGGElement, unknown, null, undefined>, layout: PanelLayout): void {
  const p = layout.path;
  g.selectAll<SVGTextElement, (typeof p.lanes)[number]>('text.lane')
    .data(p.lanes, (d) => d.key)
    .join('text')
    .attr('class', 'lane')
    .attr('x', 12)
    .attr('y', (d) => d.y + 3)
    .text((d) => d.label);
  const d = p.points.length ? `M${p.points.map((q) => `${q.x.toFixed(1)},${q.y.toFixed(1)}`).join('L')}` : '';
  g.selectAll<SVGPathElement, string>('path.route')
    .data([d])
    .join('path')
    .attr('class', 'route')
    .attr('d', (s) => s);
  g.selectAll<SVGTextElement, number>('text.changes')
    .data([p.changes])
    .join('text')
    .attr('class', 'changes')
    .attr('x', layout.width - 12)
    .attr('y', p.top + p.height + 8)
    .attr('text-anchor', 'end')
    .text((n) => t(n === 1 ? 'forwardPathOne' : 'forwardPath', n));
}

function renderColumns(g: Selection<SVGGElement, unknown, null, undefined>, columns: readonly ColumnLayout[], hooks: RenderHooks): void {
  const col = g
    .selectAll<SVGGElement, ColumnLayout>('g.column')
    .data(columns, (d) => d.key)
    .join((enter) => {
      const e = enter.append('g').attr('class', 'column');
      e.append('rect').attr('class', 'col-bg').attr('rx', 4);
      e.append('text').attr('class', 'col-title');
      e.append('text').attr('class', 'col-subtitle');
      e.append('rect').attr('class', 'capacity');
      e.append('g').attr('class', 'bar');
      e.append('rect').attr('class', 'overflow');
      e.append('text').attr('class', 'summary');
      return e;
    })
    .attr('data-device', (d) => d.key)
    .attr('role', 'group')
    .attr('aria-label', (d) => d.ariaLabel)
    .classed('over', (d) => d.over)
    .classed('unplaced', (d) => d.device === null);
  col
    .select('rect.col-bg')
    .attr('x', (d) => d.x + 2)
    .attr('y', (d) => d.barTop - 36)
    .attr('width', (d) => d.width - 4)
    .attr('height', (d) => Math.max(d.bottom, d.cellsTop + 24) - d.barTop + 40);
  col
    .select('text.col-title')
    .attr('x', (d) => d.x + 8)
    .attr('y', (d) => d.barTop - 20)
    .text((d) => (d.over ? t('overCapacityTitle', d.title) : d.title));
  col
    .select('text.col-subtitle')
    .attr('x', (d) => d.x + 8)
    .attr('y', (d) => d.barTop - 6)
    .text((d) => d.subtitle);
  col
    .select('rect.capacity')
    .attr('x', (d) => d.barX - 1)
    .attr('width', 30)
    .attr('y', (d) => d.capacityY ?? d.barTop + d.barHeight)
    .attr('height', (d) => (d.capacityY === undefined ? 0 : d.barTop + d.barHeight - d.capacityY));
  col
    .select<SVGGElement>('g.bar')
    .selectAll<SVGRectElement, ColumnLayout['segments'][number]>('rect.seg')
    .data((d) => d.segments.map((s) => ({ ...s, col: d })))
    .join('rect')
    .attr('class', (s) => `seg seg-${s.kind}`)
    .attr('x', (s) => s.col.barX)
    .attr('width', 28)
    .attr('y', (s) => s.y)
    .attr('height', (s) => Math.max(0, s.height))
    .on('mouseenter', (ev: MouseEvent, s) => s.col.column && hooks.showTip(segmentTooltip(s.col.column, s.kind, s.bytes), ev))
    .on('mouseleave', () => hooks.hideTip());
  // The part above the capacity line, drawn on top so an over-full card cannot be missed.
  col
    .select('rect.overflow')
    .attr('x', (d) => d.barX - 3)
    .attr('width', 34)
    .attr('y', (d) => (d.over ? Math.min(...d.segments.map((s) => s.y)) : 0))
    .attr('height', (d) => (d.over && d.capacityY !== undefined ? Math.max(0, d.capacityY - Math.min(...d.segments.map((s) => s.y))) : 0));
  col
    .select<SVGTextElement>('text.summary')
    .selectAll<SVGTSpanElement, { t: string; x: number; y: number; i: number }>('tspan')
    .data((d) => d.summary.map((t, i) => ({ t, x: d.barX + 38, y: d.barTop + d.barHeight - 4 - (d.summary.length - 1 - i) * 14, i })))
    .join('tspan')
    .attr('x', (s) => s.x)
    .attr('y', (s) => s.y)
    .attr('class', (s) => (s.t.startsWith('OVER') ? 'over-text' : s.i === 0 ? 'total-text' : ''))
    .text((s) => s.t);
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** One cell's elements with their fixed attributes, cloned for every entering cell (one clone, not six d3 appends). */
function cellTemplate(): SVGGElement {
  const g = document.createElementNS(SVG_NS, 'g');
  g.setAttribute('role', 'button');
  const child = (tag: string, attrs: Record<string, string>): void => {
    const e = document.createElementNS(SVG_NS, tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    g.appendChild(e);
  };
  // The order is the one writeCell reads them in.
  child('rect', { class: 'cell-box', rx: '3' });
  child('rect', { class: 'split-band' });
  child('rect', { class: 'change-mark', x: '-2', y: '2' });
  child('text', { class: 'cell-label' });
  child('circle', { class: 'badge', r: '4.5', cy: '3' });
  return g;
}

interface CellOpts {
  selected: (i: number) => boolean;
  focusIndex: number;
  moved?: ReadonlySet<string>;
  animate: boolean;
}

/**
 * Every attribute of one cell that follows its layout, written straight to the DOM: the same
 * values the d3 attribute chains wrote, in one pass per cell instead of one pass per attribute
 * (which, with a `select` per child, was most of the first render's script time).
 */
function writeCell(el: SVGGElement, d: CellLayout, opts: CellOpts): void {
  const selected = opts.selected(d.index);
  el.setAttribute(
    'class',
    `cell g-${d.block.group}${d.split ? ' split' : ''}${d.severity ? ` sev-${d.severity}` : ''}${opts.moved?.has(d.key) ? ' moved' : ''}${selected ? ' selected' : ''}`,
  );
  el.setAttribute('data-name', d.key);
  el.setAttribute('data-index', String(d.index));
  el.setAttribute('tabindex', d.index === opts.focusIndex ? '0' : '-1');
  el.setAttribute('aria-label', d.ariaLabel);
  el.setAttribute('aria-pressed', String(selected));
  const [box, band, mark, label, badge] = Array.from(el.children);
  box!.setAttribute('width', String(d.width));
  box!.setAttribute('height', String(d.height));
  const share = d.split ? d.block.devices[0]!.bytes / Math.max(1, d.block.bytes) : 0;
  band!.setAttribute('y', String(d.height - 5));
  band!.setAttribute('height', d.split ? '5' : '0');
  band!.setAttribute('x', String(d.split ? d.width * share : 0));
  band!.setAttribute('width', String(d.split ? d.width * (1 - share) : 0));
  mark!.setAttribute('width', d.changeFrom ? '3' : '0');
  mark!.setAttribute('height', String(d.height - 4));
  label!.setAttribute('x', String(d.width / 2));
  label!.setAttribute('y', String(d.height / 2 + 4));
  label!.textContent = d.block.label;
  badge!.setAttribute('cx', String(d.width - 3));
  if (d.severity) badge!.removeAttribute('display');
  else badge!.setAttribute('display', 'none');
}

function renderCells(g: Selection<SVGGElement, unknown, null, undefined>, cells: readonly CellLayout[], opts: CellOpts): void {
  let template: SVGGElement | undefined;
  const fresh = new Set<SVGGElement>();
  const place = (d: CellLayout): string => `translate(${d.x},${d.y})`;
  const cell = g
    .selectAll<SVGGElement, CellLayout>('g.cell')
    .data(cells, (d) => d.key)
    .join((enter) =>
      enter.append(() => {
        const e = (template ??= cellTemplate()).cloneNode(true) as SVGGElement;
        fresh.add(e);
        return e;
      }),
    )
    .each(function (d) {
      writeCell(this, d, opts);
      // New cells appear in place.
      if (fresh.has(this)) this.setAttribute('transform', place(d));
    });
  // A block the document moved travels to its new card (unless motion is reduced).
  const existing = cell.filter((_d, i, nodes) => !fresh.has(nodes[i] as SVGGElement));
  if (opts.animate) existing.transition().duration(180).attr('transform', place);
  else existing.interrupt().attr('transform', place);
}
