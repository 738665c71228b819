/** DM005: move the tied key next to its source (lm_head onto the embeddings' card), as transformers itself places them. */
import type { Device } from '../../base/devices';
import { setDevices } from '../../text/edits/index';
import { deviceLabel } from '../format';
import { action, dataOf, type Fix } from './fixContext';

export const tiedTogether: Fix = ({ finding, ctx }) => {
  const d = dataOf<{ tiedKey: string; sourceKey: string; device: Device }>(finding);
  if (d.tiedKey === undefined || d.device === undefined) return [];
  return action(`Move "${d.tiedKey}" to ${deviceLabel(d.device)} with its tied "${d.sourceKey}"`, ['DM005'], setDevices(ctx.doc, ctx.map, new Map([[d.tiedKey, d.device]])), true);
};
