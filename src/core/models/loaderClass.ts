/**
 * Reshapes a model tree for the class that loads it. Family builders give the
 * default class of a checkpoint (`LlamaForCausalLM`, `T5ForConditionalGeneration`);
 * this re-roots it to the base model (`AutoModel`), swaps the LM head for a
 * classification head, or keeps T5's encoder alone. Pure and total: a class we
 * do not know keeps the default tree and says so in a note, never throws.
 */
import type { HFConfig } from './config';
import { HEAD_CLASS_SUFFIX, headFor, type HeadSpec } from './loaderHeads';
import { isNeutralLoader, loaderIntent, type LoaderTask } from './loaderTask';
import { modelFromConfig } from './registry';
import type { ModelTree, ModuleNode, TransformersMajor } from './tree';

export interface LoaderOptions {
  /** `config.num_labels` (from `id2label` when saved); default 2, as `PreTrainedConfig`. */
  readonly numLabels?: number;
}

export interface LoadedTree {
  readonly tree: ModelTree;
  /** Why the tree is not what the loader class asked for, when it is not. */
  readonly notes: readonly string[];
}

/** `num_labels` as transformers derives it: the size of `id2label`, else `num_labels`, else 2. */
export function numLabelsOf(config: HFConfig | undefined): number {
  const id2label = config?.['id2label'];
  if (id2label && typeof id2label === 'object' && !Array.isArray(id2label)) {
    const n = Object.keys(id2label).length;
    if (n > 0) return n;
  }
  const n = config?.['num_labels'];
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : 2;
}

/** A copy of `node` with `prefix.` taken off every name (re-rooting a subtree). */
function stripPrefix(node: ModuleNode, prefix: string): ModuleNode {
  const name = node.name === prefix ? '' : node.name.slice(prefix.length + 1);
  return { ...node, name, children: node.children.map((c) => stripPrefix(c, prefix)) };
}

/** Tied pairs whose both ends stay in the new tree, renamed by `rename` (undefined drops a name). */
function keepTies(ties: Readonly<Record<string, string>>, rename: (n: string) => string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(ties)) {
    const nk = rename(k);
    const nv = rename(v);
    if (nk !== undefined && nv !== undefined) out[nk] = nv;
  }
  return out;
}

const under =
  (prefix: string) =>
  (n: string): string | undefined =>
    n.startsWith(`${prefix}.`) ? n : undefined;

/** Root children that are heads, not the base model. */
const HEAD_NAMES = new Set(['lm_head', 'score', 'classifier', 'dropout', 'classification_head', 'qa_outputs']);

/**
 * The root child holding the base model (`model`, `transformer`, `gpt_neox`), if the
 * tree has a head around one. Trees guessed from safetensors names have plain
 * `Module` classes: then the one non-head child with children is the base.
 */
function baseChild(tree: ModelTree): ModuleNode | undefined {
  const named = tree.root.children.filter((c) => c.className.endsWith('Model'));
  if (named.length === 1) return named[0];
  const inner = tree.root.children.filter((c) => c.children.length > 0 && !HEAD_NAMES.has(c.name));
  return inner.length === 1 ? inner[0] : undefined;
}

/** `Llama` of `LlamaForCausalLM`, `GPT2` of `GPT2LMHeadModel`. */
function architectureOf(tree: ModelTree): string {
  return tree.className.replace(/(For\w+|LMHeadModel|Model)$/, '');
}

const isT5 = (tree: ModelTree): boolean => tree.className.startsWith('T5');

function retag(tree: ModelTree, root: ModuleNode, className: string, tiedWeights: Record<string, string>): ModelTree {
  return { ...tree, root, className, tiedWeights, source: `${tree.source}, loaded as ${className}` };
}

/** The bare base model: `LlamaModel` (keys without `model.`), `T5Model` (no `lm_head`). */
function toBase(tree: ModelTree): ModelTree | string {
  if (isT5(tree)) {
    const root = { ...tree.root, className: 'T5Model', children: tree.root.children.filter((c) => c.name !== 'lm_head') };
    return retag(
      tree,
      root,
      'T5Model',
      keepTies(tree.tiedWeights, (n) => (n.startsWith('lm_head.') ? undefined : n)),
    );
  }
  const base = baseChild(tree);
  if (!base) return `no base model found inside ${tree.className}`;
  const strip = (n: string): string | undefined => (n.startsWith(`${base.name}.`) ? n.slice(base.name.length + 1) : undefined);
  const className = base.className.endsWith('Model') ? base.className : `${architectureOf(tree)}Model`;
  return retag(tree, { ...stripPrefix(base, base.name), className }, className, keepTies(tree.tiedWeights, strip));
}

