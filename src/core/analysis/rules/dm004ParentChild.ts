/** DM004: a key and keys under it send one subtree to different devices; the first forward fails (SPEC §3). One finding per parent. */
import type { Finding } from '../api';
import type { RuleContext } from '../context';
import { deviceLabel, listNames } from '../format';
import { isUnder } from '../treeWalk';
import { splitBlocks } from './dm003SplitBlock';
import { joinName, moduleIndex } from '../../models/tree';
import type { Device } from '../../base/devices';
import { replaceMap, setDevices } from '../../text/edits/index';
import { action, dataOf } from '../fixes/fixContext';
import { defineRule } from './unit';

const SAME_DEVICE = 'RuntimeError: Expected all tensors to be on the same device';

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

export const dm004 = defineRule({
  code: 'DM004',
  severity: 'error',
  title: 'a key and a key under it send one subtree to different devices',
  messages: {
    child:
      '"{key}" sends part of "{parent}" to {device}; the first forward pass fails. "{parent}" is on {parentDevice}: loading works, then torch raises "{error}".',
    children:
      '{keys} split "{parent}" over devices; the first forward pass fails. "{parent}" is on {parentDevice}: loading works, then torch raises "{error}".',
    parentHere: '"{parent}" places the rest on {device}',
    childHere: '"{key}" sends its part to {device}',
    join: 'Put {keys} on {device} with "{parent}"',
    splitOne: 'Split "{parent}" into its parts so {keys} keeps its device',
    splitMany: 'Split "{parent}" into its parts so {keys} keep their devices',
  },
  docs: {
    catches: 'A key and a longer key under it (`"model": 0` and `"model.norm": 1`) that send one module subtree to different devices.',
    why:
      'Loads (each tensor follows its longest key), then fails **at the first forward pass**: the parent module runs with its hook on one device while a ' +
      `child's weights sit on another, and torch raises \`${SAME_DEVICE}\`. The root key \`""\` is exempt: \`{"": 0, "lm_head": 1}\` runs.`,
    example: { language: 'python', code: 'device_map = {"model": 0, "model.norm": 1, "lm_head": 1}' },
    fix: "Give the children their parent's device (quick fix), or split the parent key into its parts so each child keeps its own device (quick fix).",
  },
  check(ctx, say) {
    // Inside a split no-split block DM003 already tells the story; saying it twice helps no one.
    const blocks = splitBlocks(ctx).map((b) => b.block);
    // A key that names nothing has no effect (DM002), so it cannot conflict with its parent.
    const ignored = new Set(ctx.assignment()?.unmatchedKeys ?? []);
    // One finding per parent: every key under it that disagrees is one mistake, fixed by one action.
    const byParent = new Map<string, string[]>();
    for (const [key, device] of ctx.devices) {
      if (ignored.has(key)) continue;
      const parent = parentKey(key, ctx.devices);
      if (parent === undefined || ctx.devices.get(parent) === device) continue;
      if (blocks.some((b) => isUnder(key, b))) continue;
      byParent.set(parent, [...(byParent.get(parent) ?? []), key]);
    }
    const out: Finding[] = [];
    for (const [parent, keys] of byParent) {
      const pd = ctx.devices.get(parent)!;
      const e = ctx.entryByKey.get(keys[0]!)!;
      const pe = ctx.entryByKey.get(parent)!;
      const related = [
        { span: pe.entrySpan, message: say.text('parentHere', { parent, device: deviceLabel(pd) }) },
        ...keys.slice(1).map((k) => ({
          span: ctx.entryByKey.get(k)!.entrySpan,
          message: say.text('childHere', { key: k, device: deviceLabel(ctx.devices.get(k)!) }),
        })),
      ];
      const extras = { related, data: { key: keys[0], keys, parent, parentDevice: pd } };
      out.push(
        keys.length === 1
          ? say.finding(
              e.entrySpan,
              'child',
              { key: keys[0]!, parent, device: deviceLabel(ctx.devices.get(keys[0]!)!), parentDevice: deviceLabel(pd), error: SAME_DEVICE },
              extras,
            )
          : say.finding(
              e.entrySpan,
              'children',
              {
                keys: listNames(
                  keys.map((k) => `"${k}"`),
                  3,
                ),
                parent,
                parentDevice: deviceLabel(pd),
                error: SAME_DEVICE,
              },
              extras,
            ),
      );
    }
    return out;
  },
  fixes: [
    ({ finding, ctx }, say) => {
      const d = dataOf<{ parent: string; parentDevice: Device }>(finding);
      if (d.parent === undefined || d.parentDevice === undefined) return [];
      // Every key under this parent that disagrees with it, so one fix clears them all.
      const children = [...ctx.devices].filter(([k, dev]) => k.startsWith(`${d.parent}.`) && dev !== d.parentDevice).map(([k]) => k);
      const keys = children.map((k) => `"${k}"`).join(', ');
      const out = action(
        say.text('join', { keys, device: deviceLabel(d.parentDevice), parent: d.parent }),
        ['DM004'],
        setDevices(ctx.doc, ctx.map, new Map(children.map((k) => [k, d.parentDevice!]))),
      );
      const split = splitParent(ctx, d.parent, d.parentDevice);
      if (split)
        out.push(
          ...action(
            say.text(children.length === 1 ? 'splitOne' : 'splitMany', { parent: d.parent, keys }),
            ['DM004'],
            replaceMap(ctx.doc, ctx.map, split),
          ),
        );
      return out;
    },
  ],
});

/** The map with `parent` replaced by its children (and direct tensors), which keep the parent's device unless a key of their own says otherwise. */
function splitParent(ctx: RuleContext, parent: string, device: Device): Map<string, Device> | undefined {
  const node = ctx.tree ? moduleIndex(ctx.tree.root).get(parent) : undefined;
  if (!node) return undefined;
  const out = new Map<string, Device>();
  for (const [k, v] of ctx.devices) {
    if (k !== parent) {
      out.set(k, v);
      continue;
    }
    for (const t of [...node.params, ...node.buffers]) out.set(joinName(node.name, t.name), device);
    for (const c of node.children) if (!ctx.devices.has(c.name)) out.set(c.name, device);
  }
  return out;
}
