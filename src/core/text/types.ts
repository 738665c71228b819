/**
 * Device maps as found in a document: every value the user wrote, with the
 * UTF-16 offsets of its key and value, so diagnostics point at the right text
 * and edits stay minimal. Shared by the finder (core/text), the analysis
 * (core/analysis), the panel host and the CLI.
 */
import type { Device } from '../base/devices';
import type { DType } from '../base/dtypes';
import type { Quantization } from '../memory/quantization';
import type { AttentionKernel } from '../memory/activations';
import type { ModelRef, Span } from '../base/source';

export type { ModelRef, Span } from '../base/source';

/** How a device value was spelled, so edits can keep the user's style. */
export type ValueStyle =
  | 'int' // 0
  | 'cuda-string' // "cuda:0"
  | 'string' // "cpu", "disk", "mps", "npu:0"...
  | 'torch-device' // torch.device("cuda", 0) / torch.device("cuda:0")
  | 'other'; // anything else (float, name, call)

/** A device value as written, and what torch would make of it. */
export interface DeviceValue {
  /** The source text of the value. */
  readonly raw: string;
  readonly span: Span;
  readonly style: ValueStyle;
  /**
   * The device as transformers would see it: an int for `0` / `"cuda:0"`,
   * a string for "cpu", "disk", "mps", "npu:1"... Undefined when invalid or unknown.
   */
  readonly device?: Device;
  /** Why the value is invalid (DM006), when it is. */
  readonly invalid?: string;
  /** The literal as parsed (number, string), for exact messages. */
  readonly literal?: number | string;
  /** Quote character used by a string literal (`"` or `'`). */
  readonly quote?: '"' | "'";
}

/** One `key: value` of a device map dict. */
export interface DeviceMapEntry {
  /** Module name (`model.layers.3`); `""` for the root. */
  readonly key: string;
  /** Span of the key literal, quotes included. Synthetic entries (from a comprehension) use the span of the expression that made them. */
  readonly keySpan: Span;
  readonly value: DeviceValue;
  /** Span of the whole `key: value` pair (for deletion/replacement). */
  readonly entrySpan: Span;
  /** False when the entry came from a comprehension, `.update()` or item assignment elsewhere: edits then go to its origin. */
  readonly literal: boolean;
  /**
   * Where the entry was written: `literal` (in the dict literal itself), `item` (`d[k] = v`),
   * `update` (`d.update(...)`), `merge` (`{**other}` / `dict(other)`), `comprehension`, `loop`
   * (`d[f"...{i}"] = v` inside a `for`). Entries from `comprehension` and `loop` share their
   * source text with other entries, so they cannot be edited one by one.
   */
  readonly origin?: 'literal' | 'item' | 'update' | 'merge' | 'comprehension' | 'loop';
}

/** What a `device_map=` argument (or JSON value) is. */
export type DeviceMapKind = 'dict' | 'strategy' | 'device' | 'int' | 'unknown';

/** A `max_memory` dict as written. */
export interface MaxMemorySpec {
  readonly span: Span;
  readonly entries: ReadonlyArray<{
    readonly key: Device;
    readonly keyRaw: string;
    readonly keySpan: Span;
    readonly value: number | string;
    readonly valueSpan: Span;
  }>;
  /** Keys or values that could not be evaluated. */
  readonly partial: boolean;
}

