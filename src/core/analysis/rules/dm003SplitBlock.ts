/** DM003: a no-split block (a decoder layer, its attention) spread over devices; the first forward fails. */
import { governingKey } from '../../models/assign';
import type { Device } from '../../base/devices';
import type { Finding } from '../api';
import type { RuleContext } from '../context';
import { relatedEntries } from '../finding';
import { blockLabel, deviceLabel } from '../format';
import { moveModules } from '../../text/edits/index';
import { action, dataOf } from '../fixes/fixContext';
import { defineRule } from './unit';
import { namedTensorsUnder } from '../treeWalk';
import { derived, sizedMapSignature } from '../derivedCache';
import { outermostBlocks } from '../blocks';

export interface SplitBlock {
  readonly block: string;
  readonly className: string;
  /** Keys that place tensors of the block, with their devices, in map order. */
  readonly keys: ReadonlyArray<{ key: string; device: Device }>;
  /** The device most of the block's bytes are on (where a merge should put it). */
  readonly majority: Device;
}

const memo = new WeakMap<RuleContext, SplitBlock[]>();

/** Outermost no-split blocks whose tensors land on more than one device (computed once per map: DM003 and DM004 both ask). */
export function splitBlocks(ctx: RuleContext): SplitBlock[] {
  let r = memo.get(ctx);
  if (!r) {
    const tree = ctx.tree;
    r = tree ? derived(tree, sizedMapSignature(ctx.devices, ctx.map), 'splitBlocks', () => computeSplitBlocks(ctx)) : [];
    memo.set(ctx, r);
  }
  return r;
}

function computeSplitBlocks(ctx: RuleContext): SplitBlock[] {
  const tree = ctx.tree;
  const a = ctx.assignment();
  const sizes = ctx.sizes();
  if (!tree || !a || !sizes || tree.noSplitModules.length === 0) return [];
  const out: SplitBlock[] = [];
  for (const node of outermostBlocks(tree)) {
    const byKey = new Map<string, Device>();
    const bytes = new Map<Device, number>();
    for (const t of namedTensorsUnder(node)) {
      const d = a.tensorDevice.get(t);
      if (d === undefined) continue;
      byKey.set(governingKey(t, ctx.devices)!, d);
      bytes.set(d, (bytes.get(d) ?? 0) + (sizes.sizes.get(t) ?? 0));
    }
    if (bytes.size > 1) {
      const majority = [...bytes].sort((x, y) => y[1] - x[1])[0]![0];
      out.push({ block: node.name, className: node.className, keys: [...byKey].map(([key, device]) => ({ key, device })), majority });
    }
  }
  return out;
}

const SAME_DEVICE = 'RuntimeError: Expected all tensors to be on the same device';

export const dm003 = defineRule({
  code: 'DM003',
  severity: 'error',
  title: 'a no-split block (one decoder layer, its attention) spread over several devices: the first forward fails',
  messages: {
    split:
      '{block} is split over {devices}, so the first forward pass fails. A {className} must stay on one device; torch raises "{error}".',
    part: '"{key}" sends part of {block} to {device}',
    merge: 'Put all of {block} on {device}',
  },
  docs: {
    catches:
      'A block the model lists in `_no_split_modules` (a decoder layer, its attention) whose tensors land on more than one device, ' +
      'because keys inside it (or a key that captures part of it) send parts elsewhere.',
    why:
      'Loads, then fails **at the first forward pass**: inside one block, tensors meet without a device hook between them, and torch raises ' +
      `\`${SAME_DEVICE}\`. \`device_map="auto"\` never splits these blocks; hand-written maps can.`,
    example: {
      language: 'python',
      code: 'device_map = {"model.embed_tokens": 0, "model.layers.0": 0, "model.layers.0.mlp": 1, "model.norm": 1, "lm_head": 1}',
    },
    fix: 'Keep the whole block on one device. The quick fix moves it to the device that already holds most of its bytes.',
  },
  check(ctx, say) {
    const out: Finding[] = [];
    for (const s of splitBlocks(ctx)) {
      // Mark the key(s) inside the block that pull part of it away; else the first key involved.
      const inner = s.keys.filter((k) => k.key.startsWith(`${s.block}.`) && k.device !== s.majority);
      const anchors = inner.length > 0 ? inner : s.keys.filter((k) => k.device !== s.majority);
      const anchor = ctx.entryByKey.get((anchors[0] ?? s.keys[0]!).key);
      if (!anchor) continue;
      const devices = [...new Set([s.majority, ...s.keys.map((k) => k.device)])].map(deviceLabel).join(', ');
      const block = blockLabel(s.block);
      out.push(
        say.finding(
          anchor.entrySpan,
          'split',
          { block, devices, className: s.className, error: SAME_DEVICE },
          {
            related: relatedEntries(
              ctx,
              s.keys.map((k) => k.key).filter((k) => k !== anchor.key),
              (k) => say.text('part', { key: k, block: s.block, device: deviceLabel(ctx.devices.get(k)!) }),
            ),
            data: { block: s.block, majority: s.majority, keys: s.keys.map((k) => k.key) },
          },
        ),
      );
    }
    return out;
  },
  fixes: [
    ({ finding, ctx }, say) => {
      const d = dataOf<{ block: string; majority: Device }>(finding);
      if (d.block === undefined || d.majority === undefined || !ctx.tree) return [];
      const edits = moveModules(ctx.doc, ctx.map, [d.block], d.majority, ctx.tree);
      return action(say.text('merge', { block: blockLabel(d.block), device: deviceLabel(d.majority) }), ['DM003'], edits, true);
    },
  ],
});
