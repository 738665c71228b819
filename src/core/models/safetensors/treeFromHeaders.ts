/**
 * A `ModelTree` from safetensors headers (and the config.json beside them, when
 * there is one). When the config names a family we know, its tree is right about
 * definition order, buffers, class names and ties; the headers then only say how
 * each tensor is stored. Otherwise the tree is guessed from the tensor names.
 * Either way sizes are exact to the stored dtypes, shard by shard.
 */
import { DTYPE_BYTES, isFloating, type DType } from '../../base/dtypes';
import { ConfigError, configDType, type HFConfig } from '../config';
import { modelFromConfig } from '../registry';
import { joinName, numel, type ModelTree, type ModuleNode, type TensorSpec, type TransformersMajor } from '../tree';
import { SafetensorsError, type SafetensorsHeader } from './header';
import { storedDTypeOf } from './dtypes';
import { treeFromNames, type NamedTensor } from './nameTree';

export interface HeaderTreeOptions {
  readonly transformers?: TransformersMajor;
}

/** Every tensor of every shard, with its stored dtype; duplicates across shards are an error. */
export function tensorsOfHeaders(headers: readonly SafetensorsHeader[], where = 'safetensors'): NamedTensor[] {
  const out: NamedTensor[] = [];
  const seen = new Set<string>();
  for (const h of headers) {
    for (const [name, info] of h.tensors) {
      if (seen.has(name)) throw new SafetensorsError(`${where}: tensor "${name}" appears in more than one shard`);
      seen.add(name);
      out.push({ name, shape: info.shape, storedDType: storedDTypeOf(info.dtype, name, where) });
    }
  }
  return out;
}

/** The floating dtype holding the most bytes: the best guess for a tensor the headers name differently. */
function dominantFloat(tensors: readonly NamedTensor[]): DType | undefined {
  const bytes = new Map<DType, number>();
  for (const t of tensors) {
    if (isFloating(t.storedDType)) bytes.set(t.storedDType, (bytes.get(t.storedDType) ?? 0) + numel(t.shape) * DTYPE_BYTES[t.storedDType]);
  }
  let best: DType | undefined;
  for (const [d, n] of bytes) if (best === undefined || n > bytes.get(best)!) best = d;
  return best;
}

const stripFirst = (name: string): string => name.slice(name.indexOf('.') + 1);

/**
 * Puts stored dtypes on a catalogue tree. Checkpoints sometimes drop or add the
 * base-model prefix (`h.0...` vs `transformer.h.0...`), so names are also tried
 * without their first segment. Parameters the headers name differently (v5 fused
 * experts vs per-expert checkpoints) take the dominant stored dtype. Returns
 * undefined when the checkpoint is not what the config describes: a matched
 * tensor's shape disagrees, or what the tree misses is not all in the headers
 * under other names (packed GPTQ/AWQ `qweight`s hold fewer elements).
 */
/** The name up to its first numeric segment (`model.layers.3`), or '' outside any block. */
function blockOf(name: string): string {
  const parts = name.split('.');
  const i = parts.findIndex((p) => /^\d+$/.test(p));
  return i < 0 ? '' : parts.slice(0, i + 1).join('.');
}

/** Same block, same last two segments (`gate.weight`), same element count: a renamed tensor. */
const renameKey = (name: string, shape: readonly number[]): string =>
  `${blockOf(name)}|${name.split('.').slice(-2).join('.')}|${numel(shape)}`;