/** T5's encoder alone (`T5EncoderModel`): `shared` and `encoder`. */
function toEncoder(tree: ModelTree): ModelTree | string {
  if (!isT5(tree)) return `${tree.className} has no encoder-only class`;
  const root = {
    ...tree.root,
    className: 'T5EncoderModel',
    children: tree.root.children.filter((c) => c.name === 'shared' || c.name === 'encoder'),
  };
  return retag(
    tree,
    root,
    'T5EncoderModel',
    keepTies(tree.tiedWeights, (n) => (n.startsWith('shared.') || n.startsWith('encoder.') ? n : undefined)),
  );
}

/** The base model plus a classification head in place of `lm_head`. */
function withHead(tree: ModelTree, task: 'seq-cls' | 'token-cls', head: HeadSpec, numLabels: number): ModelTree | string {
  const base = baseChild(tree);
  const lmHead = tree.root.children.find((c) => c.name === 'lm_head');
  const hidden = lmHead?.params.find((p) => p.name === 'weight')?.shape[1];
  if (!base || hidden === undefined) return `no base model and LM head found inside ${tree.className}`;
  const className = `${architectureOf(tree)}${HEAD_CLASS_SUFFIX[task]}`;
  const children: ModuleNode[] = [base];
  if (head.dropout) children.push({ name: 'dropout', className: 'Dropout', params: [], buffers: [], children: [] });
  const params = [{ name: 'weight', shape: [numLabels, hidden], kind: 'param' as const }];
  if (head.bias) params.push({ name: 'bias', shape: [numLabels], kind: 'param' as const });
  children.push({ name: head.name, className: 'Linear', params, buffers: [], children: [] });
  return retag(tree, { ...tree.root, className, children }, className, keepTies(tree.tiedWeights, under(base.name)));
}

/** The default task of a tree as its family builds it. */
const defaultTask = (tree: ModelTree): LoaderTask => (isT5(tree) ? 'seq2seq-lm' : 'causal-lm');

function reshape(tree: ModelTree, task: LoaderTask, opts: LoaderOptions): ModelTree | string {
  if (task === defaultTask(tree)) return tree;
  if (task === 'base') return toBase(tree);
  if (task === 'encoder') return toEncoder(tree);
  if (task === 'seq-cls' || task === 'token-cls') {
    // A fine-tuned classifier checkpoint already holds its head (`score.weight`): its headers are the truth.
    const names = new Set(tree.root.children.map((c) => c.name));
    if (!names.has('lm_head') && (names.has('score') || names.has('classifier')) && baseChild(tree)) {
      const className = `${architectureOf(tree)}${HEAD_CLASS_SUFFIX[task]}`;
      return retag(tree, { ...tree.root, className }, className, { ...tree.tiedWeights });
    }
    const head = headFor(tree.modelType, task);
    if (!head) return `the ${HEAD_CLASS_SUFFIX[task].slice(3)} head of ${tree.modelType} is not modelled`;
    return withHead(tree, task, head, opts.numLabels ?? 2);
  }
  return `${tree.className} is not built by a ${task === 'causal-lm' ? 'causal LM' : 'sequence-to-sequence LM'} class`;
}

/**
 * The tree `loaderClass.from_pretrained(...)` builds, from the tree of the
 * checkpoint's default class. Undefined or neutral loaders (pipeline, PeftModel)
 * keep the tree as it is.
 */
export function withLoaderClass(tree: ModelTree, loaderClass: string | undefined, opts: LoaderOptions = {}): LoadedTree {
  if (!loaderClass || isNeutralLoader(loaderClass)) return { tree, notes: [] };
  const intent = loaderIntent(loaderClass);
  if (!intent) {
    return {
      tree,
      notes: [`${loaderClass} is not a loader class Device Map Studio models; the tree is ${tree.className}'s, the checkpoint's default`],
    };
  }
  const notes: string[] = [];
  if (intent.architecture && tree.modelType !== 'safetensors' && intent.architecture.toLowerCase() !== architectureOf(tree).toLowerCase()) {
    notes.push(
      `${loaderClass} names another architecture than the checkpoint's ${tree.className}; the tree follows the checkpoint's config`,
    );
  }
  const out = reshape(tree, intent.task, opts);
  if (typeof out === 'string') {
    return { tree, notes: [...notes, `${loaderClass}: ${out}; the tree is ${tree.className}'s, the checkpoint's default`] };
  }
  return { tree: out, notes };
}

export interface TreeForOptions {
  readonly transformers?: TransformersMajor;
  readonly loaderClass?: string;
}

/** `modelFromConfig` for the class that loads it. Throws what `modelFromConfig` throws (bad config). */
export function treeFor(config: HFConfig, opts: TreeForOptions = {}): LoadedTree {
  const tree = modelFromConfig(config, opts.transformers ? { transformers: opts.transformers } : {});
  return withLoaderClass(tree, opts.loaderClass, { numLabels: numLabelsOf(config) });
}
