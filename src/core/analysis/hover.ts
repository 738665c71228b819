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
import { voice } from './messages';
import { estimateSay } from './estimateWords';

export const HOVER_MESSAGES = {
  ofCapacity: ' of {capacity} ({gpu}{source}, {percent}%)',
  holds: '**{device}** holds {total}{split}{capacity}',
  holdsSplit: ' (weights {weights} + CUDA context {context})',
  peaksAt: '**{device}** peaks at {total} ({parts}){capacity}',
  notResolved: '`{key}`: model not resolved{why}',
  noModule: '`{key}` names no module of `{model}`: transformers ignores this key.',
  wholeModel: '(whole model)',
  moduleLine: '- {params} parameters · {bytes} in {dtype}{quantization}',
  onDevice: '- on {device}',
  overrides: '- overrides `{parent}` ({device}) for this subtree',
  notUsable: 'not a usable device',
  keysHereOne: '1 key here: {keys}',
  keysHereMany: '{count} keys here: {keys}',
  configureGpus: 'Configure the GPUs (deviceMapStudio.gpus) or pass max_memory to see the split.',
  splitUnresolved: 'Model not resolved: the split cannot be computed.',
  expandsTo: '{head} expands to (transformers 5.17):',
  perDevice: '**{model}** in {dtype}, per device:',
  uncovered: '{count} parameters have no device',
  maxMemory: 'max_memory[{key}] = {size} ({bytes} bytes){bits}',
  bitsNote: ' — a lowercase `b` means **bits**',
} as const;

const say = voice('hover', HOVER_MESSAGES);

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
  const cap = gpu
    ? say.text('ofCapacity', {
        capacity: bytes(gpu.memory),
        gpu: gpu.name,
        source: sourceOf(ctx),
        percent: Math.round((100 * total) / gpu.memory),
      })
    : '';
  const split = context ? say.text('holdsSplit', { weights: bytes(placed), context: bytes(context) }) : '';
  return say.text('holds', { device: deviceLabel(device), total: bytes(total), split, capacity: cap });
}

/** ", detected by nvidia-smi" after a card the settings did not name. */
function sourceOf(ctx: RuleContext): string {
  return ctx.env.setup.gpuSource ? `, ${ctx.env.setup.gpuSource}` : '';
}

function estimateLine(ctx: RuleContext, c: CardSummary): string {
  const p = c.parts!;
  const gpu = typeof c.device === 'number' ? ctx.env.setup.gpus[c.device] : undefined;
  const parts = [
    estimateSay.text('partWeights', { bytes: bytes(p.weights) }),
    ...(p.kv_cache ? [estimateSay.text('partKvCache', { bytes: bytes(p.kv_cache) })] : []),
    ...(p.activations ? [estimateSay.text('partActivations', { bytes: bytes(p.activations) })] : []),
    ...(p.training ? [estimateSay.text('partTraining', { bytes: bytes(p.training) })] : []),
    ...(p.context ? [estimateSay.text('partCudaContext', { bytes: bytes(p.context) })] : []),
  ];
  const cap = gpu
    ? say.text('ofCapacity', {
        capacity: bytes(gpu.memory),
        gpu: gpu.name,
        source: sourceOf(ctx),
        percent: Math.round((100 * c.total) / gpu.memory),
      })
    : '';
  return say.text('peaksAt', { device: deviceLabel(c.device), total: bytes(c.total), parts: parts.join(' + '), capacity: cap });
}

function keyHover(ctx: RuleContext, entry: DeviceMapEntry): string {
  const tree = ctx.tree;
  const sizes = ctx.sizes(); // present whenever the tree is
  if (!tree || !sizes)
    return say.text('notResolved', { key: entry.key, why: ctx.lookup.status === 'error' ? ` (${ctx.lookup.message})` : '' });
  const node = findModule(tree, entry.key);
  if (!node) return say.text('noModule', { key: entry.key, model: tree.className });
  const dtype = effectiveDType(tree, ctx.map.dtype);
  const device = ctx.devices.get(entry.key);
  const lines = [
    `**${entry.key || say.text('wholeModel', {})}** · \`${node.className}\``,
    '',
    say.text('moduleLine', {
      params: formatCount(paramCount(tree, node)),
      bytes: bytes(sizes.sizes.get(entry.key) ?? 0),
      dtype,
      quantization: ctx.map.quantization ? ` (${ctx.map.quantization.method})` : '',
    }),
  ];
  if (device !== undefined) lines.push(say.text('onDevice', { device: deviceLabel(device) }), `- ${loadLine(ctx, device)}`);
  const parent = entry.key.includes('.') ? governingKey(entry.key.slice(0, entry.key.lastIndexOf('.')), ctx.devices) : undefined;
  if (parent !== undefined) lines.push(say.text('overrides', { parent: parent || '""', device: deviceLabel(ctx.devices.get(parent)!) }));
  return lines.join('\n');
}

function deviceHover(ctx: RuleContext, device: Device | undefined): string {
  if (device === undefined) return say.text('notUsable', {});
  const keys = [...ctx.devices].filter(([, d]) => d === device).map(([k]) => k || say.text('wholeModel', {}));
  return [
    loadLine(ctx, device) || `**${deviceLabel(device)}**`,
    '',
    keys.length === 1
      ? say.text('keysHereOne', { keys: keys[0]! })
      : say.text('keysHereMany', { count: keys.length, keys: `${keys.slice(0, 8).join(', ')}${keys.length > 8 ? ', …' : ''}` }),
  ].join('\n');
}

function strategyHover(ctx: RuleContext, s: string): string {
  if (!isStrategy(s)) return '';
  const cards = strategyCards(ctx, s);
  const head = `**device_map="${s}"**`;
  if (!cards) return `${head}\n\n${ctx.tree ? say.text('configureGpus', {}) : say.text('splitUnresolved', {})}`;
  const rows = cards.map((c) => `| ${deviceLabel(c.device)} | ${bytes(c.bytes)} | ${c.keys.join(', ')} |`);
  const columns = `| ${estimateSay.text('colDevice', {})} | ${estimateSay.text('colWeights', {})} | ${estimateSay.text('colModules', {})} |`;
  return [say.text('expandsTo', { head }), '', columns, '|---|---:|---|', ...rows].join('\n');
}

function mapHover(ctx: RuleContext): string | undefined {
  const map = concreteMap(ctx);
  if (!ctx.tree || !map) return undefined;
  const s = mapSummary(ctx, map);
  return [
    say.text('perDevice', { model: ctx.tree.className, dtype: effectiveDType(ctx.tree, ctx.map.dtype) }),
    '',
    perCardTable(s),
    ...(s.uncovered > 0 ? ['', say.text('uncovered', { count: s.uncovered })] : []),
  ].join('\n');
}

function maxMemoryHover(keyRaw: string, value: number | string): string {
  try {
    const n = convertFileSizeToInt(value);
    const bits = typeof value === 'string' && isBitsSize(value) ? say.text('bitsNote', {}) : '';
    return say.text('maxMemory', { key: keyRaw, size: bytes(n), bytes: n.toLocaleString('en-US'), bits });
  } catch (e) {
    return `max_memory[${keyRaw}]: ${(e as Error).message}`;
  }
}
