/**
 * DM009: blocks go back to a device they already left (0,1,0,1). It works, but
 * every change of card on the forward path copies the activations (SPEC §5);
 * contiguous runs need one switch per extra device. Maps transformers computes
 * are always contiguous, so this never fires on them.
 */
import type { Device } from '../../base/devices';
import type { Finding } from '../api';
import { blockDevices } from '../blocks';
import type { RuleContext } from '../context';
import { finding, mapAnchor } from '../finding';
import { deviceLabel } from '../format';
import { governingKey } from '../../models/assign';

export function dm009Alternating(ctx: RuleContext): Finding[] {
  const seq = blockDevices(ctx).filter((b): b is { block: typeof b.block; device: Device } => b.device !== undefined);
  if (seq.length < 3) return [];
  const runs: Array<{ device: Device; first: string }> = [];
  for (const b of seq) if (runs.length === 0 || runs[runs.length - 1]!.device !== b.device) runs.push({ device: b.device, first: b.block.name });
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
  const path = runs.map((r) => deviceLabel(r.device)).join(' → ');
  const switches = runs.length - 1;
  return [
    finding(
      'DM009',
      entry ? entry.entrySpan : mapAnchor(ctx),
      `the blocks change device ${switches} times along the forward pass (${path}); ${distinct} devices need only ${distinct - 1} ` +
        `switch${distinct - 1 === 1 ? '' : 'es'}: each extra switch copies the activations from card to card. Keep neighbouring blocks on one card`,
      {
        related: runs.slice(1).flatMap((r) => {
          const k = governingKey(r.first, ctx.devices);
          const e = k !== undefined ? ctx.entryByKey.get(k) : undefined;
          return e && e !== entry ? [{ span: e.entrySpan, message: `switch to ${deviceLabel(r.device)} at ${r.first}` }] : [];
        }),
        data: { switches, devices: distinct },
      },
    ),
  ];
}
