/**
 * The language service's entry points, LSP-shaped but pure: plain data and
 * UTF-16 offsets in, plain data out. The extension adapts these to
 * `vscode.*` types; the CLI prints them.
 */
import type { ModelTree } from '../models/tree';
import type { EstimateMode } from '../memory/estimateTypes';
import type { MachineSetup } from '../settings';
import type { ModelRef, Span, TextEdit } from '../text/types';
import type { ModelHints } from './modelProblem';

export type { SourceDocument } from '../base/source';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** A configured level for one code: a severity, or "off" to drop it. */
export type RuleSeverity = Severity | 'off';

export interface Finding {
  readonly code: string;
  readonly severity: Severity;
  readonly start: number;
  readonly end: number;
  readonly message: string;
  /** Other places involved (the other half of a split block, the tied partner...). */
  readonly related?: ReadonlyArray<{ readonly span: Span; readonly message: string }>;
  /** Whatever a quick fix needs to act on this finding without re-analysing. */
  readonly data?: unknown;
}

/** The page documenting a code (docs/diagnostics/<code>.md), for LSP's `codeDescription`. */
export interface CodeDescription {
  readonly href: string;
}

/** What the analysis knows about a model reference (resolution itself is async and lives outside). */
export type ModelLookup =
  | { readonly status: 'ok'; readonly tree: ModelTree; readonly origin: string }
  | { readonly status: 'pending' }
  | { readonly status: 'error'; readonly message: string };

/** How the checked script is started, as the face found it (a launch script next to it, or the `processes` setting). */
export interface LaunchContext {
  /** Processes per node that run this file. */
  readonly processes: number;
  /** Where that came from, for messages: `run.sh:4`, `the processes setting`. */
  readonly from: string;
  /** `ACCELERATE_BYPASS_DEVICE_MAP=true` in the launch's environment. */
  readonly bypass?: boolean;
  /** Cards the launch leaves visible (`CUDA_VISIBLE_DEVICES` on the launch line or exported before it; accelerate's `gpu_ids`). */
  readonly visibleDevices?: number;
  /** What the launch line says, for hover and CodeLens: `torchrun --nproc_per_node 2`. */
  readonly command?: string;
}

export interface AnalysisEnv {
  readonly setup: MachineSetup;
  /** How the file is launched, when known (DM019, DM020). */
  readonly launch?: LaunchContext;
  /** Synchronous lookup in the resolver's cache; the host re-runs analysis when a pending lookup completes. */
  lookupModel(ref: ModelRef | undefined, fileName: string): ModelLookup;
  /**
   * The step the memory estimate covers, from the user's `deviceMapStudio.estimate.*` settings.
   * Absent: the engine's default (a LoRA step when the file trains, else a short forward pass).
   */
  /** Per-code severities from the configuration (`[tool.device-map-studio.rules]`); absent: each code's default. */
  readonly rules?: Readonly<Record<string, RuleSeverity>>;
  /** How this face tells users to fix an unresolved model (VS Code: its settings; CLI: its flags). Absent: plain words. */
  readonly modelHints?: ModelHints;
  estimateMode?(facts: {
    readonly trains: boolean;
    readonly loraRank?: number;
    readonly loraTargets?: readonly string[];
    readonly fullFineTuning?: boolean;
  }): EstimateMode;
}

export interface CompletionItem {
  readonly label: string;
  readonly kind: 'module' | 'device' | 'strategy' | 'snippet' | 'size' | 'key';
  readonly detail?: string;
  readonly documentation?: string;
  /** Text to insert; `$1`-style placeholders when `snippet` is true. */
  readonly insertText: string;
  readonly snippet?: boolean;
  /** Span the insertion replaces. */
  readonly replace: Span;
  readonly sortText?: string;
}

export interface HoverResult {
  readonly span: Span;
  /** Markdown. */
  readonly markdown: string;
}

export interface CodeAction {
  readonly title: string;
  /** Codes this action fixes (empty for refactorings such as "expand auto"). */
  readonly fixes: readonly string[];
  /** Codes this action silences with a suppression comment instead of fixing (its diagnostics still link to it). */
  readonly suppresses?: readonly string[];
  readonly edits: readonly TextEdit[];
  readonly preferred?: boolean;
  readonly kind: 'quickfix' | 'refactor.rewrite';
  /**
   * An action that needs something the text cannot give (no edits): the face runs its own
   * command for it (`configureGpus`: the editor's Set Up GPUs command).
   */
  readonly command?: 'configureGpus';
}

export interface CodeLensInfo {
  readonly span: Span;
  readonly title: string;
  /** Command id to run, with the map's index in the document. */
  readonly command?: { readonly id: string; readonly args: readonly unknown[] };
}
