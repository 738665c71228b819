/** DM002: a key that names no module; transformers 5.17 ignores it with a warning, so it has no effect. */
import { moduleIndex } from '../../models/tree';
import type { Finding } from '../api';
import type { RuleContext } from '../context';
import { closest } from '../format';
import { removeEntries, renameKey } from '../../text/edits/index';
import { action, dataOf } from '../fixes/fixContext';
import { defineRule } from './unit';
import { MAX_SUGGESTIONS } from '../../base/limits';

const WARNING = 'The following device_map keys do not match any submodules in the model';

export const dm002 = defineRule({
  code: 'DM002',
  severity: 'warning',
  title: 'a key names no module of the model: silently ignored',
  messages: {
    unknown: '"{key}" names no module of {model}, so this entry has no effect. transformers ignores it with the warning "{warning}".',
    unknownRange:
      '"{key}" names no module of {model}, so this entry has no effect. The model has {range}; transformers ignores the key with the warning "{warning}".',
    unknownSuggest:
      '"{key}" names no module of {model}, so this entry has no effect. Did you mean "{suggestion}"? transformers ignores the key with the warning "{warning}".',
    rename: 'Rename to "{suggestion}"',
    remove: 'Remove "{key}" (it has no effect)',
    range: '{count} of {parent} ({parent}.0-{last})',
  },
  docs: {
    catches:
      'A `device_map` key that names no module (or tensor) of the model: a typo, a layer index past the last layer, a prefix from another architecture.',
    why: `Never fails: accelerate warns \`UserWarning: ${WARNING}: [...]\` while loading and ignores the key, so the modules you meant to place follow other keys (or none, which is DM001).`,
    example: {
      language: 'python',
      code: 'device_map = {"model.embed_tokens": 0, "model.layer": 0, "model.norm": 1, "lm_head": 1}  # "model.layers"',
    },
    fix: 'Rename the key to the module it resembles (quick fix), or remove it (quick fix: it has no effect anyway).',
  },
  check(ctx, say) {
    if (!ctx.tree) return [];
    const a = ctx.assignment();
    if (!a) return [];
    const names = [...moduleIndex(ctx.tree.root).keys()].filter((n) => n !== '');
    const out: Finding[] = [];
    const model = ctx.tree.className;
    // "Did you mean" for the first MAX_SUGGESTIONS unknown keys only: 20,000 generated keys cost 28 s of edit distances.
    let tried = 0;
    for (const key of a.unmatchedKeys) {
      const e = ctx.entryByKey.get(key);
      if (!e) continue;
      const r = indexRange(ctx, key);
      const range = r && say.text('range', r);
      const suggestion = range || tried++ >= MAX_SUGGESTIONS ? undefined : closest(key, names);
      const data = { data: { key, ...(suggestion ? { suggestion } : {}) } };
      if (range) out.push(say.finding(e.keySpan, 'unknownRange', { key, model, range, warning: WARNING }, data));
      else if (suggestion) out.push(say.finding(e.keySpan, 'unknownSuggest', { key, model, suggestion, warning: WARNING }, data));
      else out.push(say.finding(e.keySpan, 'unknown', { key, model, warning: WARNING }, data));
    }
    return out;
  },
  fixes: [
    ({ finding, ctx }, say) => {
      const d = dataOf<{ key: string; suggestion: string }>(finding);
      if (d.key === undefined) return [];
      const out =
        d.suggestion !== undefined && !ctx.devices.has(d.suggestion)
          ? action(say.text('rename', { suggestion: d.suggestion }), ['DM002'], renameKey(ctx.doc, ctx.map, d.key, d.suggestion), true)
          : [];
      out.push(...action(say.text('remove', { key: d.key }), ['DM002'], removeEntries(ctx.doc, ctx.map, [d.key])));
      return out;
    },
  ],
});

/** `model.layers.9` on a 4-layer model: "4 of them (model.layers.0-3)" reads better than a spelling suggestion. */
function indexRange(ctx: RuleContext, key: string): { count: number; parent: string; last: number } | undefined {
  const m = /^(.*)\.(\d+)(?:\..*)?$/.exec(key);
  const parent = m ? moduleIndex(ctx.tree!.root).get(m[1]!) : undefined;
  if (!parent || parent.children.length === 0 || !parent.children.every((c) => /\.\d+$/.test(c.name))) return undefined;
  const n = parent.children.length;
  return { count: n, parent: m![1]!, last: n - 1 };
}
