/**
 * The model cut into the units the panel draws: every no-split block
 * (decoder layer), and every other top-level part that holds tensors
 * (embeddings, final norm, head), in registration order, which is the
 * forward order for the architectures we build. Pure: no vscode here.
 */
import { walkModules, type ModelTree, type ModuleNode } from '../models/tree';
import type { BlockGroup } from './snapshot';

export interface ForwardBlock {
  readonly name: string;
  readonly label: string;
  readonly group: BlockGroup;
  readonly node: ModuleNode;
}

function holdsTensors(node: ModuleNode): boolean {
  for (const m of walkModules(node)) if (m.params.length || m.buffers.length) return true;
  return false;
}

function containsNoSplit(node: ModuleNode, noSplit: ReadonlySet<string>): boolean {
  for (const m of walkModules(node)) if (noSplit.has(m.className)) return true;
  return false;
}

function groupOf(node: ModuleNode, noSplit: ReadonlySet<string>): BlockGroup {
  if (noSplit.has(node.className)) return 'block';
  const last = node.name.split('.').pop() ?? '';
  // Rotary "embeddings" hold only frequency buffers: not an embedding table.
  if (/rotary|Rotary/.test(last + node.className)) return 'other';
  if (/Embedding/.test(node.className) || /^(embed|wte|wpe|shared|word_embeddings)/.test(last)) return 'embedding';
  if (/head$/.test(last)) return 'head';
  return 'other';
}

function labelOf(name: string, group: BlockGroup, mainContainer: string | undefined): string {
  const m = /^(.*)\.(\d+)$/.exec(name);
  if (m) {
    // Several stacks (T5 encoder/decoder): prefix the others with their first letter.
    return m[1] === mainContainer ? m[2]! : `${(m[1]!.split('.')[0] ?? '?').charAt(0)}${m[2]}`;
  }
  if (group === 'embedding') return name.includes('pos') || name.endsWith('wpe') ? 'pos' : 'emb';
  if (group === 'head') return 'head';
  const last = name.split('.').pop() ?? name;
  if (/norm|ln_f/.test(last)) return 'norm';
  if (/rotary/.test(last)) return 'rope';
  return last.slice(0, 5) || 'root';
}

/** The forward-order blocks of a model. A tree with no no-split class is cut at the root's children. */
export function forwardBlocks(tree: ModelTree): ForwardBlock[] {
  const noSplit = new Set(tree.noSplitModules);
  const raw: Array<{ node: ModuleNode; group: BlockGroup }> = [];
  const visit = (node: ModuleNode): void => {
    const isContainer = !noSplit.has(node.className) && containsNoSplit(node, noSplit);
    if (!isContainer) {
      if (holdsTensors(node)) raw.push({ node, group: groupOf(node, noSplit) });
      return;
    }
    // A container's own tensors (rare) form a block of their own, before its children.
    if (node.params.length || node.buffers.length) raw.push({ node: { ...node, children: [] }, group: 'other' });
    for (const c of node.children) visit(c);
  };
  if (noSplit.size === 0 || !containsNoSplit(tree.root, noSplit)) {
    if (tree.root.params.length || tree.root.buffers.length) raw.push({ node: { ...tree.root, children: [] }, group: 'other' });
    for (const c of tree.root.children) if (holdsTensors(c)) raw.push({ node: c, group: groupOf(c, noSplit) });
  } else {
    visit(tree.root);
  }
  const containers = new Map<string, number>();
  for (const { node } of raw) {
    const m = /^(.*)\.\d+$/.exec(node.name);
    if (m) containers.set(m[1]!, (containers.get(m[1]!) ?? 0) + 1);
  }
  const main = [...containers].sort((a, b) => b[1] - a[1])[0]?.[0];
  return raw.map(({ node, group }) => ({ name: node.name, label: labelOf(node.name, group, main), group, node }));
}
