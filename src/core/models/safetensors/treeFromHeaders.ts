/**
 * A `ModelTree` from safetensors headers (and the config.json beside them, when
 * there is one). When the config names a family we know, its tree is right about
 * definition order, buffers, class names and ties; the headers then only say how
 * each tensor is stored. Otherwise the tree is guessed from the tensor names.
 * Either way sizes are exact to the stored dtypes, shard by shard.
 */
import { DTYPE_BYTES, isFloating, type DType } from '../../memory/dtypes';
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
 * without their first segment. Returns undefined when a matched tensor's shape
 * disagrees: the checkpoint is not what the config describes.
 */
function withStoredDTypes(tree: ModelTree, tensors: readonly NamedTensor[]): ModelTree | undefined {
  const exact = new Map(tensors.map((t) => [t.name, t]));
  const stripped = new Map<string, NamedTensor>();
  for (const t of tensors) if (t.name.includes('.') && !stripped.has(stripFirst(t.name))) stripped.set(stripFirst(t.name), t);
  const fallback = dominantFloat(tensors);
  let mismatch = false;
  const lookup = (full: string): NamedTensor | undefined =>
    exact.get(full) ?? (full.includes('.') ? exact.get(stripFirst(full)) : undefined) ?? stripped.get(full);
  const mark = (owner: string, t: TensorSpec, isParam: boolean): TensorSpec => {
    const found = lookup(joinName(owner, t.name));
    if (found) {
      if (numel(found.shape) !== numel(t.shape)) mismatch = true;
      return { ...t, storedDType: found.storedDType };
    }
    // Non-persistent buffers are never in a checkpoint; they keep the model's dtype.
    return isParam && fallback ? { ...t, storedDType: fallback } : t;
  };
  const copy = (m: ModuleNode): ModuleNode => ({
    ...m,
    params: m.params.map((t) => mark(m.name, t, true)),
    buffers: m.buffers.map((t) => (t.persistent ? mark(m.name, t, false) : t)),
    children: m.children.map(copy),
  });
  const root = copy(tree.root);
  return mismatch ? undefined : { ...tree, root, source: `${tree.source} + safetensors stored dtypes` };
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
      why = 'tensor shapes differ from what config.json describes';
    }
    return treeFromNamesAndConfig(tensors, config, major, why);
  }
  return treeFromNamesAndConfig(tensors, undefined, major, 'no config.json');
}
