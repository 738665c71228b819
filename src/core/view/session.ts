/**
 * The panel host's logic without VS Code: document + map index + options in,
 * a `PanelSnapshot` (or why there is none) out; intents in, minimal edits (or
 * why they were dropped) out. `LayoutPanel` only wires this to a WebviewPanel.
 */
import type { Finding, SourceDocument } from '../analysis/api';
import type { EstimateMode, MemoryEstimate } from '../memory/estimateTypes';
import type { Quantization } from '../memory/quantization';
import type { SizeOptions } from '../memory/moduleSizes';
import type { ModelTree } from '../models/tree';
import type { Device } from '../base/devices';
import { planWithPolicy } from '../analysis/plannerPolicy';
import { expandStrategy, isStrategy, type Strategy } from '../placement/strategy';
import type { MachineSetup } from '../settings';
import type { DeviceMapEntry, DocumentFacts, FoundDeviceMap, TextEdit } from '../text/types';
import { DEFAULT_OPTIONS, type PanelDevice, type PanelOptions, type PanelSnapshot, type PanelStrategy } from './snapshot';
import type { PanelDeps } from './deps';
import { DEFAULT_ESTIMATE_SETTINGS, defaultEstimateMode, type EstimateSettings } from '../analysis/estimateChoice';
import { buildSnapshot } from './viewModel';
import { viewSay } from './messages';

/** A document as the host sees it: text plus the version intents must echo. */
export interface PanelDocument extends SourceDocument {
  readonly uri: string;
  readonly version: number;
}

export type SnapshotResult =
  { readonly kind: 'snapshot'; readonly snapshot: PanelSnapshot } | { readonly kind: 'empty'; readonly message: string };
/** The analysis a drawing waits for: the findings of `doc` (the bound document, or a preview's edited text) on this machine. */
export interface PanelAnalysisNeed {
  readonly doc: SourceDocument;
  readonly setup: MachineSetup;
  readonly estimate: EstimateSettings;
}

/** What that analysis answers: the finder's facts of the text (the entries findings pin to) and all its findings. */
export interface PanelAnalysis {
  readonly facts: DocumentFacts;
  readonly findings: readonly Finding[];
}

/** A drawing in two steps: `need` says what to analyse (absent: nothing), `finish` draws with the answer. */
export interface PanelDraw<T> {
  readonly need?: PanelAnalysisNeed;
  finish(analysis: PanelAnalysis | undefined): T;
}

export type IntentResult =
  { readonly kind: 'edits'; readonly edits: readonly TextEdit[] } | { readonly kind: 'dropped'; readonly reason: string };

interface Resolved {
  readonly facts: DocumentFacts;
  readonly found: FoundDeviceMap;
  readonly tree: ModelTree;
  readonly setup: MachineSetup;
  /** The setup before CUDA_VISIBLE_DEVICES narrowed it (what the toolbar shows and saves). */
  readonly configured: MachineSetup;
  readonly sizes: SizeOptions;
  readonly deviceMap: Map<string, Device>;
  readonly training: boolean;
}

export class PanelSession {
  constructor(private readonly deps: PanelDeps) {}

  /** Index of the map whose call (or value) contains `offset`, for "follow the cursor". */
  mapAt(doc: SourceDocument, offset: number): number | undefined {
    const maps = this.deps.findMaps(doc).maps;
    const i = maps.findIndex((m) => {
      const s = m.callSpan ?? m.span;
      return offset >= s.start && offset <= s.end;
    });
    return i < 0 ? undefined : i;
  }

  /** Options before the user picks any: the step DM011, the CodeLens and the status bar estimate (estimateChoice, from the settings). */
  defaultOptions(doc: SourceDocument): PanelOptions {
    try {
      const m = defaultEstimateMode(this.deps.findMaps(doc), this.estimateSettings());
      switch (m.kind) {
        case 'load':
          return { ...DEFAULT_OPTIONS, mode: 'load' };
        case 'generate':
          return { ...DEFAULT_OPTIONS, mode: 'generate', batch: m.batch, seq: m.prompt };
        default:
          return { ...DEFAULT_OPTIONS, mode: m.kind, batch: m.batch, seq: m.seq };
      }
    } catch {
      return DEFAULT_OPTIONS;
    }
  }

  private estimateSettings(): EstimateSettings {
    try {
      return this.deps.readEstimateSettings?.() ?? DEFAULT_ESTIMATE_SETTINGS;
    } catch {
      return DEFAULT_ESTIMATE_SETTINGS;
    }
  }

  /** Never throws: a failure anywhere becomes an empty panel that says what went wrong. */
  snapshot(doc: PanelDocument, mapIndex: number, options: PanelOptions): SnapshotResult {
    return this.finishHere(this.drawSnapshot(doc, mapIndex, options));
  }

