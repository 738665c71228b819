/** DM017: write a device the way the rest of the map does (every `"cuda:0"` as `0`, or the other way round). */
import { action, dataOf, type Fix } from './fixContext';
import type { TextEdit } from '../../text/types';

export const unifySpelling: Fix = ({ finding, ctx }) => {
  const d = dataOf<{ device: number; raw: string }>(finding);
  if (d.device === undefined || d.raw === undefined) return [];
  // Every value of this device written otherwise, when it is written in place (not computed).
  const edits: TextEdit[] = [];
  for (const e of ctx.map.entries) {
    if (e.value.device !== d.device || e.value.raw === d.raw) continue;
    if (e.origin !== undefined && e.origin !== 'literal' && e.origin !== 'item' && e.origin !== 'update') continue;
    edits.push({ offset: e.value.span.start, length: e.value.span.end - e.value.span.start, text: d.raw });
  }
  return action(`Write cuda:${d.device} as ${d.raw} everywhere`, ['DM017'], edits.sort((a, b) => a.offset - b.offset), true);
};
