import { type AnalysisEnv, analyzeDocument, type Device, type DocumentFacts, type DType, type EditResult, type EstimateMode, type EstimateSettings, factsOf, type Finding, type FoundDeviceMap, type MachineSetup, mapEstimate, type MemoryEstimate, type ModelLookup, type ModelRef, type ModelTree, moveModules, type Quantization, replaceMap, type SourceDocument } from '../../core/index';
import type { PanelGpu } from '../../protocol/snapshot';
import type { HostGpuSource } from '../gpuHost/hostGpuSource';

export interface EstimateRequest {
  readonly tree: ModelTree;
  readonly deviceMap: ReadonlyMap<string, Device>;
  readonly setup: MachineSetup;
  readonly mode: EstimateMode;
  readonly dtype?: DType;
  readonly quantization?: Quantization;
}

export interface PanelDeps {
  /** `findDeviceMaps` (core/text), or its cached form `factsOf`. */
  findMaps(doc: SourceDocument): DocumentFacts;
  /** The resolver's synchronous cache lookup. */
  lookupModel(ref: ModelRef | undefined, fileName: string): ModelLookup;
  /** Fires when pending model lookups have an answer. */
  onModelsResolved(listener: () => void): { dispose(): void };
  /** `analyzeDocument`'s findings (the diagnostics), for the document as it is. */
  analyze(doc: SourceDocument, env: AnalysisEnv): readonly Finding[];
  /** `estimateMemory` (core/memory); without it the bars show weights only. */
  estimate?(req: EstimateRequest): MemoryEstimate;
  /** `moveModules` edit (core/text/edits). */
  moveModules(doc: SourceDocument, map: FoundDeviceMap, modules: readonly string[], device: Device, tree?: ModelTree): EditResult;
  /** `replaceMap` edit (core/text/edits). */
  replaceMap(doc: SourceDocument, map: FoundDeviceMap, newMap: ReadonlyMap<string, Device>): EditResult;
  /** The machine from the settings (`deviceMapStudio.gpus` ...). */
  readSetup(): MachineSetup;
  /** `deviceMapStudio.estimate.*`: the step the panel opens with (the one DM011 and the CodeLens use); absent: the engine's default. */
  readEstimateSettings?(): EstimateSettings;
  /** Writes `deviceMapStudio.gpus` for the workspace. */
  saveGpus(gpus: readonly PanelGpu[]): Thenable<void> | Promise<void>;
  /** This machine's cards (Node build): live memory beside the estimate while the panel is visible. */
  readonly hostGpus?: Pick<HostGpuSource, 'onDidChange' | 'sample'>;
}

/**
 * The CLI's `estimate` call, option for option (a context override only when
 * the user set `contextMiB`), so the panel's bars equal `device-map estimate`,
 * DM011 and the CodeLens for the same map, mode and dtype. It goes through the
 * engine's cached `mapEstimate`, so a redraw with an unchanged map and mode
 * reuses the figures DM011 and the CodeLens already computed.
 */
export function estimateLikeCli(req: EstimateRequest): MemoryEstimate {
  return mapEstimate(req.tree, req.deviceMap, req.mode, req.setup, req.dtype, req.quantization);
}

/** The engine's functions plus what only the extension knows (models, settings). */
export function createPanelDeps(host: Pick<PanelDeps, 'lookupModel' | 'onModelsResolved' | 'readSetup' | 'saveGpus'> & Partial<Pick<PanelDeps, 'estimate' | 'readEstimateSettings' | 'hostGpus'>>): PanelDeps {
  return {
    // The engine's per-text cache of `findDeviceMaps`: a redraw, the cursor-following and the
    // diagnostics of the same text share one parse.
    findMaps: factsOf,
    estimate: estimateLikeCli,
    analyze: (doc, env) => analyzeDocument(doc, env).findings,
    moveModules,
    replaceMap,
    ...host,
  };
}