  /**
   * The snapshot in two steps, so the extension can run the analysis elsewhere (its worker):
   * everything but the analysis now, the rest in `finish`. Neither step throws.
   */
  drawSnapshot(doc: PanelDocument, mapIndex: number, options: PanelOptions): PanelDraw<SnapshotResult> {
    const failed = (e: unknown): SnapshotResult => ({
      kind: 'empty',
      message: viewSay.text('cannotDraw', { error: e instanceof Error ? e.message : String(e) }),
    });
    try {
      const r = this.resolve(doc, mapIndex, options);
      if ('empty' in r) return { finish: () => ({ kind: 'empty', message: r.empty }) };
      const settings = this.estimateSettings();
      const need: PanelAnalysisNeed = { doc, setup: r.setup, estimate: settings };
      return {
        need,
        finish: (analysis) => {
          try {
            const ruled = this.findingsIn(analysis, mapIndex);
            const estimate = this.estimateFor(r, options, settings);
            return {
              kind: 'snapshot',
              snapshot: buildSnapshot({
                tree: r.tree,
                deviceMap: r.deviceMap,
                setup: r.setup,
                sizes: r.sizes,
                training: r.training,
                ...ruled,
                ...(estimate ? { estimate } : {}),
                meta: this.meta(doc, mapIndex, r, options),
              }),
            };
          } catch (e) {
            return failed(e);
          }
        },
      };
    } catch (e) {
      return { finish: () => failed(e) };
    }
  }

  /** The ghost: the map `strategy` would give on the configured GPUs. Throws with a readable message (the RPC reply). */
  preview(doc: PanelDocument, mapIndex: number, options: PanelOptions, strategy: PanelStrategy): PanelSnapshot {
    return this.finishHere(this.drawPreview(doc, mapIndex, options, strategy));
  }

  /** `preview` in two steps: its analysis is of the document as it would read with the previewed map written in. Throws as `preview`. */
  drawPreview(doc: PanelDocument, mapIndex: number, options: PanelOptions, strategy: PanelStrategy): PanelDraw<PanelSnapshot> {
    const r = this.resolve(doc, mapIndex, options);
    if ('empty' in r) throw new Error(r.empty);
    const deviceMap = this.expand(r, strategy, options);
    // The ghost carries the same estimate as the real map, so the two can be compared bar for bar.
    const estimate = this.estimateFor({ ...r, deviceMap }, options);
    const previewed = this.previewedText(doc, r, deviceMap);
    return {
      ...(previewed !== undefined ? { need: { doc: { ...doc, text: previewed }, setup: r.setup, estimate: this.estimateSettings() } } : {}),
      finish: (analysis) =>
        buildSnapshot({
          tree: r.tree,
          deviceMap,
          setup: r.setup,
          sizes: r.sizes,
          training: r.training,
          ...this.findingsIn(analysis, mapIndex),
          ...(estimate ? { estimate } : {}),
          meta: { ...this.meta(doc, mapIndex, r, options), mapKind: `preview: ${strategy}` },
        }),
    };
  }

  /**
   * The analysis a drawing needs, run here: the finder's facts (`findMaps`) and the rules (`analyze`),
   * as the Problems panel runs them; undefined when the analysis fails (nothing is marked then).
   */
  analyseHere(need: PanelAnalysisNeed): PanelAnalysis | undefined {
    try {
      const facts = this.deps.findMaps(need.doc);
      const findings = this.deps.analyze(need.doc, {
        setup: need.setup,
        lookupModel: (ref, file) => this.deps.lookupModel(ref, file),
        estimateMode: (f) => defaultEstimateMode(f, need.estimate),
      });
      return { facts, findings };
    } catch {
      return undefined;
    }
  }

  private finishHere<T>(draw: PanelDraw<T>): T {
    return draw.finish(draw.need ? this.analyseHere(draw.need) : undefined);
  }

  /**
   * The real rules (the analysis the Problems panel shows) for the map at `mapIndex`,
   * with the entries their spans point into; nothing without an analysis.
   */
  private findingsIn(analysis: PanelAnalysis | undefined, mapIndex: number): { findings?: Finding[]; entries?: readonly DeviceMapEntry[] } {
    try {
      const found = analysis?.facts.maps[mapIndex];
      if (!found) return {};
      // The map's own text and the call it reaches (`device_map = {...}` then `from_pretrained(..., device_map=device_map)`).
      const regions = [found.span, found.dictSpan, found.callSpan].filter((g): g is { start: number; end: number } => g !== undefined);
      const inRegion = (s: { start: number; end: number }): boolean => regions.some((g) => s.start < g.end && s.end >= g.start);
      const findings = analysis.findings.filter((f) => inRegion(f) || (f.related ?? []).some((x) => inRegion(x.span)));
      return { findings, entries: found.entries };
    } catch {
      return {};
    }
  }

