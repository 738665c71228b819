/**
 * A module tree guessed from tensor names alone, for architectures the catalogue
 * does not know. Header order is alphabetical, not definition order, so children
 * are ordered by role (embeddings, encoder, body, decoder, final norm, head) and
 * numeric segments numerically; repeated blocks (`*.layers.N`, `*.h.N`,
 * `*.block.N`, `*.blocks.N`, `*.layer.N`) get a synthesised class name that
 * becomes the no-split list, as `_no_split_modules` would be.
 */
import type { DType } from '../../base/dtypes';
import type { ModuleNode, TensorSpec } from '../tree';
import { joinName } from '../tree';

export interface NamedTensor {
  readonly name: string;
  readonly shape: readonly number[];
  readonly storedDType: DType;
}

interface Trie {
  readonly local: string;
  readonly order: number;
  readonly children: Map<string, Trie>;
  readonly params: TensorSpec[];
}

const BLOCK_CONTAINERS = new Set(['layers', 'layer', 'h', 'block', 'blocks']);
const HEAD = /^(lm_head|head|output|score|classifier|embed_out|qa_outputs|cls)$/;
const EMBEDDING = /(^|_)(embed|embeddings|embed_tokens|embed_in|wte|wpe|tok_embeddings|word_embeddings|shared|emb)$/;
const POSITION_EMBEDDING = /^(wpe|position_embeddings|embed_positions|pos_emb|pos_embed)$/;
const FINAL_NORM = /^(norm|ln_f|final_layer_norm|final_layernorm|norm_f|ln_out|final_norm)$/;

/** Where a child goes among its siblings: smaller first, ties keep first appearance. */
function roleRank(local: string): number {
  if (HEAD.test(local)) return 5;
  // Token embeddings are defined before position embeddings (wte, then wpe).
  if (POSITION_EMBEDDING.test(local)) return 0.5;
  if (EMBEDDING.test(local)) return 0;
  if (FINAL_NORM.test(local)) return 4;
  if (local === 'encoder') return 1;
  if (local === 'decoder') return 3;
  return 2;
}

const isIndex = (s: string): boolean => /^\d+$/.test(s);

function compareSiblings(a: Trie, b: Trie): number {
  if (isIndex(a.local) && isIndex(b.local)) return Number(a.local) - Number(b.local);
  return roleRank(a.local) - roleRank(b.local) || a.order - b.order;
}

function pascal(s: string): string {
  return s
    .split(/[_\-.]/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

function leafClass(local: string, params: readonly TensorSpec[]): string {
  const weight = params.find((p) => p.name === 'weight');
  if (!weight) return 'Module';
  if (weight.shape.length === 2) return EMBEDDING.test(local) && !HEAD.test(local) ? 'Embedding' : 'Linear';
  if (weight.shape.length === 1) return params.some((p) => p.name === 'bias') ? 'LayerNorm' : 'RMSNorm';
  return 'Module';
}

export interface NameTreeResult {
  readonly root: ModuleNode;
  readonly noSplitModules: string[];
}

/** Builds the tree; `rootClass` names the root and `blockPrefix` starts every block class name. */
export function treeFromNames(tensors: readonly NamedTensor[], rootClass: string, blockPrefix: string): NameTreeResult {
  const root: Trie = { local: '', order: 0, children: new Map(), params: [] };
  let order = 0;
  for (const t of tensors) {
    const parts = t.name.split('.');
    const local = parts.pop()!;
    let node = root;
    for (const p of parts) {
      let next = node.children.get(p);
      if (!next) {
        next = { local: p, order: order++, children: new Map(), params: [] };
        node.children.set(p, next);
      }
      node = next;
    }
    node.params.push({ name: local, shape: t.shape, kind: 'param', storedDType: t.storedDType });
  }

  // Block containers, outermost only: experts inside a layer are not blocks of their own.
  const containers: Array<{ path: string; parentLocal: string }> = [];
  const findContainers = (node: Trie, path: string, parentLocal: string): void => {
    const kids = [...node.children.values()];
    if (path !== '' && BLOCK_CONTAINERS.has(node.local) && kids.length > 0 && kids.every((k) => isIndex(k.local))) {
      containers.push({ path, parentLocal });
      return;
    }
    for (const k of kids) findContainers(k, joinName(path, k.local), node.local);
  };
  findContainers(root, '', '');
  const blockClass = new Map<string, string>();
  for (const c of containers) {
    const qualifier = containers.length > 1 ? pascal(c.parentLocal) : '';
    blockClass.set(c.path, `${blockPrefix}${qualifier}Block`);
  }

  const freeze = (node: Trie, path: string, inheritedClass?: string): ModuleNode => {
    const kids = [...node.children.values()].sort(compareSiblings);
    const containerBlock = blockClass.get(path);
    const children = kids.map((k) => freeze(k, joinName(path, k.local), containerBlock));
    let className: string;
    if (inheritedClass) className = inheritedClass;
    else if (containerBlock || (kids.length > 0 && kids.every((k) => isIndex(k.local)))) className = 'ModuleList';
    else if (kids.length === 0) className = leafClass(node.local, node.params);
    else className = 'Module';
    return { name: path, className: path === '' ? rootClass : className, params: node.params, buffers: [], children };
  };
  return { root: freeze(root, ''), noSplitModules: [...new Set(blockClass.values())] };
}