/** One device map found in a document, with everything around it that changes its meaning. */
export interface FoundDeviceMap {
  readonly kind: DeviceMapKind;
  /** Span of the whole value (the dict literal, the string...), or of the variable passed in. */
  readonly span: Span;
  /** For dicts: entries in source order (after evaluating comprehensions, updates, merges). */
  readonly entries: readonly DeviceMapEntry[];
  /** For strategy/device strings and ints: the value. */
  readonly value?: DeviceValue;
  /** Some entries could not be evaluated: never report "missing" for a partial map. */
  readonly partial: boolean;
  /** Where the literal dict sits, when edits can go there (absent for comprehensions). */
  readonly dictSpan?: Span;
  /** Indentation and quote style seen in the dict, for inserting entries. */
  readonly style?: { readonly indent: string; readonly quote: '"' | "'"; readonly multiline: boolean; readonly trailingComma: boolean };
  readonly model?: ModelRef;
  /**
   * When the model argument exists but cannot be evaluated statically (`args.model`): what was
   * written, for DM016. `defaultName`: the default of the command-line option it reads, when the
   * file declares one (a hint to show, not a certainty: the user may pass another model).
   */
  readonly modelUnresolved?: { readonly span: Span; readonly text: string; readonly reason: string; readonly defaultName?: string };
  readonly maxMemory?: MaxMemorySpec;
  readonly dtype?: DType;
  /** `attn_implementation=` on the loader call, as the memory estimate reads it (issue 19). */
  readonly attention?: AttentionKernel;
  readonly quantization?: Quantization;
  /** Span of the `quantization_config=` / `BitsAndBytesConfig(...)`, for DM013. */
  readonly quantizationSpan?: Span;
  /** `CUDA_VISIBLE_DEVICES` set in the file: how many GPUs the process sees. */
  readonly visibleDevices?: number;
  /** Span of the call that receives the map (`from_pretrained(...)`), or the JSON object holding it. */
  readonly callSpan?: Span;
  /** True when the map reaches a model loader (or is named like one in JSON). */
  readonly reachesModel: boolean;
  /**
   * The map is what accelerate's `infer_auto_device_map(...)` returns for these arguments (written
   * at `span`): the analysis runs the same placement against the resolved model, so the entries it
   * computes are judged like written ones.
   */
  readonly inferred?: InferredMap;
  /**
   * The map once per process (ranks 0, 1, ... in order), present only when the map or its
   * `max_memory` reads the rank (`LOCAL_RANK`, `PartialState().process_index`...) and so
   * differs between processes (issue 12, DM021).
   */
  readonly ranks?: readonly RankView[];
}

/** The arguments of an `infer_auto_device_map` call the engine can rerun. */
export interface InferredMap {
  /** The call. */
  readonly span: Span;
  /** `no_split_module_classes` as written (`[]` when left out, as accelerate defaults); `'model'` for `model._no_split_modules`. */
  readonly noSplit: readonly string[] | 'model';
  /** `max_memory` of the call (accelerate then uses every card's free memory and the CPU when absent). */
  readonly maxMemory?: MaxMemorySpec;
  readonly dtype?: DType;
  /** A strategy string given to `load_checkpoint_and_dispatch`, which expands it with these arguments. */
  readonly strategy?: 'auto' | 'balanced' | 'balanced_low_0' | 'sequential';
}

/** One process's view of a map that depends on the rank. */
export interface RankView {
  readonly rank: number;
  readonly kind: DeviceMapKind;
  /** The devices the map's values name (a dict's values, or the one device), usable ones only, first use first. */
  readonly devices: readonly Device[];
  /** `max_memory` keys with a budget above zero, when the call passes one. */
  readonly budgeted?: readonly Device[];
  /** Something in the map or its `max_memory` could not be evaluated for this rank. */
  readonly partial: boolean;
}

/** Facts about the whole document. */
export interface DocumentFacts {
  readonly maps: readonly FoundDeviceMap[];
  /** The file trains: peft LoRA, Trainer/SFTTrainer, `.backward()`, an optimizer. */
  readonly trains: boolean;
  /** LoRA `target_modules` when a LoraConfig names them. */
  readonly loraTargets?: readonly string[];
  readonly loraRank?: number;
  /** The file builds a Trainer/SFTTrainer and uses no peft: every parameter trains (issue 17). */
  readonly fullFineTuning?: boolean;
  /** The file sets `ACCELERATE_BYPASS_DEVICE_MAP` to "true" itself (os.environ[...] = / setdefault). */
  readonly bypassesDeviceMapCheck?: boolean;
  /** Parse problems worth telling the user (the finder never throws). */
  readonly problems: readonly DocumentProblem[];
}

/**
 * A problem the finder met in the text, told apart by `kind` (never by its message):
 * a key written twice in one dict literal, or a file it could not read at all.
 */
export type DocumentProblem =
  | { readonly kind: 'duplicate-key'; readonly span: Span; readonly key: string; readonly message: string }
  | {
      readonly kind: 'unreadable';
      readonly span: Span;
      readonly message: string;
      /** Only this part could not be read (bad YAML in one document, JSON json.loads rejects): the rest is checked. */
      readonly partly?: boolean;
    };

/** A minimal text edit, as jsonc-parser's `Edit`. */
export interface TextEdit {
  readonly offset: number;
  readonly length: number;
  readonly text: string;
}
