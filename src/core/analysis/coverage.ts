/**
 * Coverage facts shared by DM001, DM018 and the "fill missing modules" fix:
 * whether the selected transformers major checks the map at all, and the
 * fewest whole modules that hold the uncovered parameters.
 */
import type { ModelTree, ModuleNode } from '../models/tree';
import { joinName } from '../models/tree';
import type { RuleContext } from './context';

/**
 * transformers 5.17 checks coverage only for maps with two or more distinct values, or `"disk"` (SPEC §3).
 * transformers 4 looked up every loaded parameter in any dict map (`_load_state_dict_into_meta_model`)
 * and raised for the first one no key covers, single-device maps included.
 */
export function coverageChecked(ctx: RuleContext): boolean {
  if (ctx.tree?.transformers === 4) return true;
  if (ctx.spelledDevices.size >= 2) return true;
  for (const d of ctx.devices.values()) if (d === 'disk') return true;
  return false;
}

/** The largest modules whose every parameter is uncovered, in model order (`lm_head`, `model.layers.3`). */
export function missingModules(tree: ModelTree, uncoveredParams: readonly string[]): string[] {
  const missing = new Set(uncoveredParams);
  const out: string[] = [];
  // Parameter counts per subtree, taken in one post-order walk (not again for every module `collect` visits).
  const stats = new Map<ModuleNode, { total: number; uncovered: number }>();
  const count = (node: ModuleNode): { total: number; uncovered: number } => {
    let total = node.params.length;
    let uncovered = 0;
    for (const p of node.params) if (missing.has(joinName(node.name, p.name))) uncovered++;
    for (const c of node.children) {
      const sub = count(c);
      total += sub.total;
      uncovered += sub.uncovered;
    }
    const own = { total, uncovered };
    stats.set(node, own);
    return own;
  };
  count(tree.root);
  const collect = (node: ModuleNode): void => {
    const s = stats.get(node)!;
    if (s.uncovered === 0) return;
    if (s.uncovered === s.total && node.name !== '') {
      out.push(node.name);
      return;
    }
    // Parameters held directly by a partly covered module are named one by one.
    for (const p of node.params) {
      const full = joinName(node.name, p.name);
      if (missing.has(full)) out.push(full);
    }
    for (const c of node.children) collect(c);
  };
  collect(tree.root);
  return out;
}
