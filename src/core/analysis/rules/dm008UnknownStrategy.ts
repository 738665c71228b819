/** DM008: a `device_map` string that is neither a strategy nor a torch device; loading raises ValueError. */
import { STRATEGIES, badStrategyMessage, isStrategy } from '../../placement/strategy';
import type { Finding } from '../api';
import type { RuleContext } from '../context';
import { parseTorchDevice } from '../deviceCheck';
import { finding } from '../finding';
import { closest } from '../format';

export function dm008UnknownStrategy(ctx: RuleContext): Finding[] {
  const v = ctx.map.value;
  if (!v || ctx.map.kind === 'dict' || typeof v.literal !== 'string') return [];
  const s = v.literal;
  if (isStrategy(s) || parseTorchDevice(s)) return [];
  const suggestion = closest(s, STRATEGIES, 3);
  return [
    finding(
      'DM008',
      v.span,
      `"${s}" is not a strategy: loading raises ValueError: ${badStrategyMessage(s)}` + (suggestion ? ` Did you mean "${suggestion}"?` : ''),
      { data: suggestion ? { suggestion } : {} },
    ),
  ];
}
