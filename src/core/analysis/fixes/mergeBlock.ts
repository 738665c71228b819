/** DM003: put a split no-split block back on one device (where most of its bytes already are). */
import { moveModules } from '../../text/edits/index';
import type { Device } from '../../base/devices';
import { blockLabel, deviceLabel } from '../format';
import { action, dataOf, type Fix } from './fixContext';

export const mergeBlock: Fix = ({ finding, ctx }) => {
  const d = dataOf<{ block: string; majority: Device }>(finding);
  if (d.block === undefined || d.majority === undefined || !ctx.tree) return [];
  const edits = moveModules(ctx.doc, ctx.map, [d.block], d.majority, ctx.tree);
  return action(`Put all of ${blockLabel(d.block)} on ${deviceLabel(d.majority)}`, ['DM003'], edits, true);
};
