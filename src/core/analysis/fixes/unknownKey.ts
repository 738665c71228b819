/** DM002: rename a misspelt key to the module it resembles, or drop a key that has no effect. */
import { removeEntries, renameKey } from '../../text/edits/index';
import { action, dataOf, type Fix } from './fixContext';

export const unknownKey: Fix = ({ finding, ctx }) => {
  const d = dataOf<{ key: string; suggestion: string }>(finding);
  if (d.key === undefined) return [];
  const out = d.suggestion !== undefined && !ctx.devices.has(d.suggestion) ? action(`Rename to "${d.suggestion}"`, ['DM002'], renameKey(ctx.doc, ctx.map, d.key, d.suggestion), true) : [];
  out.push(...action(`Remove "${d.key}" (it has no effect)`, ['DM002'], removeEntries(ctx.doc, ctx.map, [d.key])));
  return out;
};
