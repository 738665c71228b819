/**
 * Completion inside device maps: module keys of the resolved model in model
 * order (whole blocks first), a snippet that fills every remaining block,
 * device values in the map's own style, strategy strings with what each does
 * for this model and these cards, and `max_memory` keys and sizes.
 */
import { STRATEGIES } from '../placement/strategy';
import type { Device } from '../base/devices';
import type { Span } from '../text/types';
import { formatBytes } from '../placement/sizeString';
import type { AnalysisEnv, CompletionItem, SourceDocument } from './api';
import { factsOf } from './analyze';
import { buildContext, type RuleContext } from './context';
import { dictCursor, type DictCursor } from './locate';
import { formatCount, keyCandidates, paramCount } from './moduleFacts';
import { missingModules } from './coverage';
import { strategySummary } from './strategySummary';
import { deviceLabel } from './format';
import { voice } from './messages';

/** `device_map="bal` (Python) or `"device_map": "bal` (JSON), typed so far. */
const STRATEGY_ARG = /device_map["']?\s*[=:]\s*(["'])([\w:.-]*)$/;

export function completeAt(doc: SourceDocument, offset: number, env: AnalysisEnv): CompletionItem[] {
  const facts = factsOf(doc);
  for (let i = 0; i < facts.maps.length; i++) {
    const map = facts.maps[i]!;
    const ctx = (): RuleContext => buildContext(doc, env, facts, map, i);
    if (map.maxMemory && map.maxMemory.span.start < offset && offset <= map.maxMemory.span.end) {
      const cur = dictCursor(doc.text, map.maxMemory.span, offset);
      if (cur) return maxMemoryItems(cur, env);
    }
    const dict = map.dictSpan ?? (map.kind === 'dict' ? map.span : undefined);
    if (dict && dict.start < offset && offset < dict.end) {
      const cur = dictCursor(doc.text, dict, offset);
      if (cur) return cur.position === 'key' ? keyItems(ctx(), cur) : deviceItems(ctx(), cur);
    }
    if (map.value && map.value.span.start < offset && offset <= map.value.span.end && map.kind !== 'dict') {
      return strategyItems(ctx(), map.value.span);
    }
  }
  // A strategy string being typed before the finder sees a complete argument.
  const before = doc.text.slice(Math.max(0, offset - 80), offset);
  const m = STRATEGY_ARG.exec(before);
  if (m) {
    const start = offset - m[2]!.length - 1;
    const close = doc.text.indexOf(m[1]!, offset);
    const nl = doc.text.indexOf('\n', offset);
    const end = close >= 0 && (nl < 0 || close < nl) ? close + 1 : offset;
    const map = facts.maps.find((x) => x.callSpan && x.callSpan.start <= offset && offset <= x.callSpan.end);
    const index = map ? facts.maps.indexOf(map) : -1;
    return strategyItems(map ? buildContext(doc, env, facts, map, index) : undefined, { start, end });
  }
  return [];
}

function quoteOf(ctx: RuleContext, cur: DictCursor): '"' | "'" {
  return cur.quote ?? ctx.map.style?.quote ?? (ctx.doc.languageId === 'python' ? '"' : '"');
}

export const COMPLETION_MESSAGES = {
  moduleDetail: '{className} · {params} params · {bytes}',
  fillOne: 'fill 1 remaining module',
  fillMany: 'fill {count} remaining modules',
  addsOver: 'adds {modules} over {devices}',
  oneDevice: '1 device',
  manyDevices: '{count} devices',
  placed: ' · {bytes} placed',
  placedOf: ' · {bytes} placed of {capacity}',
  cpu: 'offload to CPU RAM: weights move to the GPU at every forward',
  disk: 'offload to disk: slowest; weights are read at every forward',
  auto: 'Same as "balanced" in transformers 5: spreads the blocks evenly over the GPUs, then CPU, then disk.',
  balanced: 'Spreads the blocks evenly over every GPU (get_balanced_memory), then fills in order; overflow goes to CPU, then disk.',
  balanced_low_0: 'Like "balanced" but keeps GPU 0 as empty as possible (for generation or another engine on card 0).',
  sequential: 'Fills GPU 0 to its max_memory, then GPU 1, and so on: the last cards may stay empty.',
  budgetCpu: 'CPU RAM budget for offload',
  budgetDisk: 'disk offload (no limit by default)',
  budgetMps: 'Apple GPU',
  leavesRoom: '{gpu}: leaves ~2 GiB for activations and the CUDA context',
  wholeCard: '{gpu}: the whole card',
  gib: 'GiB = 2^30 bytes',
} as const;

const say = voice('completion', COMPLETION_MESSAGES);

function keyItems(ctx: RuleContext, cur: DictCursor): CompletionItem[] {
  const tree = ctx.tree;
  const sizes = ctx.sizes();
  if (!tree || !sizes) return [];
  const q = quoteOf(ctx, cur);
  const present = new Set(ctx.map.entries.map((e) => e.key));
  const items: CompletionItem[] = [];
  for (const c of keyCandidates(tree, sizes)) {
    if (present.has(c.name)) continue;
    items.push({
      label: c.name,
      kind: 'module',
      detail: say.text('moduleDetail', {
        className: c.node.className,
        params: formatCount(paramCount(tree, c.node)),
        bytes: formatBytes(sizes.sizes.get(c.name) ?? 0),
      }),
      insertText: `${q}${c.name}${q}`,
      replace: cur.replace,
      sortText: `${c.insideBlock ? 1 : 0}-${String(c.order).padStart(6, '0')}`,
    });
  }
  const fill = fillSnippet(ctx, q);
  if (fill && !cur.quote) items.unshift({ ...fill, replace: cur.replace });
  return items;
}

/** One entry per module no key covers yet, split in contiguous runs over the configured cards. */
function fillSnippet(ctx: RuleContext, q: string): Omit<CompletionItem, 'replace'> | undefined {
  const tree = ctx.tree!;
  const a = ctx.assignment();
  if (!a || a.uncoveredParams.length === 0 || ctx.map.partial) return undefined;
  const missing = missingModules(tree, a.uncoveredParams);
  const n = Math.max(1, ctx.gpuCount ?? 1);
  const style = deviceStyle(ctx);
  const indent = ctx.map.style?.indent ?? '    ';
  const multiline = ctx.map.style?.multiline ?? true;
  const lines = missing.map((name, i) => {
    const device = Math.min(n - 1, Math.floor((i * n) / missing.length));
    const value = `\${${i + 1}:${writeValue(device, style, q).replace(/[$}\\]/g, '\\$&')}}`;
    return `${q}${name}${q}: ${value},`;
  });
  return {
    label: missing.length === 1 ? say.text('fillOne', {}) : say.text('fillMany', { count: missing.length }),
    kind: 'snippet',
    detail: say.text('addsOver', {
      modules: missing.length === 1 ? missing[0]! : `${missing[0]} … ${missing[missing.length - 1]}`,
      devices: n === 1 ? say.text('oneDevice', {}) : say.text('manyDevices', { count: n }),
    }),
    insertText: lines.join(multiline ? `\n${indent}` : ' '),
    snippet: true,
    sortText: '0-',
  };
}

type GpuStyle = 'int' | 'cuda-string';

function deviceStyle(ctx: RuleContext): GpuStyle {
  let ints = 0;
  let strings = 0;
  for (const e of ctx.map.entries) {
    if (e.value.style === 'int') ints++;
    else if (e.value.style === 'cuda-string') strings++;
  }
  return strings > ints ? 'cuda-string' : 'int';
}

function writeValue(d: Device, style: GpuStyle, q: string): string {
  if (typeof d === 'number') return style === 'int' ? String(d) : `${q}cuda:${d}${q}`;
  return `${q}${d}${q}`;
}

function deviceItems(ctx: RuleContext, cur: DictCursor): CompletionItem[] {
  const setup = ctx.env.setup;
  const q = quoteOf(ctx, cur);
  const style: GpuStyle = cur.quote ? 'cuda-string' : deviceStyle(ctx);
  const known = ctx.gpuCount;
  const used = [...ctx.devices.values()].filter((d): d is number => typeof d === 'number');
  const n = known ?? Math.max(2, ...used.map((d) => d + 1));
  const items: CompletionItem[] = [];
  const weights = ctx.weights();
  const accel = setup.accelerator;
  for (let i = 0; i < n; i++) {
    const gpu = setup.gpus[i];
    const load = weights?.get(i);
    const text = accel === 'cuda' ? writeValue(i, style, q) : `${q}${accel === 'mps' ? 'mps' : `${accel}:${i}`}${q}`;
    if (accel === 'mps' && i > 0) break;
    items.push({
      label: text,
      kind: 'device',
      detail: `${accel === 'cuda' ? deviceLabel(i) : text}${gpu ? ` · ${gpu.name}` : ''}${
        load === undefined
          ? ''
          : gpu
            ? say.text('placedOf', { bytes: formatBytes(load), capacity: formatBytes(gpu.memory) })
            : say.text('placed', { bytes: formatBytes(load) })
      }`,
      insertText: text,
      replace: cur.replace,
      sortText: `0-${String(i).padStart(3, '0')}`,
    });
  }
  items.push(
    {
      label: `${q}cpu${q}`,
      kind: 'device',
      detail: say.text('cpu', {}),
      insertText: `${q}cpu${q}`,
      replace: cur.replace,
      sortText: '1-cpu',
    },
    {
      label: `${q}disk${q}`,
      kind: 'device',
      detail: say.text('disk', {}),
      insertText: `${q}disk${q}`,
      replace: cur.replace,
      sortText: '1-disk',
    },
  );
  return items;
}

function strategyItems(ctx: RuleContext | undefined, replace: Span): CompletionItem[] {
  const q = ctx?.map.value?.quote ?? '"';
  return STRATEGIES.map((s, i): CompletionItem => {
    const detail = ctx ? strategySummary(ctx, s) : undefined;
    return {
      label: `${q}${s}${q}`,
      kind: 'strategy',
      ...(detail ? { detail } : {}),
      documentation: say.text(s, {}),
      insertText: `${q}${s}${q}`,
      replace,
      sortText: `0-${i}`,
    };
  });
}

/** What each strategy does, in English (the completion shows it in the locale's words: COMPLETION_MESSAGES). */
export const STRATEGY_DOCS: Record<string, string> = {
  auto: COMPLETION_MESSAGES.auto,
  balanced: COMPLETION_MESSAGES.balanced,
  balanced_low_0: COMPLETION_MESSAGES.balanced_low_0,
  sequential: COMPLETION_MESSAGES.sequential,
};

function maxMemoryItems(cur: DictCursor, env: AnalysisEnv): CompletionItem[] {
  const q = cur.quote ?? '"';
  const gpus = env.setup.gpus;
  const n = gpus.length > 0 ? gpus.length : 2;
  if (cur.position === 'key') {
    const items: CompletionItem[] = [];
    if (!cur.quote)
      for (let i = 0; i < n; i++)
        items.push({
          label: String(i),
          kind: 'key',
          detail: gpus[i] ? `${gpus[i]!.name}` : `GPU ${i}`,
          insertText: String(i),
          replace: cur.replace,
          sortText: `0-${i}`,
        });
    for (const k of ['cpu', 'disk', 'mps'])
      items.push({
        label: `${q}${k}${q}`,
        kind: 'key',
        detail: say.text(k === 'cpu' ? 'budgetCpu' : k === 'disk' ? 'budgetDisk' : 'budgetMps', {}),
        insertText: `${q}${k}${q}`,
        replace: cur.replace,
        sortText: `1-${k}`,
      });
    return items;
  }
  const key = cur.key;
  const idx = key !== undefined && /^\d+$/.test(key) ? Number(key) : undefined;
  const sizes = new Set<string>();
  const gpu = idx !== undefined ? gpus[idx] : undefined;
  if (gpu) {
    const gib = Math.floor(gpu.memory / 2 ** 30);
    sizes.add(`${Math.max(1, gib - 2)}GiB`);
    sizes.add(`${gib}GiB`);
  }
  for (const s of ['20GiB', '22GiB', '40GiB', '75GiB', '64GiB', '128GiB']) sizes.add(s);
  return [...sizes].map((s, i) => ({
    label: `${q}${s}${q}`,
    kind: 'size' as const,
    detail: i < 2 && gpu ? say.text(i === 0 ? 'leavesRoom' : 'wholeCard', { gpu: gpu.name }) : say.text('gib', {}),
    insertText: `${q}${s}${q}`,
    replace: cur.replace,
    sortText: String(i).padStart(2, '0'),
  }));
}
