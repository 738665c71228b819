/** DM002: a key that names no module; transformers 5.17 ignores it with a warning, so it has no effect. */
import { moduleIndex } from '../../models/tree';
import type { Finding } from '../api';
import type { RuleContext } from '../context';
import { finding } from '../finding';
import { closest } from '../format';
import { MAX_SUGGESTIONS } from '../../base/limits';

export function dm002UnknownKey(ctx: RuleContext): Finding[] {
  if (!ctx.tree) return [];
  const a = ctx.assignment();
  if (!a) return [];
  const names = [...moduleIndex(ctx.tree.root).keys()].filter((n) => n !== '');
  const out: Finding[] = [];
  // "Did you mean" for the first MAX_SUGGESTIONS unknown keys only: 20,000 generated keys cost 28 s of edit distances.
  let tried = 0;
  for (const key of a.unmatchedKeys) {
    const e = ctx.entryByKey.get(key);
    if (!e) continue;
    const range = indexRange(ctx, key);
    const suggestion = range || tried++ >= MAX_SUGGESTIONS ? undefined : closest(key, names);
    out.push(
      finding(
        'DM002',
        e.keySpan,
        `"${key}" names no module of ${ctx.tree.className}: transformers ignores it (warning "The following device_map keys do not match any submodules in the model"), so this entry has no effect` +
          (range ? `. The model has ${range}` : suggestion ? `. Did you mean "${suggestion}"?` : ''),
        { data: { key, ...(suggestion ? { suggestion } : {}) } },
      ),
    );
  }
  return out;
}

/** `model.layers.9` on a 4-layer model: "4 of them (model.layers.0-3)" reads better than a spelling suggestion. */
function indexRange(ctx: RuleContext, key: string): string | undefined {
  const m = /^(.*)\.(\d+)(?:\..*)?$/.exec(key);
  const parent = m ? moduleIndex(ctx.tree!.root).get(m[1]!) : undefined;
  if (!parent || parent.children.length === 0 || !parent.children.every((c) => /\.\d+$/.test(c.name))) return undefined;
  const n = parent.children.length;
  return `${n} of ${m![1]} (${m![1]}.0-${n - 1})`;
}
