/**
 * Builds the panel's `PanelSnapshot` from the engine's pieces: the model tree,
 * the (expanded) device map, the machine setup, the memory estimate and the
 * analysis findings. Pure (no vscode), so the host, the tests and the bench
 * all compute the very same picture.
 */
import type { Finding } from '../analysis/api';
import type { MemoryEstimate } from '../memory/estimateTypes';
import { computeModuleSizes, type SizeOptions } from '../memory/moduleSizes';
import { namedTensors, numel, walkModules, type ModelTree } from '../models/tree';
import { assignTensors } from '../models/assign';
import { sortDevices } from '../placement/deviceBytes';
import { deviceLabel, type Device } from '../base/devices';
import type { MachineSetup } from '../settings';
import type { DeviceMapEntry } from '../text/types';
import type { BlockGroup, PanelBlock, PanelColumn, PanelGpu, PanelMemory, PanelOptions, PanelSnapshot, PanelWarning } from './snapshot';
import { forwardBlocks } from './blocks';
import { viewSay } from './messages';

export interface SnapshotMeta {
  readonly documentVersion: number;
  readonly mapIndex: number;
  readonly uri: string;
  readonly fileName: string;
  readonly modelName: string;
  readonly mapKind: string;
  readonly editable: boolean;
  readonly options: PanelOptions;
  /** The configured cards when CUDA_VISIBLE_DEVICES narrowed `setup` (the toolbar shows and saves these). */
  readonly configuredGpus?: readonly PanelGpu[];
  readonly visibleGpus?: number;
}

export interface SnapshotInput {
  readonly tree: ModelTree;
  /** The map as transformers would apply it (a strategy already expanded). */
  readonly deviceMap: ReadonlyMap<string, Device>;
  readonly setup: MachineSetup;
  readonly sizes?: SizeOptions;
  /** `estimateMemory`'s answer; without it only weights are drawn (other components 0). */
  readonly estimate?: MemoryEstimate;
  /** `analyzeDocument`'s findings for the drawn map (previews: for the previewed map); without them nothing is marked. */
  readonly findings?: readonly Finding[];
  /** The source entries, to pin findings (by their spans) on blocks. */
  readonly entries?: readonly DeviceMapEntry[];
  readonly training: boolean;
  readonly meta: SnapshotMeta;
}

const ZERO_GROUPS = (): Record<BlockGroup, number> => ({ embedding: 0, block: 0, head: 0, other: 0 });

