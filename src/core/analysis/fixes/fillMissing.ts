/** DM001 / DM018: add the missing modules, each on the device of its neighbour along the forward path. */
import { namedTensors } from '../../models/tree';
import type { Device } from '../../base/devices';
import { insertEntries } from '../../text/edits/index';
import { keyCandidates } from '../moduleFacts';
import { deviceLabel, listNames } from '../format';
import { voice } from '../messages';
import { action, dataOf, type Fix } from './fixContext';

/** Shared by DM001 and DM018; its titles are templates like every rule's. */
export const FILL_MISSING_MESSAGES = {
  addOne: 'Add {modules} (on {devices}, next to its neighbours)',
  addMany: 'Add {modules} (on {devices}, next to their neighbours)',
} as const;
const say = voice('fill-missing', FILL_MISSING_MESSAGES);

export const fillMissing: Fix = ({ finding, ctx }) => {
  const missing = dataOf<{ missing: string[] }>(finding).missing;
  const tree = ctx.tree;
  const a = ctx.assignment();
  const sizes = ctx.sizes();
  if (!missing || missing.length === 0 || !tree || !a || !sizes) return [];
  // Tensors in model order with their device: a missing module takes the device of the closest placed tensor before it (else after).
  const order = [...namedTensors(tree.root)].filter((t) => t.tensor.kind === 'param').map((t) => t.fullName);
  const placed = order.map((n) => a.tensorDevice.get(n));
  const deviceFor = (module: string): Device | undefined => {
    const first = order.findIndex((n) => n === module || n.startsWith(`${module}.`));
    if (first < 0) return undefined;
    for (let i = first - 1; i >= 0; i--) if (placed[i] !== undefined) return placed[i];
    for (let i = first; i < order.length; i++) if (placed[i] !== undefined) return placed[i];
    return undefined;
  };
  const entries: Array<[string, Device]> = [];
  for (const m of missing) {
    const d = deviceFor(m);
    if (d !== undefined) entries.push([m, d]);
  }
  if (entries.length === 0) return [];
  const modelOrder = keyCandidates(tree, sizes).map((c) => c.name);
  const edits = insertEntries(ctx.doc, ctx.map, entries, modelOrder);
  const values = {
    modules: listNames(
      entries.map(([k]) => k),
      3,
    ),
    devices: [...new Set(entries.map(([, d]) => deviceLabel(d)))].join(', '),
  };
  return action(say.text(entries.length === 1 ? 'addOne' : 'addMany', values), [finding.code], edits, true);
};
