/** Refactoring: write a strategy string out as the explicit map transformers computes for it. */
import { isStrategy } from '../../placement/strategy';
import { replaceMap } from '../../text/edits/index';
import type { CodeAction } from '../api';
import { expandFor } from '../concrete';
import type { RuleContext } from '../context';

export function expandStrategyAction(ctx: RuleContext): CodeAction[] {
  const v = ctx.map.value;
  if (!ctx.tree || !v || typeof v.literal !== 'string' || !isStrategy(v.literal)) return [];
  const map = expandFor(ctx.tree, v.literal, ctx.map, ctx.env.setup);
  if (!map) return [];
  const edits = replaceMap(ctx.doc, ctx.map, map);
  if (edits.length === 0) return [];
  return [{ title: `Expand "${v.literal}" into the explicit map transformers computes`, fixes: [], edits: [...edits], kind: 'refactor.rewrite' }];
}
