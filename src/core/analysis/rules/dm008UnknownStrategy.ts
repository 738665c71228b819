/** DM008: a `device_map` string that is neither a strategy nor a torch device; loading raises ValueError. */
import { STRATEGIES, badStrategyMessage, isStrategy } from '../../placement/strategy';
import { parseTorchDevice } from '../deviceCheck';
import { closest } from '../format';
import { action, dataOf } from '../fixes/fixContext';
import { defineRule } from './unit';

export const dm008 = defineRule({
  code: 'DM008',
  severity: 'error',
  title: 'unknown strategy string (`"balance"`, `"Auto"`)',
  messages: {
    unknown: '"{value}" is not a strategy or a device, so loading fails. transformers raises ValueError: {error}',
    unknownSuggest:
      '"{value}" is not a strategy or a device, so loading fails. Did you mean "{suggestion}"? transformers raises ValueError: {error}',
    change: 'Change to {text}',
  },
  docs: {
    catches:
      'A `device_map` string that is neither a strategy (`"auto"`, `"balanced"`, `"balanced_low_0"`, `"sequential"`) nor a device torch can parse: `"balance"`, `"Auto"`.',
    why:
      'Fails **at load**: `ValueError: When passing device_map as a string, the value needs to be a device name (e.g. cpu, cuda:0) or ' +
      "'auto', 'balanced', 'balanced_low_0', 'sequential' but found balance.`",
    example: { language: 'python', code: 'model = AutoModelForCausalLM.from_pretrained("Qwen/Qwen2.5-7B", device_map="balance")' },
    fix: 'Write one of the four strategies, exactly (they are case-sensitive). The quick fix changes it to the strategy it resembles.',
  },
  check(ctx, say) {
    const v = ctx.map.value;
    if (!v || ctx.map.kind === 'dict' || typeof v.literal !== 'string') return [];
    const s = v.literal;
    if (isStrategy(s) || parseTorchDevice(s)) return [];
    const suggestion = closest(s, STRATEGIES, 3);
    const error = badStrategyMessage(s);
    return [
      suggestion
        ? say.finding(v.span, 'unknownSuggest', { value: s, suggestion, error }, { data: { suggestion } })
        : say.finding(v.span, 'unknown', { value: s, error }, { data: {} }),
    ];
  },
  fixes: [
    ({ finding, ctx }, say) => {
      const s = dataOf<{ suggestion: string }>(finding).suggestion;
      const v = ctx.map.value;
      if (!s || !v) return [];
      const q = v.quote ?? '"';
      return action(
        say.text('change', { text: `${q}${s}${q}` }),
        ['DM008'],
        [{ offset: v.span.start, length: v.span.end - v.span.start, text: `${q}${s}${q}` }],
        true,
      );
    },
  ],
});
