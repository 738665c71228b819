/**
 * What the panel host needs from the rest of the extension, as one small
 * interface so the host logic is testable without VS Code. `createPanelDeps`
 * wires the real engine functions; tests pass their own.
 */
import type { AnalysisEnv, Finding, ModelLookup, SourceDocument } from '../analysis/api';
import { analyzeDocument, factsOf } from '../analysis/index';
import { mapEstimate, type EstimateSettings } from '../analysis/estimateChoice';
import type { EstimateMode, MemoryEstimate } from '../memory/estimateTypes';
import type { DType } from '../base/dtypes';
import type { Quantization } from '../memory/quantization';
import type { AttentionKernel } from '../memory/activations';
import type { ModelTree } from '../models/tree';
import type { Device } from '../base/devices';
import type { MachineSetup } from '../settings';
import { moveModules, replaceMap, type EditResult } from '../text/index';
import type { DocumentFacts, FoundDeviceMap, ModelRef } from '../text/types';
import type { LiveSample } from '../gpuHost/types';
import type { PanelGpu } from './snapshot';

/** This machine's cards as the panel reads them (the extension's HostGpuSource fits it; core stays free of `vscode`). */
export interface PanelHostGpus {
  /** Fires when the detected cards change. */
  onDidChange(listener: () => void): { dispose(): unknown };
  /** One live reading (cards + processes); undefined when detection is off. */
  sample(): Promise<LiveSample | undefined>;
}

export interface EstimateRequest {
  readonly tree: ModelTree;
  readonly deviceMap: ReadonlyMap<string, Device>;
  readonly setup: MachineSetup;
  readonly mode: EstimateMode;
  readonly dtype?: DType;
  readonly quantization?: Quantization;
  /** `attn_implementation=` from the file. */
  readonly attention?: AttentionKernel;
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
  saveGpus(gpus: readonly PanelGpu[]): PromiseLike<void>;
  /** This machine's cards (Node build): live memory beside the estimate while the panel is visible. */
  readonly hostGpus?: PanelHostGpus;
}

/**
 * The CLI's `estimate` call, option for option (a context override only when
 * the user set `contextMiB`), so the panel's bars equal `device-map estimate`,
 * DM011 and the CodeLens for the same map, mode and dtype. It goes through the
 * engine's cached `mapEstimate`, so a redraw with an unchanged map and mode
 * reuses the figures DM011 and the CodeLens already computed.
 */
export function estimateLikeCli(req: EstimateRequest): MemoryEstimate {
  return mapEstimate(req.tree, req.deviceMap, req.mode, req.setup, req.dtype, req.quantization, req.attention);
}

/** The engine's functions plus what only the extension knows (models, settings). */
export function createPanelDeps(
  host: Pick<PanelDeps, 'lookupModel' | 'onModelsResolved' | 'readSetup' | 'saveGpus'> &
    Partial<Pick<PanelDeps, 'estimate' | 'readEstimateSettings' | 'hostGpus'>>,
): PanelDeps {
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