function withStoredDTypes(tree: ModelTree, tensors: readonly NamedTensor[]): ModelTree | undefined {
  const exact = new Map(tensors.map((t) => [t.name, t]));
  const stripped = new Map<string, NamedTensor>();
  for (const t of tensors) if (t.name.includes('.') && !stripped.has(stripFirst(t.name))) stripped.set(stripFirst(t.name), t);
  const lookup = (full: string): NamedTensor | undefined =>
    exact.get(full) ?? (full.includes('.') ? exact.get(stripFirst(full)) : undefined) ?? stripped.get(full);
  const used = new Set<NamedTensor>();
  let mismatch = false;
  const unmatched: Array<{ full: string; t: TensorSpec }> = [];
  // First pass: names that match, directly or up to the base-model prefix.
  const firstPass = (owner: string, t: TensorSpec, isParam: boolean): TensorSpec => {
    const full = joinName(owner, t.name);
    const found = lookup(full);
    if (found) {
      used.add(found);
      if (numel(found.shape) !== numel(t.shape)) mismatch = true;
      return { ...t, storedDType: found.storedDType };
    }
    // Tied copies are not saved; non-persistent buffers never are. They keep the model's dtype.
    if (isParam && !(full in tree.tiedWeights)) unmatched.push({ full, t });
    return t;
  };
  const copy = (m: ModuleNode, f: (owner: string, t: TensorSpec, isParam: boolean) => TensorSpec): ModuleNode => ({
    ...m,
    params: m.params.map((t) => f(m.name, t, true)),
    buffers: m.buffers.map((t) => (t.persistent ? f(m.name, t, false) : t)),
    children: m.children.map((c) => copy(c, f)),
  });
  const root = copy(tree.root, firstPass);
  if (mismatch) return undefined;
  if (unmatched.length === 0) return { ...tree, root, source: `${tree.source} + safetensors stored dtypes` };

  // Second pass: renamed tensors (v5 `mlp.gate` vs v4 `block_sparse_moe.gate`), else the
  // dominant dtype of the block's leftover tensors (fused experts), else of the whole checkpoint.
  const spare = tensors.filter((t) => !used.has(t));
  const byKey = new Map<string, NamedTensor>();
  for (const t of spare) if (!byKey.has(renameKey(t.name, t.shape))) byKey.set(renameKey(t.name, t.shape), t);
  const spareByBlock = new Map<string, NamedTensor[]>();
  for (const t of spare) spareByBlock.set(blockOf(t.name), [...(spareByBlock.get(blockOf(t.name)) ?? []), t]);
  const fallback = dominantFloat(tensors);
  const missingElements = unmatched.reduce((n, u) => n + numel(u.t.shape), 0);
  const spareElements = spare.reduce((n, t) => n + numel(t.shape), 0);
  if (spareElements < missingElements) return undefined; // packed (GPTQ/AWQ) or partial checkpoint
  const chosen = new Map<TensorSpec, DType>();
  for (const { full, t } of unmatched) {
    const renamed = byKey.get(renameKey(full, t.shape));
    const d = renamed?.storedDType ?? dominantFloat(spareByBlock.get(blockOf(full)) ?? []) ?? fallback;
    if (renamed) byKey.delete(renameKey(full, t.shape));
    if (d) chosen.set(t, d);
  }
  const secondPass = (_owner: string, t: TensorSpec): TensorSpec => {
    const d = chosen.get(t);
    return d ? { ...t, storedDType: d } : t;
  };
  return { ...tree, root: copy(root, secondPass), source: `${tree.source} + safetensors stored dtypes` };
}

const TIED_LM = /ForCausalLM$|LMHeadModel$|ForConditionalGeneration$/;
const INPUT_EMBEDDING = /(^|\.)(embed_tokens|wte|word_embeddings|embed_in|tok_embeddings|shared)\.weight$/;

function architecture(config: HFConfig | undefined): string | undefined {
  const a = config?.['architectures'];
  return Array.isArray(a) && typeof a[0] === 'string' ? a[0] : undefined;
}

/** The tree from names, with `lm_head` tied to the input embedding when the config ties them and the checkpoint left it out. */
function treeFromNamesAndConfig(tensors: NamedTensor[], config: HFConfig | undefined, major: TransformersMajor, why: string): ModelTree {
  if (tensors.length === 0) throw new SafetensorsError('the safetensors headers name no tensors');
  const arch = architecture(config);
  const rootClass = arch ?? 'SafetensorsModel';
  const blockPrefix = arch ? arch.replace(/(For[A-Z]\w*|LMHeadModel|Model)$/, '') || 'Checkpoint' : 'Checkpoint';
  const tiedWeights: Record<string, string> = {};
  let all = tensors;
  const tie = config ? config['tie_word_embeddings'] !== false : false;
  const hasHead = tensors.some((t) => t.name === 'lm_head.weight');
  const emb = tensors.find((t) => INPUT_EMBEDDING.test(t.name));
  if (tie && !hasHead && emb && (!arch || TIED_LM.test(arch))) {
    all = [...tensors, { name: 'lm_head.weight', shape: emb.shape, storedDType: emb.storedDType }];
    tiedWeights['lm_head.weight'] = emb.name;
  }
  const { root, noSplitModules } = treeFromNames(all, rootClass, blockPrefix);
  const modelType = typeof config?.['model_type'] === 'string' ? (config['model_type'] as string) : 'safetensors';
  const dtype = config ? configDType(config) : undefined;
  return {
    root,
    modelType,
    className: rootClass,
    noSplitModules,
    tiedWeights,
    transformers: major,
    source: `safetensors headers (${why})`,
    ...(dtype ? { configDType: dtype } : {}),
    ...(config ? { config } : {}),
  };
}

/**
 * The tree for a checkpoint from its shard headers (one per file, any order).
 * Throws a `ConfigError` (SafetensorsError) with a clear message for unreadable input.
 */
export function treeFromSafetensorsHeaders(
  headers: readonly SafetensorsHeader[],
  config?: HFConfig,
  opts: HeaderTreeOptions = {},
): ModelTree {
  const major = opts.transformers ?? 5;
  const tensors = tensorsOfHeaders(headers);
  if (config) {
    let catalogue: ModelTree | undefined;
    let why = 'architecture not in the catalogue';
    try {
      catalogue = modelFromConfig(config, { transformers: major });
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      why = e.message;
    }
    if (catalogue) {
      const marked = withStoredDTypes(catalogue, tensors);
      if (marked) return marked;
      why = 'the tensors differ from what config.json describes (quantized or converted checkpoint)';
    }
    return treeFromNamesAndConfig(tensors, config, major, why);
  }
  return treeFromNamesAndConfig(tensors, undefined, major, 'no config.json');
}
