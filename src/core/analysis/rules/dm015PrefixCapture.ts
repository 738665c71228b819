/**
 * DM015: transformers 5.17 matches device_map keys as plain prefixes while
 * loading, so "model.layers.1" also captures "model.layers.10"-"19" unless a
 * longer key names them: those weights land where the user did not put them.
 */
import { namedTensors, walkModules, type ModelTree, type ModuleNode } from '../../models/tree';
import { governingKey } from '../../models/assign';
import type { Finding } from '../api';
import { deviceLabel, rangeOfNames } from '../format';
import { defineRule } from './unit';

export const dm015 = defineRule({
  code: 'DM015',
  severity: 'warning',
  title: 'a key captures modules it does not name (`model.layers.1` also matching `model.layers.10`–`19`)',
  messages: {
    capture:
      '"{key}" also captures {captured} while loading, so their weights land on {device}. ' +
      'transformers 5.17 matches device_map keys as plain prefixes; these modules were meant for {intended}. Give them keys of their own.',
    noDevice: 'no device',
    fromKey: '{device} (from "{key}")',
  },
  docs: {
    catches:
      'A key ending in a digit (`"model.layers.1"`) that is also a plain prefix of other modules (`model.layers.10`-`19`) with no longer key of their own, meant for another device.',
    why:
      'Never raises: while loading, transformers 5.17 matches `device_map` keys as string prefixes, so `model.layers.1` also captures `model.layers.10`-`19`. ' +
      'Their weights **silently load** on the device of `model.layers.1` instead of the one meant for them.',
    example: {
      language: 'python',
      code: 'device_map = {"model.embed_tokens": 0, "model.layers.1": 0, "model.layers": 1, "model.norm": 1, "lm_head": 1}',
    },
    fix: 'Give the captured modules keys of their own (`"model.layers.10": 1`, …), or write the map out in full (the Expand refactoring on a strategy string does).',
  },
  check(ctx, say) {
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
        // Keys written for its children (layer 15 as its four submodules) win every one of its
        // weights: then nothing is captured, and DM001 agrees (transformers 5.17 matches each weight
        // against the longest key that is a plain prefix of its name).
        if (!capturesAWeight(m, key, ctx.devices)) continue;
        const ownDevice = own === undefined ? undefined : ctx.devices.get(own);
        if (ownDevice === device) continue;
        captured.push(m.name);
        intended.add(own === undefined ? say.text('noDevice', {}) : say.text('fromKey', { device: deviceLabel(ownDevice!), key: own }));
      }
      if (captured.length === 0) continue;
      const e = ctx.entryByKey.get(key)!;
      out.push(
        say.finding(
          e.keySpan,
          'capture',
          { key, captured: rangeOfNames(captured), device: deviceLabel(device), intended: [...intended].join(', ') },
          { data: { key, captured } },
        ),
      );
    }
    return out;
  },
});

/** True when some weight of `m` has `key` as the longest key that is a plain prefix of its name. */
function capturesAWeight(m: ModuleNode, key: string, devices: ReadonlyMap<string, unknown>): boolean {
  for (const { fullName } of namedTensors(m)) {
    let longest = '';
    for (const k of devices.keys()) if (k.length > longest.length && fullName.startsWith(k)) longest = k;
    if (longest === key) return true;
  }
  return false;
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