  /** The document's text with the previewed map written in; undefined when it cannot be written (nothing is marked then). */
  private previewedText(doc: PanelDocument, r: Resolved, deviceMap: ReadonlyMap<string, Device>): string | undefined {
    try {
      const edits = this.deps.replaceMap(doc, r.found, deviceMap);
      return edits.refused ? undefined : applyEdits(doc.text, edits);
    } catch {
      return undefined;
    }
  }

  moveModules(
    doc: PanelDocument,
    intent: { documentVersion: number; mapIndex: number; modules: readonly string[]; device: PanelDevice },
    options: PanelOptions,
  ): IntentResult {
    if (intent.documentVersion !== doc.version) return staleEdit();
    const r = this.resolve(doc, intent.mapIndex, options);
    if ('empty' in r) return { kind: 'dropped', reason: r.empty };
    try {
      return this.move(doc, r, intent.modules, intent.device);
    } catch (e) {
      return { kind: 'dropped', reason: viewSay.text('cannotWrite', { error: (e as Error).message }) };
    }
  }

  private move(doc: PanelDocument, r: Resolved, modules: readonly string[], device: PanelDevice): IntentResult {
    if (r.found.kind === 'dict') return asIntent(this.deps.moveModules(doc, r.found, modules, device, r.tree));
    // A strategy or single-device map: write out what it expands to, with the move applied.
    const next = new Map(r.deviceMap);
    for (const m of modules) {
      for (const k of [...next.keys()]) if (k === m || k.startsWith(`${m}.`)) next.delete(k);
      next.set(m, device);
    }
    return asIntent(this.deps.replaceMap(doc, r.found, next));
  }

  applyMap(
    doc: PanelDocument,
    intent: { documentVersion: number; mapIndex: number; strategy: PanelStrategy },
    options: PanelOptions,
  ): IntentResult {
    if (intent.documentVersion !== doc.version) return staleEdit();
    const r = this.resolve(doc, intent.mapIndex, options);
    if ('empty' in r) return { kind: 'dropped', reason: r.empty };
    try {
      return asIntent(this.deps.replaceMap(doc, r.found, this.expand(r, intent.strategy, options)));
    } catch (e) {
      return { kind: 'dropped', reason: (e as Error).message };
    }
  }

  /** The engine's estimate for this map and mode; undefined (weights only) when it is missing or fails. */
  private estimateFor(r: Resolved, options: PanelOptions, settings = this.estimateSettings()): MemoryEstimate | undefined {
    try {
      return this.deps.estimate?.({
        tree: r.tree,
        deviceMap: r.deviceMap,
        setup: r.setup,
        mode: estimateMode(options, r.facts, settings.newTokens),
        ...(r.sizes.dtype ? { dtype: r.sizes.dtype } : {}),
        ...(r.sizes.quantization ? { quantization: r.sizes.quantization } : {}),
        ...(r.found.attention ? { attention: r.found.attention } : {}),
      });
    } catch {
      return undefined;
    }
  }

  private meta(doc: PanelDocument, mapIndex: number, r: Resolved, options: PanelOptions) {
    const f = r.found;
    const editable = f.kind === 'dict' ? !f.partial : f.value !== undefined && f.kind !== 'unknown';
    return {
      documentVersion: doc.version,
      mapIndex,
      uri: doc.uri,
      fileName: doc.fileName,
      modelName: f.model?.name ?? r.tree.className,
      mapKind: f.kind === 'dict' ? 'dict' : (f.value?.raw ?? f.kind),
      editable,
      options,
      ...(r.setup !== r.configured ? { configuredGpus: r.configured.gpus, visibleGpus: r.setup.gpus.length } : {}),
    };
  }

  private expand(r: Resolved, strategy: Strategy | 'planned', options: PanelOptions): Map<string, Device> {
    const gpus = r.setup.gpus;
    if (gpus.length === 0) throw new Error(viewSay.text('noSetup', {}));
    if (strategy === 'planned') return this.plan(r, options);
    const budgets = new Map<Device, number | string>(gpus.map((g, i) => [i, g.memory]));
    if (r.setup.cpuMemory) budgets.set('cpu', r.setup.cpuMemory);
    return expandStrategy(r.tree, strategy, budgets, { ...r.sizes, userSetMaxMemory: true }).deviceMap;
  }

