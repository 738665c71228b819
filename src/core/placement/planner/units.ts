/**
 * The forward path as a sequence of placeable units: whole no-split blocks,
 * and whole modules that contain no block (embeddings, final norm, head), in
 * definition order, which is the order the forward pass visits them in the
 * architectures we know. Tied partners are not units of their own: they ride
 * with the module they share storage with.
 */
import { computeModuleSizes, type SizeOptions } from '../../memory/moduleSizes';
import { joinName, type ModelTree, type ModuleNode } from '../../models/tree';

export interface PlanUnit {
  /** Device-map key for this unit (a module path, or a bare tensor on a container). */
  readonly key: string;
  /** Weight bytes the unit brings (tied keys count zero, their source counts once). */
  readonly bytes: number;
  /** True for a no-split block (a transformer layer). */
  readonly block: boolean;
  /** Keys that must share this unit's device (tied partners elsewhere in the tree). */
  readonly riders: readonly string[];
}

function hasBlockBelow(m: ModuleNode, noSplit: ReadonlySet<string>): boolean {
  return m.children.some((c) => noSplit.has(c.className) || hasBlockBelow(c, noSplit));
}

export function forwardUnits(tree: ModelTree, opts: SizeOptions = {}): PlanUnit[] {
  const noSplit = new Set(tree.noSplitModules);
  // The planner fits real memory (what DM011 checks), not transformers 4's bitsandbytes placement under-count.
  const { sizes } = computeModuleSizes(tree, { ...opts, includeTensors: true, allocated: true });
  const raw: { key: string; block: boolean }[] = [];
  const walk = (m: ModuleNode): void => {
    if (m.name !== '' && (noSplit.has(m.className) || !hasBlockBelow(m, noSplit))) {
      raw.push({ key: m.name, block: noSplit.has(m.className) });
      return;
    }
    for (const p of m.params) raw.push({ key: joinName(m.name, p.name), block: false });
    for (const c of m.children) walk(c);
    for (const b of m.buffers) raw.push({ key: joinName(m.name, b.name), block: false });
  };
  walk(tree.root);
  // A model with no blocks at all is one unit.
  if (raw.length === 0) return [{ key: '', bytes: sizes.get('') ?? 0, block: false, riders: [] }];

  // Tied keys ride with the unit holding their source.
  const unitOf = (tensor: string): string | undefined => raw.find((u) => tensor === u.key || tensor.startsWith(`${u.key}.`))?.key;
  const riders = new Map<string, string[]>();
  const riding = new Set<string>();
  for (const [tiedKey, source] of Object.entries(tree.tiedWeights)) {
    const from = unitOf(tiedKey);
    const to = unitOf(source);
    if (!from || !to || from === to) continue;
    // Only a unit that holds nothing but tied tensors can ride (lm_head); otherwise both stay units.
    if ((sizes.get(from) ?? 0) === 0) {
      riding.add(from);
      riders.set(to, [...(riders.get(to) ?? []), from]);
    }
  }
  return raw
    .filter((u) => !riding.has(u.key))
    .map((u) => ({ key: u.key, bytes: sizes.get(u.key) ?? 0, block: u.block, riders: riders.get(u.key) ?? [] }));
}
