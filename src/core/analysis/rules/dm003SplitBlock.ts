/** DM003: a no-split block (a decoder layer, its attention) spread over devices; the first forward fails. */
import { governingKey } from '../../models/assign';
import type { Device } from '../../base/devices';
import type { Finding } from '../api';
import type { RuleContext } from '../context';
import { finding, relatedEntries } from '../finding';
import { blockLabel, deviceLabel } from '../format';
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

export function dm003SplitBlock(ctx: RuleContext): Finding[] {
  const out: Finding[] = [];
  for (const s of splitBlocks(ctx)) {
    // Mark the key(s) inside the block that pull part of it away; else the first key involved.
    const inner = s.keys.filter((k) => k.key.startsWith(`${s.block}.`) && k.device !== s.majority);
    const anchors = inner.length > 0 ? inner : s.keys.filter((k) => k.device !== s.majority);
    const anchor = ctx.entryByKey.get((anchors[0] ?? s.keys[0]!).key);
    if (!anchor) continue;
    const ordered = [...s.keys].sort((x, y) => Number(x.device === s.majority) - Number(y.device === s.majority));
    const parts = ordered.map((k) => `${k.key === s.block ? 'the rest' : k.key.startsWith(`${s.block}.`) ? `its ${k.key.slice(s.block.length + 1)}` : `the part ${k.key} places`} runs on ${deviceLabel(k.device)}`);
    out.push(
      finding(
        'DM003',
        anchor.entrySpan,
        `${blockLabel(s.block)} is a ${s.className}, which must stay on one device, but ${parts.join(' while ')}: ` +
          'the first forward pass fails with RuntimeError: Expected all tensors to be on the same device',
        {
          related: relatedEntries(ctx, s.keys.map((k) => k.key).filter((k) => k !== anchor.key), (k) => `${k} sends part of ${s.block} to ${deviceLabel(ctx.devices.get(k)!)}`),
          data: { block: s.block, majority: s.majority, keys: s.keys.map((k) => k.key) },
        },
      ),
    );
  }
  return out;
}
