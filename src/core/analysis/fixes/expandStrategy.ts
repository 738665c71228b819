/** Refactoring: write a strategy string out as the explicit map transformers computes for it. */
import { isStrategy } from '../../placement/strategy';
import { replaceMap } from '../../text/edits/index';
import type { CodeAction } from '../api';
import { expandFor } from '../concrete';
import type { RuleContext } from '../context';
import { voice } from '../messages';

export const EXPAND_MESSAGES = { expand: 'Expand "{strategy}" into the explicit map transformers computes' } as const;
const say = voice('expand-strategy', EXPAND_MESSAGES);

export function expandStrategyAction(ctx: RuleContext): CodeAction[] {
  const v = ctx.map.value;
  if (!ctx.tree || !v || typeof v.literal !== 'string' || !isStrategy(v.literal)) return [];
  const map = expandFor(ctx.tree, v.literal, ctx.map, ctx.env.setup);
  if (!map) return [];
  const edits = replaceMap(ctx.doc, ctx.map, map);
  if (edits.length === 0) return [];
  return [{ title: say.text('expand', { strategy: v.literal }), fixes: [], edits: [...edits], kind: 'refactor.rewrite' }];
}
