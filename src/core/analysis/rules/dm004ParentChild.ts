/** DM004: a key and a key under it send one subtree to different devices; the first forward fails (SPEC §3). */
import type { Finding } from '../api';
import type { RuleContext } from '../context';
import { finding } from '../finding';
import { deviceLabel } from '../format';
import { isUnder } from '../treeWalk';
import { splitBlocks } from './dm003SplitBlock';

/** The nearest other key above `key` (the root `""` excluded: `{"": 0, "lm_head": 1}` loads and runs). */
function parentKey(key: string, keys: ReadonlyMap<string, unknown>): string | undefined {
  let cur = key;
  for (;;) {
    const dot = cur.lastIndexOf('.');
    if (dot < 0) return undefined;
    cur = cur.slice(0, dot);
    if (keys.has(cur)) return cur;
  }
}

export function dm004ParentChild(ctx: RuleContext): Finding[] {
  // Inside a split no-split block DM003 already tells the story; saying it twice helps no one.
  const blocks = splitBlocks(ctx).map((b) => b.block);
  // A key that names nothing has no effect (DM002), so it cannot conflict with its parent.
  const ignored = new Set(ctx.assignment()?.unmatchedKeys ?? []);
  const out: Finding[] = [];
  for (const [key, device] of ctx.devices) {
    if (ignored.has(key)) continue;
    const parent = parentKey(key, ctx.devices);
    if (parent === undefined) continue;
    const pd = ctx.devices.get(parent)!;
    if (pd === device) continue;
    if (blocks.some((b) => isUnder(key, b))) continue;
    const e = ctx.entryByKey.get(key)!;
    const pe = ctx.entryByKey.get(parent)!;
    out.push(
      finding(
        'DM004',
        e.entrySpan,
        `"${key}" sends part of "${parent}" to ${deviceLabel(device)} while "${parent}" is on ${deviceLabel(pd)}: loading works, ` +
          'but the first forward pass fails with RuntimeError: Expected all tensors to be on the same device',
        {
          related: [{ span: pe.entrySpan, message: `"${parent}" places the rest on ${deviceLabel(pd)}` }],
          data: { key, parent, parentDevice: pd },
        },
      ),
    );
  }
  return out;
}
