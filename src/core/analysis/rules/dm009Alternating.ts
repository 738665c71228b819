/**
 * DM009: blocks go back to a device they already left (0,1,0,1). It works, but
 * every change of card on the forward path copies the activations (SPEC §5);
 * contiguous runs need one switch per extra device. Maps transformers computes
 * are always contiguous, so this never fires on them.
 */
import type { Device } from '../../base/devices';
import type { Finding } from '../api';
import { blockDevices } from '../blocks';
import { mapAnchor } from '../finding';
import { deviceLabel } from '../format';
import { governingKey } from '../../models/assign';
import { rebalance } from '../fixes/rebalance';
import { defineRule } from './unit';

export const dm009 = defineRule({
  code: 'DM009',
  severity: 'warning',
  title: 'blocks change device more often than needed along the forward path',
  messages: {
    alternating:
      'The blocks change device {switches} times where {needed} would do. Path: {path}. Each extra switch copies the activations from card to card; keep neighbouring blocks on one card.',
    switchAt: 'switch to {device} at {block}',
  },
  docs: {
    catches:
      'Blocks that go back to a device they already left along the forward path (`0, 1, 0, 1`): more device changes than the number of devices needs.',
    why:
      'Never fails: it runs, but **every step** pays for each extra change of card, since the activations are copied from card to card each time. ' +
      'Maps transformers computes (`"auto"`, `"balanced"`, `"sequential"`) are contiguous, so this only happens to hand-written maps.',
    example: {
      language: 'python',
      code: 'device_map = {"model.embed_tokens": 0, "model.layers.0": 0, "model.layers.1": 1, "model.layers.2": 0, "model.layers.3": 1, "model.norm": 1, "lm_head": 1}',
    },
    fix: 'Keep neighbouring blocks on one card. The rebalance quick fixes rewrite the map as contiguous runs that fit the configured GPUs (with no GPUs configured, the fix offers to set them up).',
  },
  check(ctx, say) {
    const seq = blockDevices(ctx).filter((b): b is { block: typeof b.block; device: Device } => b.device !== undefined);
    if (seq.length < 3) return [];
    const runs: Array<{ device: Device; first: string }> = [];
    for (const b of seq)
      if (runs.length === 0 || runs[runs.length - 1]!.device !== b.device) runs.push({ device: b.device, first: b.block.name });
    const distinct = new Set(runs.map((r) => r.device)).size;
    if (runs.length <= distinct) return [];
    // Anchor at the first block that returns to a device it already left.
    const left = new Set<Device>();
    let back: { device: Device; first: string } | undefined;
    for (let i = 0; i < runs.length; i++) {
      if (left.has(runs[i]!.device)) {
        back = runs[i];
        break;
      }
      if (i > 0) left.add(runs[i - 1]!.device);
    }
    const key = back ? governingKey(back.first, ctx.devices) : undefined;
    const entry = key !== undefined ? ctx.entryByKey.get(key) : undefined;
    const switches = runs.length - 1;
    const related: Finding['related'] = runs.slice(1).flatMap((r) => {
      const k = governingKey(r.first, ctx.devices);
      const e = k !== undefined ? ctx.entryByKey.get(k) : undefined;
      return e && e !== entry
        ? [{ span: e.entrySpan, message: say.text('switchAt', { device: deviceLabel(r.device), block: r.first }) }]
        : [];
    });
    return [
      say.finding(
        entry ? entry.entrySpan : mapAnchor(ctx),
        'alternating',
        { switches, needed: distinct - 1, path: runs.map((r) => deviceLabel(r.device)).join(' → ') },
        { related, data: { switches, devices: distinct } },
      ),
    ];
  },
  fixes: [rebalance],
});
