/** The words the panel shows: tooltips, ARIA labels and column summaries, built from plain data. */
import type { PanelBlock, PanelColumn } from '../../protocol/snapshot';
import { deviceLabel } from '../../core/index';
import { formatBytes, formatParams, formatPercent, groupDigits } from './format';

export function blockTooltip(b: PanelBlock, column: PanelColumn | undefined): string[] {
  const lines = [b.name || '(root)', `${formatParams(b.params)} parameters, ${formatBytes(b.bytes)} (${groupDigits(b.bytes)} bytes)`];
  if (column?.capacity) lines.push(`${formatPercent(b.bytes, column.capacity)} of ${column.label} (${formatBytes(column.capacity)})`);
  if (b.devices.length === 0) lines.push('no device: no key of the map covers it');
  else if (b.devices.length > 1)
    lines.push(`split: ${b.devices.map((d) => `${deviceLabel(d.device)} ${formatBytes(d.bytes)}`).join(', ')}`);
  else lines.push(`on ${deviceLabel(b.devices[0]!.device)}`);
  for (const w of b.warnings) lines.push(`${w.code} ${w.severity}: ${w.message}`);
  return lines;
}

export function blockAriaLabel(b: PanelBlock, column: PanelColumn | undefined): string {
  const where =
    b.devices.length === 0
      ? 'not placed'
      : b.devices.length > 1
        ? `split over ${b.devices.map((d) => deviceLabel(d.device)).join(' and ')}`
        : `on ${deviceLabel(b.devices[0]!.device)}`;
  const pct = column?.capacity ? `, ${formatPercent(b.bytes, column.capacity)} of the card` : '';
  const warn = b.warnings.length
    ? `, ${b.warnings.length} problem${b.warnings.length > 1 ? 's' : ''}: ${b.warnings.map((w) => w.code).join(' ')}`
    : '';
  return `${b.name}, ${formatBytes(b.bytes)}${pct}, ${where}${warn}`;
}

/** Short lines beside the bar (a column can be 150 px wide); the full words are in the tooltip and ARIA label. */
export function columnSummary(c: PanelColumn): string[] {
  const m = c.memory;
  const lines: string[] = [];
  lines.push(
    c.capacity
      ? `${formatBytes(m.total).replace(' GiB', '')}/${formatCapacity(c.capacity)} ${formatPercent(m.total, c.capacity)}`
      : `${formatBytes(m.total)} used`,
  );
  if (c.capacity !== undefined) {
    const free = c.capacity - m.total;
    lines.push(free >= 0 ? `free ${formatBytes(free)}` : `OVER ${formatBytes(-free)}`);
  }
  lines.push(`weights ${formatBytes(m.weights)}`);
  if (m.kv_cache) lines.push(`KV ${formatBytes(m.kv_cache)}`);
  if (m.activations) lines.push(`act ${formatBytes(m.activations)}`);
  if (m.training) lines.push(`LoRA ${formatBytes(m.training)}`);
  if (m.context) lines.push(`ctx ${formatBytes(m.context)}`);
  return lines;
}

/** The whole column in words, for screen readers. */
export function columnAriaLabel(c: PanelColumn): string {
  const m = c.memory;
  const parts = [
    `${c.label}, ${c.name}`,
    `${formatBytes(m.total)} used${c.capacity ? ` of ${formatBytes(c.capacity)} (${formatPercent(m.total, c.capacity)})` : ''}`,
  ];
  if (c.capacity !== undefined)
    parts.push(
      m.total > c.capacity ? `over capacity by ${formatBytes(m.total - c.capacity)}` : `headroom ${formatBytes(c.capacity - m.total)}`,
    );
  parts.push(
    `weights ${formatBytes(m.weights)}`,
    `KV cache ${formatBytes(m.kv_cache)}`,
    `activations ${formatBytes(m.activations)}`,
    `LoRA and optimizer ${formatBytes(m.training)}`,
    `context ${formatBytes(m.context)}`,
  );
  return parts.join(', ');
}

function formatCapacity(bytes: number): string {
  const gib = bytes / 2 ** 30;
  return Number.isInteger(gib) ? `${gib} GiB` : formatBytes(bytes);
}

/** Tooltip for one bar segment. */
export function segmentTooltip(c: PanelColumn, kind: string, bytes: number): string[] {
  const names: Record<string, string> = {
    'weights-embedding': 'weights: embeddings',
    'weights-block': 'weights: blocks',
    'weights-head': 'weights: head',
    'weights-other': 'weights: other',
    kv_cache: 'KV cache',
    activations: 'activations',
    training: 'LoRA + optimizer state',
    context: 'CUDA context / reserve',
  };
  const lines = [`${c.label}: ${names[kind] ?? kind}`, `${formatBytes(bytes)} (${groupDigits(bytes)} bytes)`];
  if (c.capacity) lines.push(`${formatPercent(bytes, c.capacity)} of ${formatBytes(c.capacity)}`);
  const formula = (c.formulas as Record<string, string | undefined>)[kind.startsWith('weights') ? 'weights' : kind];
  if (formula) lines.push(formula);
  return lines;
}
