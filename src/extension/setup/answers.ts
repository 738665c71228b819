/**
 * The answers the New Setup flow collects, step by step, and what the flow
 * needs from the rest of the extension (services) and from the core's setup
 * generator (SetupCore). Nothing here computes a figure or a file: the core does.
 */
import type { GpuParse, GpuSpec, ModelTree, SetupStrategy, SetupTask } from '../../core/index';

export type { SetupTask, SetupStrategy };

export interface ChosenModel {
  /** As the user named it: a Hub id, or a folder's path (absolute, or relative to `base`). */
  readonly name: string;
  /** The folder a relative name was resolved against (the workspace folder). */
  readonly base?: string;
  readonly tree: ModelTree;
  /** Where it resolved ("catalogue: llama", "hf-cache: ..."), for the pick's detail. */
  readonly origin: string;
}

export interface ChosenCards {
  readonly gpus: readonly GpuSpec[];
  /** The spec as the CLI's `--gpus` takes it, when the cards came from one (preset or typed). */
  readonly spec?: string;
  /** How they were chosen, for the summary ("detected by nvidia-smi", "preset"). */
  readonly source: string;
}

/** One process, or several: data parallel (one card each) or model parallel inside each, data parallel across. */
export interface ChosenProcesses {
  readonly processes: number;
  readonly cardsPerProcess: number;
}

export interface ChosenOutput {
  readonly format: string;
  /** Absolute folder the files go to. */
  readonly dir: string;
}

export interface SetupAnswers {
  model?: ChosenModel;
  cards?: ChosenCards;
  task?: SetupTask;
  strategy?: SetupStrategy;
  processes?: ChosenProcesses;
  output?: ChosenOutput;
}

/** The answers once every step has one. */
export type CompleteAnswers = { readonly [K in keyof SetupAnswers]-?: NonNullable<SetupAnswers[K]> };

/** One placement choice with its per-card preview, as the core computed it. */
export interface PlacementPreview {
  readonly strategy: SetupStrategy;
  readonly label: string;
  /** "cuda:0 17.2 / 22.0 GiB · cuda:1 …" */
  readonly cards: string;
  readonly fits: boolean;
  /** Why not, when it does not fit. */
  readonly problem?: string;
}

export interface FormatChoice {
  readonly format: string;
  readonly label: string;
  readonly detail: string;
}

export interface PlannedFile {
  /** Relative to the output folder. */
  readonly path: string;
  readonly content: string;
  /** The file the layout panel should show (the one with the map). */
  readonly showLayout?: boolean;
}

/** A change the core proposes when the setup does not fit (QLoRA, CPU offload, fewer processes, more cards). */
export interface Alternative {
  readonly label: string;
  readonly detail: string;
  readonly change: Partial<Pick<SetupAnswers, 'task' | 'strategy' | 'processes' | 'cards'>> & {
    /** RAM (bytes) the modules the cards cannot hold may take (inference). */
    readonly cpuOffload?: number;
  };
}

export type PlanOutcome =
  | { readonly fits: true; readonly files: readonly PlannedFile[]; readonly summary: string }
  | {
      readonly fits: false;
      readonly message: string;
      readonly alternatives: readonly Alternative[];
      /** The estimate cannot say (full fine-tuning): the files may be written anyway, on request. */
      readonly canForce: boolean;
    };

export interface PlanOptions {
  readonly cpuOffload?: number;
  /** Write even though the fit could not be checked. */
  readonly force?: boolean;
}

/** The core's setup generator, as the flow calls it (bound in setupCore.ts). */
export interface SetupCore {
  tasks(): readonly { readonly task: SetupTask; readonly label: string; readonly detail: string }[];
  preview(a: Required<Pick<SetupAnswers, 'model' | 'cards' | 'task'>>): readonly PlacementPreview[];
  formats(a: Required<Pick<SetupAnswers, 'processes'>>): readonly FormatChoice[];
  plan(a: CompleteAnswers, options: PlanOptions): PlanOutcome;
}

export type Resolved<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

/** What the flow needs from the extension around it. */
export interface SetupServices {
  readonly core: SetupCore;
  /** Catalogue ids. */
  catalogueIds(): readonly string[];
  /** Model ids found in the Hugging Face cache (none in the web build or an untrusted workspace). */
  cachedModelIds(): Promise<readonly string[]>;
  /** A Hub id or a folder, resolved the way the checks resolve it. */
  resolveModel(nameOrFolder: string): Promise<Resolved<ChosenModel>>;
  /** This machine's cards (nvidia-smi and friends). */
  detectCards(): Promise<Resolved<ChosenCards>>;
  /** The `--gpus` / setting syntax. */
  parseCards(spec: string): GpuParse;
  /** The first workspace folder (absolute), if any. */
  workspaceFolder(): string | undefined;
}
