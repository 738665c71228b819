/**
 * DM015: transformers 5.17 matches device_map keys as plain prefixes while
 * loading, so "model.layers.1" also captures "model.layers.10"-"19" unless a
 * longer key names them: those weights land where the user did not put them.
 */
import { walkModules, type ModelTree, type ModuleNode } from '../../models/tree';
import { governingKey } from '../../models/assign';
import type { Finding } from '../api';
import type { RuleContext } from '../context';
import { finding } from '../finding';
import { deviceLabel, rangeOfNames } from '../format';

export function dm015PrefixCapture(ctx: RuleContext): Finding[] {
  if (!ctx.tree || ctx.map.kind !== 'dict') return [];
  const out: Finding[] = [];
  for (const [key, device] of ctx.devices) {
    if (key === '' || !/\d$/.test(key)) continue;
    const captured: string[] = [];
    const intended = new Set<string>();
    for (const m of modulesStartingWith(ctx.tree, key)) {
      if (m.name.length === key.length || m.name[key.length] === '.') continue;
      // Report the outermost captured module only (model.layers.10, not its children).
      const parentName = m.name.slice(0, Math.max(0, m.name.lastIndexOf('.')));
      if (parentName.startsWith(key) && parentName.length > key.length && parentName[key.length] !== '.') continue;
      const own = governingKey(m.name, ctx.devices);
      // A longer key of its own wins the prefix match; the same device means no surprise.
      if (own !== undefined && own.length > key.length) continue;
      const ownDevice = own === undefined ? undefined : ctx.devices.get(own);
      if (ownDevice === device) continue;
      captured.push(m.name);
      intended.add(own === undefined ? 'no device' : `${deviceLabel(ownDevice!)} (from "${own}")`);
    }
    if (captured.length === 0) continue;
    const e = ctx.entryByKey.get(key)!;
    out.push(
      finding(
        'DM015',
        e.keySpan,
        `while loading, transformers 5.17 matches "${key}" as a prefix, so it also captures ${rangeOfNames(captured)}: ` +
          `their weights load on ${deviceLabel(device)} instead of ${[...intended].join(', ')}. Give them keys of their own`,
        { data: { key, captured } },
      ),
    );
  }
  return out;
}

/** Modules sorted by name, per tree, so the modules a prefix matches are one binary search away. */
const sortedCache = new WeakMap<ModelTree, ModuleNode[]>();

function modulesStartingWith(tree: ModelTree, prefix: string): ModuleNode[] {
  let sorted = sortedCache.get(tree);
  if (!sorted) {
    sorted = [...walkModules(tree.root)].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    sortedCache.set(tree, sorted);
  }
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]!.name < prefix) lo = mid + 1;
    else hi = mid;
  }
  const out: ModuleNode[] = [];
  for (let i = lo; i < sorted.length && sorted[i]!.name.startsWith(prefix); i++) out.push(sorted[i]!);
  return out;
}
