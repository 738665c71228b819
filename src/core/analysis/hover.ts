/**
 * Hovers: on a key, the module (class, parameters, bytes at the effective
 * dtype, its device and that device's load against capacity); on a strategy
 * string, the map it expands to per card; on the map, a per-card table.
 */
import { isStrategy } from '../placement/strategy';
import { convertFileSizeToInt, isBitsSize } from '../placement/sizeString';
import { governingKey } from '../models/assign';
import type { AnalysisEnv, HoverResult, SourceDocument } from './api';
import { factsOf } from './analyze';
import { concreteMap } from './concrete';
import { buildContext, sizeOptionsOf, type RuleContext } from './context';
import { bytes, deviceLabel } from './format';
import { spotAt } from './locate';
import { findModule, formatCount, paramCount } from './moduleFacts';
import { estimateSummary, perCardTable, type CardSummary } from './perCard';
import { estimateModeOf } from './estimateChoice';
import { strategyCards } from './strategySummary';
import { launchHover } from './launchSummary';
import { effectiveDType } from './weights';
import type { Device } from '../base/devices';
import type { DeviceMapEntry } from '../text/types';

export function hoverAt(doc: SourceDocument, offset: number, env: AnalysisEnv): HoverResult | undefined {
  const facts = factsOf(doc);
  const hit = spotAt(facts.maps, offset);
  if (!hit) return undefined;
  const found = hoverOf(doc, hit, env, facts);
  // Every hover on a map ends with how the script is launched (and the cards per rank), when that is known.
  const launch = launchHover(hit.map, env.launch);
  if (!launch) return found;
  if (found) return { ...found, markdown: `${found.markdown}\n\n---\n\n${launch}` };
  return { span: hit.map.dictSpan ?? hit.map.span, markdown: launch };
}

function hoverOf(
  doc: SourceDocument,
  hit: NonNullable<ReturnType<typeof spotAt>>,
  env: AnalysisEnv,
  facts: ReturnType<typeof factsOf>,
): HoverResult | undefined {
  const ctx = buildContext(doc, env, facts, hit.map, hit.index);
  const spot = hit.spot;
  switch (spot.kind) {
    case 'key':
      return { span: spot.entry.keySpan, markdown: keyHover(ctx, spot.entry) };
    case 'value':
      // A value computed from the rank has no device of its own: the launch block below says each rank's.
      if (spot.entry.value.device === undefined && hit.map.ranks) return undefined;
      return { span: spot.entry.value.span, markdown: deviceHover(ctx, spot.entry.value.device) };
    case 'mapValue': {
      const v = hit.map.value!;
      const md = typeof v.literal === 'string' && isStrategy(v.literal) ? strategyHover(ctx, v.literal) : mapHover(ctx);
      return md ? { span: v.span, markdown: md } : undefined;
    }
    case 'maxMemoryKey':
    case 'maxMemoryValue': {
      const e = hit.map.maxMemory!.entries[spot.index]!;
      return { span: spot.kind === 'maxMemoryKey' ? e.keySpan : e.valueSpan, markdown: maxMemoryHover(e.keyRaw, e.value) };
    }
    case 'map': {
      const md = mapHover(ctx);
      return md ? { span: hit.map.dictSpan ?? hit.map.span, markdown: md } : undefined;
    }
  }
}

/** The per-card estimate the CodeLens and DM011 show, for this map. */
function mapSummary(ctx: RuleContext, map: ReadonlyMap<string, Device>) {
  return estimateSummary(ctx.tree!, map, ctx.env.setup, estimateModeOf(ctx.env, ctx.facts), sizeOptionsOf(ctx.map));
}

function loadLine(ctx: RuleContext, device: Device | undefined): string {
  if (device === undefined) return '';
  const map = ctx.tree ? concreteMap(ctx) : undefined;
  const card = map ? mapSummary(ctx, map).cards.find((c) => c.device === device) : undefined;
  if (card?.parts) return estimateLine(ctx, card);
  const w = ctx.weights();
  const gpu = typeof device === 'number' ? ctx.env.setup.gpus[device] : undefined;
  const placed = w?.get(device) ?? 0;
  const context = typeof device === 'number' ? ctx.env.setup.contextBytes : 0;
  const total = placed + context;
  const cap = gpu ? ` of ${bytes(gpu.memory)} (${gpu.name}${sourceOf(ctx)}, ${Math.round((100 * total) / gpu.memory)}%)` : '';
  return `**${deviceLabel(device)}** holds ${bytes(total)}${context ? ` (weights ${bytes(placed)} + CUDA context ${bytes(context)})` : ''}${cap}`;
}

