/** The words the panel shows: tooltips, ARIA labels and column summaries, built from plain data. */
import type { PanelBlock, PanelColumn } from '../../protocol/snapshot';
import { deviceLabel } from '../../core/index';
import { formatBytes, formatParams, formatPercent, groupDigits } from './format';
import { t } from '../text';

export function blockTooltip(b: PanelBlock, column: PanelColumn | undefined): string[] {
  const lines = [b.name || t('root'), t('blockSize', formatParams(b.params), formatBytes(b.bytes), groupDigits(b.bytes))];
  if (column?.capacity) lines.push(t('shareOfCard', formatPercent(b.bytes, column.capacity), column.label, formatBytes(column.capacity)));
  if (b.devices.length === 0) lines.push(t('noDevice'));
  else if (b.devices.length > 1)
    lines.push(t('splitList', b.devices.map((d) => `${deviceLabel(d.device)} ${formatBytes(d.bytes)}`).join(', ')));
  else lines.push(t('onDevice', deviceLabel(b.devices[0]!.device)));
  for (const w of b.warnings) lines.push(`${w.code} ${w.severity}: ${w.message}`);
  return lines;
}

export function blockAriaLabel(b: PanelBlock, column: PanelColumn | undefined): string {
  const where =
    b.devices.length === 0
      ? t('notPlaced')
      : b.devices.length > 1
        ? t('splitOver', b.devices.map((d) => deviceLabel(d.device)).join(t('deviceJoin')))
        : t('onDevice', deviceLabel(b.devices[0]!.device));
  const pct = column?.capacity ? t('ofTheCard', formatPercent(b.bytes, column.capacity)) : '';
  const warn = b.warnings.length
    ? t(b.warnings.length > 1 ? 'problems' : 'problemsOne', b.warnings.length, b.warnings.map((w) => w.code).join(' '))
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
      : t('used', formatBytes(m.total)),
  );
  if (c.capacity !== undefined) {
    const free = c.capacity - m.total;
    lines.push(free >= 0 ? t('free', formatBytes(free)) : t('over', formatBytes(-free)));
  }
  lines.push(t('weightsShort', formatBytes(m.weights)));
  if (m.kv_cache) lines.push(t('kvShort', formatBytes(m.kv_cache)));
  if (m.activations) lines.push(t('actShort', formatBytes(m.activations)));
  if (m.training) lines.push(t('loraShort', formatBytes(m.training)));
  if (m.context) lines.push(t('ctxShort', formatBytes(m.context)));
  return lines;
}

/** The whole column in words, for screen readers. */
export function columnAriaLabel(c: PanelColumn): string {
  const m = c.memory;
  const parts = [
    `${c.label}, ${c.name}`,
    c.capacity
      ? t('usedOf', formatBytes(m.total), formatBytes(c.capacity), formatPercent(m.total, c.capacity))
      : t('used', formatBytes(m.total)),
  ];
  if (c.capacity !== undefined)
    parts.push(m.total > c.capacity ? t('overBy', formatBytes(m.total - c.capacity)) : t('headroom', formatBytes(c.capacity - m.total)));
  parts.push(
    t('weightsShort', formatBytes(m.weights)),
    t('kvCacheLong', formatBytes(m.kv_cache)),
    t('activationsLong', formatBytes(m.activations)),
    t('loraLong', formatBytes(m.training)),
    t('contextLong', formatBytes(m.context)),
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
    'weights-embedding': t('segWeightsEmbedding'),
    'weights-block': t('segWeightsBlock'),
    'weights-head': t('segWeightsHead'),
    'weights-other': t('segWeightsOther'),
    kv_cache: t('segKvCache'),
    activations: t('segActivations'),
    training: t('segTraining'),
    context: t('segContext'),
  };
  const lines = [`${c.label}: ${names[kind] ?? kind}`, t('bytesOf', formatBytes(bytes), groupDigits(bytes))];
  if (c.capacity) lines.push(t('percentOf', formatPercent(bytes, c.capacity), formatBytes(c.capacity)));
  const formula = (c.formulas as Record<string, string | undefined>)[kind.startsWith('weights') ? 'weights' : kind];
  if (formula) lines.push(formula);
  return lines;
}
