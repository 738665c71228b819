/**
 * Where everything goes, computed without a DOM: one column per device
 * (setup GPUs, then the offload devices in use), each with a stacked memory
 * bar on a shared scale and its blocks as cells in forward order, plus a
 * forward-path strip that shows every change of device. The D3 code only
 * joins these records to SVG.
 */
import type { BlockGroup, PanelBlock, PanelColumn, PanelDevice, PanelSnapshot, WarningSeverity } from '../../protocol/snapshot';
import { blockAriaLabel, columnAriaLabel, columnSummary } from './text';
import { deviceLabel } from '../../core/index';
import { deviceKey, formatBytes } from './format';
import { t } from '../text';

export const CELL_W = 30;
export const CELL_H = 20;
export const CELL_GAP = 3;
const MARGIN = 12;
const HEADER_H = 36;
const BAR_H = 180;
const BAR_W = 28;
const MIN_COL_W = 150;

export type SegmentKind = `weights-${BlockGroup}` | 'kv_cache' | 'activations' | 'training' | 'context';

export interface BarSegment {
  readonly kind: SegmentKind;
  readonly bytes: number;
  readonly y: number;
  readonly height: number;
}

export interface ColumnLayout {
  readonly key: string;
  readonly device: PanelDevice | null;
  readonly column?: PanelColumn;
  readonly x: number;
  readonly width: number;
  readonly title: string;
  readonly subtitle: string;
  readonly barX: number;
  readonly barTop: number;
  readonly barHeight: number;
  /** Top of the capacity outline (undefined: capacity unknown). */
  readonly capacityY?: number;
  readonly segments: readonly BarSegment[];
  readonly over: boolean;
  /** Text lines to the right of the bar: total, headroom, components. */
  readonly summary: readonly string[];
  readonly ariaLabel: string;
  readonly cellsTop: number;
  readonly bottom: number;
}

export interface CellLayout {
  readonly key: string;
  readonly index: number;
  readonly block: PanelBlock;
  readonly columnKey: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly split: boolean;
  /** Worst severity among its warnings. */
  readonly severity?: WarningSeverity;
  /** Lane of the previous block when this one is on another: a device change of the forward path (the line's switch). */
  readonly changeFrom?: string;
  readonly ariaLabel: string;
  /** The card's column the cell sits in (its tooltip, built on hover, gives the block's share of it). */
  readonly column?: PanelColumn;
}

export interface SplitPartLayout {
  /** `model.layers.5@g1`. */
  readonly key: string;
  readonly block: PanelBlock;
  readonly columnKey: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly bytes: number;
  readonly ariaLabel: string;
}

export interface PathPoint {
  readonly x: number;
  readonly y: number;
}

export interface PanelLayout {
  readonly width: number;
  readonly height: number;
  readonly columns: readonly ColumnLayout[];
  readonly cells: readonly CellLayout[];
  /** The other parts of split blocks, one per extra card, in that card's column (the cell itself sits with its main part). */
  readonly splitParts: readonly SplitPartLayout[];
  /** The forward-path strip: one lane per column, a polyline through the blocks' lanes. */
  readonly path: {
    readonly top: number;
    readonly height: number;
    readonly points: readonly PathPoint[];
    readonly changes: number;
    readonly lanes: ReadonlyArray<{ readonly key: string; readonly y: number; readonly label: string }>;
  };
}

const SEVERITY_RANK: Record<WarningSeverity, number> = { hint: 0, info: 1, warning: 2, error: 3 };

export function worstSeverity(ws: ReadonlyArray<{ severity: WarningSeverity }>): WarningSeverity | undefined {
  let best: WarningSeverity | undefined;
  for (const w of ws) if (!best || SEVERITY_RANK[w.severity] > SEVERITY_RANK[best]) best = w.severity;
  return best;
}

const UNPLACED = 'unplaced';

/** The column key a block belongs to: its main device, or `unplaced` when no key covers it. */
export function blockColumnKey(b: PanelBlock): string {
  const d = b.devices[0]?.device;
  return d === undefined ? UNPLACED : deviceKey(d);
}