  /** Our planner, called as the rebalance fix and `plan --strategy studio` call it (plannerPolicy): the toolbar's step sets the overhead. */
  private plan(r: Resolved, options: PanelOptions): Map<string, Device> {
    const s = r.setup;
    const result = planWithPolicy({
      tree: r.tree,
      setup: s,
      sizes: r.sizes,
      mode: estimateMode(options, r.facts, this.estimateSettings().newTokens),
      trains: r.training,
      ...(r.deviceMap.size ? { current: r.deviceMap } : {}),
      ...(s.cpuMemory ? { cpu: s.cpuMemory } : {}),
    });
    if (!result.fits) throw new Error(viewSay.text(s.cpuMemory ? 'doesNotFitWithCpu' : 'doesNotFit', { cards: s.gpus.length }));
    return result.cleaned;
  }

  private resolve(doc: PanelDocument, mapIndex: number, options: PanelOptions): Resolved | { empty: string } {
    const facts = this.deps.findMaps(doc);
    const found = facts.maps[mapIndex];
    if (!found)
      return {
        empty: facts.maps.length ? viewSay.text('mapGone', { count: facts.maps.length, index: mapIndex + 1 }) : viewSay.text('noMap', {}),
      };
    const lookup = this.deps.lookupModel(found.model, doc.fileName);
    if (lookup.status === 'pending')
      return { empty: viewSay.text('resolving', { model: found.model?.name ?? viewSay.text('theModel', {}) }) };
    if (lookup.status === 'error') return { empty: lookup.message };
    const configured = this.deps.readSetup();
    // The process sees only the cards CUDA_VISIBLE_DEVICES leaves: draw and plan for those.
    const visible = found.visibleDevices;
    const setup =
      visible !== undefined && visible < configured.gpus.length ? { ...configured, gpus: configured.gpus.slice(0, visible) } : configured;
    const quantization: Quantization | undefined =
      options.quantization === 'auto' ? found.quantization : options.quantization === 'none' ? undefined : { method: options.quantization };
    const dtype = options.dtype === 'auto' ? found.dtype : options.dtype;
    const sizes: SizeOptions = { ...(dtype ? { dtype } : {}), ...(quantization ? { quantization } : {}) };
    const training =
      options.training === 'on' ||
      (options.training === 'auto' && (facts.trains || options.mode === 'train-lora' || options.mode === 'train-full'));
    const base = { facts, found, tree: lookup.tree, setup, configured, sizes, training };
    if (found.kind === 'dict') {
      const deviceMap = new Map<string, Device>();
      for (const e of found.entries) if (e.value.device !== undefined) deviceMap.set(e.key, e.value.device);
      return { ...base, deviceMap };
    }
    const v = found.value;
    if (found.kind === 'strategy' && typeof v?.literal === 'string' && isStrategy(v.literal)) {
      try {
        return { ...base, deviceMap: this.expand({ ...base, deviceMap: new Map() }, v.literal, options) };
      } catch (e) {
        return { empty: `device_map="${v.literal}": ${(e as Error).message}` };
      }
    }
    if ((found.kind === 'device' || found.kind === 'int') && v?.device !== undefined)
      return { ...base, deviceMap: new Map([['', v.device]]) };
    return { empty: viewSay.text('notDrawable', { value: v?.raw ?? found.kind }) };
  }
}

/** An intent for a text the document no longer has: dropped, saying so. */
export function staleEdit(): IntentResult {
  return { kind: 'dropped', reason: viewSay.text('stale', {}) };
}

/** Edits applied from the end backwards, as an editor applies them. */
function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.offset - a.offset)) out = out.slice(0, e.offset) + e.text + out.slice(e.offset + e.length);
  return out;
}

function asIntent(result: TextEdit[] & { readonly refused?: string }): IntentResult {
  if (result.refused) return { kind: 'dropped', reason: result.refused };
  return { kind: 'edits', edits: result };
}

/**
 * The estimate the toolbar's mode asks for: the engine's one decision (estimateChoice), with the toolbar's step in
 * place of the settings'; LoRA rank and targets from the file, new tokens from the settings. The toolbar's training
 * mode says LoRA or full fine-tuning, whatever the file does.
 */
export function estimateMode(o: PanelOptions, facts: DocumentFacts, newTokens = DEFAULT_ESTIMATE_SETTINGS.newTokens): EstimateMode {
  const trains = o.mode === 'train-lora' || o.mode === 'train-full';
  const f = trains ? { ...facts, fullFineTuning: o.mode === 'train-full' } : facts;
  return defaultEstimateMode(f, { mode: trains ? 'train' : o.mode, batch: o.batch, seqLength: o.seq, newTokens });
}
