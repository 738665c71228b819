/** DM008: replace a misspelt strategy with the one it resembles (`"balance"` -> `"balanced"`, `"Auto"` -> `"auto"`). */
import { action, dataOf, type Fix } from './fixContext';

export const strategyTypo: Fix = ({ finding, ctx }) => {
  const s = dataOf<{ suggestion: string }>(finding).suggestion;
  const v = ctx.map.value;
  if (!s || !v) return [];
  const q = v.quote ?? '"';
  return action(`Change to ${q}${s}${q}`, ['DM008'], [{ offset: v.span.start, length: v.span.end - v.span.start, text: `${q}${s}${q}` }], true);
};