function laneLabel(device: PanelDevice | null): string {
  return device === null ? 'none' : deviceLabel(device);
}

export function layoutPanel(snapshot: PanelSnapshot, viewportWidth: number): PanelLayout {
  const cols: Array<{ key: string; device: PanelDevice | null; column?: PanelColumn }> = snapshot.columns.map((c) => ({
    key: deviceKey(c.device),
    device: c.device,
    column: c,
  }));
  if (snapshot.blocks.some((b) => b.devices.length === 0)) cols.push({ key: UNPLACED, device: null });
  const n = Math.max(1, cols.length);
  const colW = Math.max(MIN_COL_W, Math.floor((viewportWidth - 2 * MARGIN) / n));
  const width = 2 * MARGIN + n * colW;

  // Forward-path strip.
  const laneH = 10;
  const pathTop = 8;
  const laneOf = new Map(cols.map((c, i) => [c.key, i]));
  const pathHeight = n * laneH + 8;
  const plotX0 = MARGIN + 56;
  const plotW = width - plotX0 - MARGIN;
  const nb = Math.max(1, snapshot.blocks.length);
  const points: PathPoint[] = [];
  // The label counts exactly the lane switches the drawn line makes: a tied head that sits with the
  // embeddings on card 0 really sends the hidden states back there (accelerate's hook moves them).
  let changes = 0;
  let prevKey: string | undefined;
  snapshot.blocks.forEach((b, i) => {
    const key = blockColumnKey(b);
    const y = pathTop + 4 + (laneOf.get(key) ?? 0) * laneH + laneH / 2;
    const x0 = plotX0 + (i * plotW) / nb;
    const x1 = plotX0 + ((i + 1) * plotW) / nb;
    if (prevKey !== undefined && key !== prevKey) changes++;
    prevKey = key;
    points.push({ x: x0, y }, { x: x1, y });
  });
  const lanes = cols.map((c, i) => ({ key: c.key, y: pathTop + 4 + i * laneH + laneH / 2, label: laneLabel(c.device) }));

  // Shared vertical scale: equal cards line up, an over-full card pokes out above its outline.
  const maxBytes = Math.max(1, ...snapshot.columns.map((c) => Math.max(c.capacity ?? 0, c.memory.total)));
  // What d3's scaleLinear().domain([0, maxBytes]).range([0, BAR_H]) computes, to the bit (normalize
  // (x - 0) / maxBytes, then interpolate 0 * (1 - t) + BAR_H * t), without loading d3-scale for one line.
  const y = (bytes: number): number => BAR_H * (bytes / maxBytes);
  const top = pathTop + pathHeight + 16;
  const barTop = top + HEADER_H;
  const cellsTop = barTop + BAR_H + 14;
  const perRow = Math.max(1, Math.floor((colW - 16 + CELL_GAP) / (CELL_W + CELL_GAP)));

  const cellCount = new Map<string, number>();
  const slot = (key: string): { ci: number; x: number; y: number } => {
    const ci = laneOf.get(key) ?? 0;
    const k = cellCount.get(key) ?? 0;
    cellCount.set(key, k + 1);
    return {
      ci,
      x: MARGIN + ci * colW + 8 + (k % perRow) * (CELL_W + CELL_GAP),
      y: cellsTop + Math.floor(k / perRow) * (CELL_H + CELL_GAP),
    };
  };
  const cells: CellLayout[] = [];
  const splitParts: SplitPartLayout[] = [];
  let prevKey2: string | undefined;
  snapshot.blocks.forEach((b, index) => {
    const key = blockColumnKey(b);
    const { ci, x, y: cy } = slot(key);
    const column = cols[ci]!.column;
    // The same switches the path line draws (and counts), marked on the block it enters.
    const changeFrom = prevKey2 !== undefined && prevKey2 !== key ? laneLabel(cols[laneOf.get(prevKey2) ?? 0]!.device) : undefined;
    prevKey2 = key;
    const severity = worstSeverity(b.warnings);
    cells.push({
      key: b.name,
      index,
      block: b,
      columnKey: key,
      x,
      y: cy,
      width: CELL_W,
      height: CELL_H,
      split: b.devices.length > 1,
      ...(severity ? { severity } : {}),
      ...(changeFrom ? { changeFrom } : {}),
      ...(column ? { column } : {}),
      ariaLabel: blockAriaLabel(b, column),
    });
    // A split block: its other parts are drawn on their own cards too, so every card it uses shows it.
    for (const part of b.devices.slice(1)) {
      const partKey = deviceKey(part.device);
      const at = slot(partKey);
      splitParts.push({
        key: `${b.name}@${partKey}`,
        block: b,
        columnKey: partKey,
        x: at.x,
        y: at.y,
        width: CELL_W,
        height: CELL_H,
        bytes: part.bytes,
        ariaLabel: t(
          'splitPartLabel',
          b.name,
          b.devices.map((d) => deviceLabel(d.device)).join(t('deviceJoin')),
          formatBytes(part.bytes),
          deviceLabel(part.device),
        ),
      });
    }
  });

  const columns: ColumnLayout[] = cols.map((c, i) => {
    const x = MARGIN + i * colW;
    const rows = Math.ceil((cellCount.get(c.key) ?? 0) / perRow);
    const segments: BarSegment[] = [];
    let acc = 0;
    const push = (kind: SegmentKind, bytes: number): void => {
      if (bytes <= 0) return;
      const h = y(acc + bytes) - y(acc);
      segments.push({ kind, bytes, y: barTop + BAR_H - y(acc + bytes), height: h });
      acc += bytes;
    };
    const col = c.column;
    if (col) {
      // Weights by group in forward order, then the run-time components.
      push('weights-embedding', col.weightsByGroup.embedding);
      push('weights-block', col.weightsByGroup.block);
      push('weights-other', col.weightsByGroup.other);
      push('weights-head', col.weightsByGroup.head);
      // The estimate may count weights the groups missed (buffers outside blocks): keep the bar equal to its total.
      const grouped = col.weightsByGroup.embedding + col.weightsByGroup.block + col.weightsByGroup.other + col.weightsByGroup.head;
      if (col.memory.weights > grouped) push('weights-other', col.memory.weights - grouped);
      push('kv_cache', col.memory.kv_cache);
      push('activations', col.memory.activations);
      push('training', col.memory.training);
      push('context', col.memory.context);
    }
    const over = !!col && col.capacity !== undefined && col.memory.total > col.capacity;
    return {
      key: c.key,
      device: c.device,
      ...(col ? { column: col } : {}),
      x,
      width: colW,
      title: c.device === null ? t('notCovered') : deviceLabel(c.device),
      subtitle: col ? col.name : t('noKeyCovers'),
      barX: x + 8,
      barTop,
      barHeight: BAR_H,
      ...(col?.capacity !== undefined ? { capacityY: barTop + BAR_H - y(col.capacity) } : {}),
      segments,
      over,
      summary: col ? columnSummary(col) : [],
      ariaLabel: col ? columnAriaLabel(col) : t('uncoveredLabel'),
      cellsTop,
      bottom: cellsTop + rows * (CELL_H + CELL_GAP),
    };
  });
  const height = Math.max(cellsTop + CELL_H, ...columns.map((c) => c.bottom)) + MARGIN;
  return { width, height, columns, cells, splitParts, path: { top: pathTop, height: pathHeight, points, changes, lanes } };
}

/** The column under an x coordinate (drop target), or undefined outside every column. */
export function columnAt(layout: PanelLayout, x: number): ColumnLayout | undefined {
  return layout.columns.find((c) => x >= c.x && x < c.x + c.width);
}

/** Forward-order indices from `anchor` to `index`, both included: a shift-selected range. */
export function rangeBetween(anchor: number, index: number): number[] {
  const [a, b] = anchor <= index ? [anchor, index] : [index, anchor];
  return Array.from({ length: b - a + 1 }, (_, i) => a + i);
}