/** ", detected by nvidia-smi" after a card the settings did not name. */
function sourceOf(ctx: RuleContext): string {
  return ctx.env.setup.gpuSource ? `, ${ctx.env.setup.gpuSource}` : '';
}

function estimateLine(ctx: RuleContext, c: CardSummary): string {
  const p = c.parts!;
  const gpu = typeof c.device === 'number' ? ctx.env.setup.gpus[c.device] : undefined;
  const parts = [
    `weights ${bytes(p.weights)}`,
    ...(p.kv_cache ? [`KV cache ${bytes(p.kv_cache)}`] : []),
    ...(p.activations ? [`activations ${bytes(p.activations)}`] : []),
    ...(p.training ? [`training ${bytes(p.training)}`] : []),
    ...(p.context ? [`CUDA context ${bytes(p.context)}`] : []),
  ];
  const cap = gpu ? ` of ${bytes(gpu.memory)} (${gpu.name}${sourceOf(ctx)}, ${Math.round((100 * c.total) / gpu.memory)}%)` : '';
  return `**${deviceLabel(c.device)}** peaks at ${bytes(c.total)} (${parts.join(' + ')})${cap}`;
}

function keyHover(ctx: RuleContext, entry: DeviceMapEntry): string {
  const tree = ctx.tree;
  const sizes = ctx.sizes(); // present whenever the tree is
  if (!tree || !sizes) return `\`${entry.key}\`: model not resolved${ctx.lookup.status === 'error' ? ` (${ctx.lookup.message})` : ''}`;
  const node = findModule(tree, entry.key);
  if (!node) return `\`${entry.key}\` names no module of \`${tree.className}\`: transformers ignores this key.`;
  const dtype = effectiveDType(tree, ctx.map.dtype);
  const device = ctx.devices.get(entry.key);
  const lines = [
    `**${entry.key || '(whole model)'}** · \`${node.className}\``,
    '',
    `- ${formatCount(paramCount(tree, node))} parameters · ${bytes(sizes.sizes.get(entry.key) ?? 0)} in ${dtype}${ctx.map.quantization ? ` (${ctx.map.quantization.method})` : ''}`,
  ];
  if (device !== undefined) lines.push(`- on ${deviceLabel(device)}`, `- ${loadLine(ctx, device)}`);
  const parent = entry.key.includes('.') ? governingKey(entry.key.slice(0, entry.key.lastIndexOf('.')), ctx.devices) : undefined;
  if (parent !== undefined) lines.push(`- overrides \`${parent || '""'}\` (${deviceLabel(ctx.devices.get(parent)!)}) for this subtree`);
  return lines.join('\n');
}

function deviceHover(ctx: RuleContext, device: Device | undefined): string {
  if (device === undefined) return 'not a usable device';
  const keys = [...ctx.devices].filter(([, d]) => d === device).map(([k]) => k || '(whole model)');
  return [
    loadLine(ctx, device) || `**${deviceLabel(device)}**`,
    '',
    `${keys.length} key${keys.length === 1 ? '' : 's'} here: ${keys.slice(0, 8).join(', ')}${keys.length > 8 ? ', …' : ''}`,
  ].join('\n');
}

function strategyHover(ctx: RuleContext, s: string): string {
  if (!isStrategy(s)) return '';
  const cards = strategyCards(ctx, s);
  const head = `**device_map="${s}"**`;
  if (!cards)
    return `${head}\n\n${ctx.tree ? 'Configure the GPUs (deviceMapStudio.gpus) or pass max_memory to see the split.' : 'Model not resolved: the split cannot be computed.'}`;
  const rows = cards.map((c) => `| ${deviceLabel(c.device)} | ${bytes(c.bytes)} | ${c.keys.join(', ')} |`);
  return [`${head} expands to (transformers 5.17):`, '', '| device | weights | modules |', '|---|---:|---|', ...rows].join('\n');
}

function mapHover(ctx: RuleContext): string | undefined {
  const map = concreteMap(ctx);
  if (!ctx.tree || !map) return undefined;
  const s = mapSummary(ctx, map);
  return [
    `**${ctx.tree.className}** in ${effectiveDType(ctx.tree, ctx.map.dtype)}, per device:`,
    '',
    perCardTable(s),
    ...(s.uncovered > 0 ? ['', `${s.uncovered} parameters have no device`] : []),
  ].join('\n');
}

function maxMemoryHover(keyRaw: string, value: number | string): string {
  try {
    const n = convertFileSizeToInt(value);
    const bits = typeof value === 'string' && isBitsSize(value) ? ' — a lowercase `b` means **bits**' : '';
    return `max_memory[${keyRaw}] = ${bytes(n)} (${n.toLocaleString('en-US')} bytes)${bits}`;
  } catch (e) {
    return `max_memory[${keyRaw}]: ${(e as Error).message}`;
  }
}