export function buildSnapshot(input: SnapshotInput): PanelSnapshot {
  const { tree, deviceMap, setup } = input;
  const blocks = forwardBlocks(tree);
  const blockOfModule = new Map<string, number>();
  blocks.forEach((b, i) => {
    for (const m of walkModules(b.node)) blockOfModule.set(m.name, i);
  });
  // Memory really allocated (as the estimate and DM011 count it), whichever major placed it.
  const { sizes } = computeModuleSizes(tree, { ...input.sizes, includeTensors: true, allocated: true });
  const { tensorDevice } = assignTensors(tree, deviceMap);
  const tied = tree.tiedWeights;

  const perBlock = blocks.map(() => ({ bytes: 0, params: 0, devices: new Map<Device, number>() }));
  const weights = new Map<Device, number>();
  const byGroup = new Map<Device, Record<BlockGroup, number>>();
  for (const { fullName, tensor, owner } of namedTensors(tree.root)) {
    const bi = blockOfModule.get(owner.name);
    const isTied = Object.prototype.hasOwnProperty.call(tied, fullName);
    const bytes = isTied ? 0 : (sizes.get(fullName) ?? 0);
    const device = tensorDevice.get(fullName);
    if (bi !== undefined) {
      const pb = perBlock[bi]!;
      pb.bytes += bytes;
      if (tensor.kind === 'param' && !isTied) pb.params += numel(tensor.shape);
      if (device !== undefined) pb.devices.set(device, (pb.devices.get(device) ?? 0) + bytes);
    }
    if (device !== undefined) {
      weights.set(device, (weights.get(device) ?? 0) + bytes);
      const g = byGroup.get(device) ?? ZERO_GROUPS();
      g[bi !== undefined ? blocks[bi]!.group : 'other'] += bytes;
      byGroup.set(device, g);
    }
  }

  const panelBlocks: PanelBlock[] = blocks.map((b, i) => ({
    name: b.name,
    label: b.label,
    group: b.group,
    bytes: perBlock[i]!.bytes,
    params: perBlock[i]!.params,
    devices: [...perBlock[i]!.devices].sort((x, y) => y[1] - x[1]).map(([device, bytes]) => ({ device, bytes })),
    warnings: [],
  }));

  const gpuCount = setup.gpus.length;
  const used = new Set<Device>(weights.keys());
  for (const b of panelBlocks) for (const d of b.devices) used.add(d.device);
  if (input.estimate) for (const d of input.estimate.devices.keys()) used.add(d);
  const devices = sortDevices([...Array.from({ length: gpuCount }, (_, i) => i), ...used]);

  const columns: PanelColumn[] = devices.map((device) => {
    const est = input.estimate?.devices.get(device);
    const w = weights.get(device) ?? 0;
    const memory: PanelMemory = est
      ? {
          weights: est.weights,
          kv_cache: est.kv_cache,
          activations: est.activations,
          training: est.training,
          context: est.context,
          total: est.total,
        }
      : { weights: w, kv_cache: 0, activations: 0, training: 0, context: 0, total: w };
    const gpu = typeof device === 'number' ? setup.gpus[device] : undefined;
    const capacity = gpu?.memory ?? (device === 'cpu' && setup.cpuMemory ? setup.cpuMemory : undefined);
    return {
      device,
      label: deviceLabel(device),
      name:
        gpu?.name ??
        (typeof device === 'number'
          ? viewSay.text('notInSetup', {})
          : device === 'cpu' || device === 'disk'
            ? viewSay.text('offload', {})
            : device),
      ...(capacity !== undefined ? { capacity } : {}),
      memory,
      weightsByGroup: byGroup.get(device) ?? ZERO_GROUPS(),
      formulas: (input.estimate?.formulas.get(device) ?? {}) as PanelColumn['formulas'],
      warnings: [],
    };
  });

  // Every mark comes from the real rules (analyzeDocument) on the drawn map: a preview and the Problems panel cannot disagree.
  const global: PanelWarning[] = [];
  const blockWarnings = panelBlocks.map(() => [] as PanelWarning[]);
  const colWarnings = columns.map(() => [] as PanelWarning[]);
  if (input.findings) {
    pinFindings(input.findings, input.entries ?? [], panelBlocks, blockWarnings, global);
    pinCards(input.findings, columns, colWarnings);
  }

  const { configuredGpus, ...meta } = input.meta;
  return {
    ...meta,
    modelClass: tree.className,
    blocks: panelBlocks.map((b, i) => ({ ...b, warnings: blockWarnings[i]! })),
    columns: columns.map((c, i) => ({ ...c, warnings: colWarnings[i]! })),
    warnings: global,
    gpus: (configuredGpus ?? setup.gpus).map((g) => ({ name: g.name, memory: g.memory })),
    training: input.training,
  };
}

/** Findings about one card's memory: they also mark that card's column (`data.device`). */
const CARD_CODES = new Set(['DM011', 'DM012']);

function pinCards(findings: readonly Finding[], columns: readonly PanelColumn[], out: PanelWarning[][]): void {
  for (const f of findings) {
    if (!CARD_CODES.has(f.code)) continue;
    const device = (f.data as { device?: unknown } | undefined)?.device;
    const i = columns.findIndex((c) => c.device === device);
    if (i >= 0) out[i]!.push({ code: f.code, severity: f.severity, message: f.message });
  }
}

function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return (a.start < b.end && b.start < a.end) || (a.start === a.end && a.start >= b.start && a.start <= b.end);
}

/** Attaches each finding to the blocks its span (and related spans) names; the rest stay global. */
function pinFindings(
  findings: readonly Finding[],
  entries: readonly DeviceMapEntry[],
  blocks: readonly PanelBlock[],
  out: PanelWarning[][],
  global: PanelWarning[],
): void {
  const keysAt = (s: { start: number; end: number }): string[] =>
    entries.filter((e) => e.key !== '' && overlaps(s, e.entrySpan)).map((e) => e.key);
  const blocksOf = (k: string): number[] =>
    blocks.flatMap((b, i) => (b.name === k || b.name.startsWith(`${k}.`) || k.startsWith(`${b.name}.`) ? [i] : []));
  for (const f of findings) {
    const w: PanelWarning = { code: f.code, severity: f.severity, message: f.message };
    // The finding's own entry marks its blocks; a related entry only when it names one block (the
    // other end of a tie, the layer left behind), not a parent key over dozens of layers.
    const marked = new Set(keysAt(f).flatMap(blocksOf));
    for (const r of f.related ?? [])
      for (const k of keysAt(r.span)) {
        const bs = blocksOf(k);
        if (bs.length === 1) marked.add(bs[0]!);
      }
    for (const i of marked) if (!out[i]!.some((x) => x.code === w.code && x.message === w.message)) out[i]!.push(w);
    const pinned = marked.size > 0;
    if (!pinned) global.push(w);
  }
}
