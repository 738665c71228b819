/**
 * The module tree of a model, as torch's `nn.Module` hierarchy would hold it once
 * transformers has built the model on the meta device. Everything else in the
 * engine (sizes, placement, diagnostics, completion) reads this one shape.
 */
import type { DType } from '../base/dtypes';
import type { HFConfig } from './config';

/** One parameter or buffer held directly by a module. */
export interface TensorSpec {
  /** Local name inside its module (`weight`, `inv_freq`). */
  readonly name: string;
  readonly shape: readonly number[];
  readonly kind: 'param' | 'buffer';
  /** Buffers only: whether `state_dict` saves it. */
  readonly persistent?: boolean;
  /**
   * A dtype fixed regardless of the model dtype (rotary `inv_freq` stays float32,
   * a safetensors header says what was stored). Undefined: the model's dtype.
   */
  readonly dtype?: DType;
  /** The dtype a checkpoint stored it in (safetensors header); used when the user asks for no dtype. */
  readonly storedDType?: DType;
}

/** One `nn.Module`. `name` is the full dotted path; the root's is `""`. */
export interface ModuleNode {
  readonly name: string;
  readonly className: string;
  /** Parameters then buffers are kept apart because torch iterates them apart. */
  readonly params: TensorSpec[];
  readonly buffers: TensorSpec[];
  /** Direct children in registration (definition) order. */
  readonly children: ModuleNode[];
}

export type TransformersMajor = 4 | 5;

/** A whole model: the tree plus the facts transformers attaches to the class. */
export interface ModelTree {
  readonly root: ModuleNode;
  /** `model_type` of the config (or `safetensors` for header-derived trees). */
  readonly modelType: string;
  /** Class transformers instantiates (`LlamaForCausalLM`). */
  readonly className: string;
  /** `_no_split_modules` gathered over the model, as `_get_no_split_modules` returns. */
  readonly noSplitModules: readonly string[];
  /** `all_tied_weights_keys`: tied parameter name -> the parameter it shares storage with. */
  readonly tiedWeights: Readonly<Record<string, string>>;
  /** dtype from the config (`dtype` / `torch_dtype`), when it names one. */
  readonly configDType?: DType;
  /**
   * The config.json the tree was built from, when there was one. It travels with
   * the tree so every face estimates from the same facts (sliding windows, fused
   * q/k/v, soft-capping, MoE top-k): the editor once lost it and disagreed with
   * the CLI (issue 10).
   */
  readonly config?: HFConfig;
  readonly transformers: TransformersMajor;
  /** Where the tree came from, for messages ("catalogue: llama", "safetensors headers"). */
  readonly source: string;
}

/** Joins a parent path and a local name the way torch's `named_modules` does. */
export function joinName(parent: string, local: string): string {
  return parent === '' ? local : `${parent}.${local}`;
}

/** Every module of the tree in `named_modules()` order (pre-order, root first). */
export function* walkModules(node: ModuleNode): Generator<ModuleNode> {
  yield node;
  for (const child of node.children) yield* walkModules(child);
}

/** Every tensor with its full name, parameters first (as `named_parameters`), then buffers. */
export function* namedTensors(root: ModuleNode): Generator<{ fullName: string; tensor: TensorSpec; owner: ModuleNode }> {
  for (const m of walkModules(root)) for (const t of m.params) yield { fullName: joinName(m.name, t.name), tensor: t, owner: m };
  for (const m of walkModules(root)) for (const t of m.buffers) yield { fullName: joinName(m.name, t.name), tensor: t, owner: m };
}

/** Index of modules by full name; built once per tree and cached. */
const indexCache = new WeakMap<ModuleNode, Map<string, ModuleNode>>();
export function moduleIndex(root: ModuleNode): Map<string, ModuleNode> {
  let idx = indexCache.get(root);
  if (!idx) {
    idx = new Map();
    for (const m of walkModules(root)) idx.set(m.name, m);
    indexCache.set(root, idx);
  }
  return idx;
}

export function numel(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}
