/** What a hover or completion says about one module: class, parameters, bytes, in model order. */
import { moduleIndex, numel, joinName, walkModules, type ModelTree, type ModuleNode } from '../models/tree';
import type { ModuleSizes } from '../memory/moduleSizes';

/** Parameters under a module, tied copies counted once (as `model.num_parameters()`). */
export function paramCount(tree: ModelTree, node: ModuleNode): number {
  let n = 0;
  for (const m of walkModules(node))
    for (const p of m.params) if (!Object.prototype.hasOwnProperty.call(tree.tiedWeights, joinName(m.name, p.name))) n += numel(p.shape);
  return n;
}

export function formatCount(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)}B`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)}K`;
  return String(n);
}

export interface KeyCandidate {
  readonly name: string;
  readonly node: ModuleNode;
  /** Whole blocks and the modules above them come first; modules inside blocks after. */
  readonly insideBlock: boolean;
  readonly order: number;
}

/**
 * Every module worth a device_map key, in model order: modules holding
 * parameters or buffers down to the outermost no-split blocks, then the
 * sub-modules inside those blocks.
 */
export function keyCandidates(tree: ModelTree, sizes: ModuleSizes): KeyCandidate[] {
  const noSplit = new Set(tree.noSplitModules);
  const out: KeyCandidate[] = [];
  let order = 0;
  const visit = (node: ModuleNode, inBlock: boolean): void => {
    if (node.name !== '' && (sizes.sizes.get(node.name) ?? 0) > 0)
      out.push({ name: node.name, node, insideBlock: inBlock, order: order++ });
    const block = inBlock || (node.name !== '' && noSplit.has(node.className));
    for (const c of node.children) visit(c, block);
  };
  visit(tree.root, false);
  return out;
}

export function findModule(tree: ModelTree, name: string): ModuleNode | undefined {
  return moduleIndex(tree.root).get(name);
}
