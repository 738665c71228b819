/** The model's no-split blocks in forward order, and the device each one lands on under a map. */
import type { ModelTree, ModuleNode } from '../models/tree';
import type { Device } from '../base/devices';
import type { RuleContext } from './context';
import { namedTensorsUnder } from './treeWalk';
import { derived, mapSignature } from './derivedCache';
import type { Assignment } from '../models/assign';

/** Outermost modules of a `_no_split_modules` class, in definition (= forward) order. */
export function outermostBlocks(tree: ModelTree): ModuleNode[] {
  const noSplit = new Set(tree.noSplitModules);
  const out: ModuleNode[] = [];
  const visit = (n: ModuleNode): void => {
    if (n.name !== '' && noSplit.has(n.className)) out.push(n);
    else for (const c of n.children) visit(c);
  };
  visit(tree.root);
  return out;
}

/** Each block's device when all its placed tensors agree; undefined for split or unplaced blocks. */
export function blockDevices(ctx: RuleContext): Array<{ block: ModuleNode; device: Device | undefined }> {
  const tree = ctx.tree;
  const a = ctx.assignment();
  if (!tree || !a) return [];
  return derived(tree, mapSignature(ctx.devices), 'blockDevices', () => computeBlockDevices(tree, a));
}

function computeBlockDevices(tree: ModelTree, a: Assignment): Array<{ block: ModuleNode; device: Device | undefined }> {
  return outermostBlocks(tree).map((block) => {
    const seen = new Set<Device>();
    for (const t of namedTensorsUnder(block)) {
      const d = a.tensorDevice.get(t);
      if (d !== undefined) seen.add(d);
    }
    return { block, device: seen.size === 1 ? [...seen][0] : undefined };
  });
}
