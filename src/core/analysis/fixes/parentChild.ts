/** DM004: either give the child its parent's device, or split the parent key so the child keeps its own. */
import { setDevices, replaceMap } from '../../text/edits/index';
import { joinName, moduleIndex } from '../../models/tree';
import type { Device } from '../../base/devices';
import { deviceLabel } from '../format';
import { action, dataOf, type Fix } from './fixContext';

export const parentChild: Fix = ({ finding, ctx }) => {
  const d = dataOf<{ key: string; parent: string; parentDevice: Device }>(finding);
  if (d.key === undefined || d.parent === undefined || d.parentDevice === undefined) return [];
  // Every key under this parent that disagrees with it, so one fix clears them all.
  const children = [...ctx.devices].filter(([k, dev]) => k.startsWith(`${d.parent}.`) && dev !== d.parentDevice).map(([k]) => k);
  const names = children.map((k) => `"${k}"`).join(', ');
  const out = action(`Put ${names} on ${deviceLabel(d.parentDevice)} with "${d.parent}"`, ['DM004'], setDevices(ctx.doc, ctx.map, new Map(children.map((k) => [k, d.parentDevice!]))));
  const split = splitParent(ctx, d.parent, d.parentDevice);
  if (split) out.push(...action(`Split "${d.parent}" into its parts so ${names} keep${children.length === 1 ? 's' : ''} ${children.length === 1 ? 'its device' : 'their devices'}`, ['DM004'], replaceMap(ctx.doc, ctx.map, split)));
  return out;
};

/** The map with `parent` replaced by its children (and direct tensors), which keep the parent's device unless a key of their own says otherwise. */
function splitParent(ctx: Parameters<Fix>[0]['ctx'], parent: string, device: Device): Map<string, Device> | undefined {
  const node = ctx.tree ? moduleIndex(ctx.tree.root).get(parent) : undefined;
  if (!node) return undefined;
  const out = new Map<string, Device>();
  for (const [k, v] of ctx.devices) {
    if (k !== parent) {
      out.set(k, v);
      continue;
    }
    for (const t of [...node.params, ...node.buffers]) out.set(joinName(node.name, t.name), device);
    for (const c of node.children) if (!ctx.devices.has(c.name)) out.set(c.name, device);
  }
  return out;
}
