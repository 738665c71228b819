/**
 * The panel's own structural checks, used when the analysis gives no findings
 * (model-only previews, or before `analyzeDocument` is wired): split blocks
 * (DM003), tied weights apart (DM005), alternating placement (DM009), CPU/disk
 * blocks while training (DM010) and over-capacity cards (DM011). Codes and
 * meanings follow SPEC §7 so the picture agrees with the diagnostics.
 */
import { deviceLabel, type Device, type ModelTree } from '../../core/index';
import type { PanelBlock, PanelColumn, PanelWarning } from '../../protocol/snapshot';

const GIB = 2 ** 30;
const gib = (b: number): string => `${(b / GIB).toFixed(2)} GiB`;

export interface LocalWarnings {
  readonly blocks: PanelWarning[][];
  readonly columns: PanelWarning[][];
}

export function localWarnings(tree: ModelTree, blocks: readonly PanelBlock[], columns: readonly PanelColumn[], training: boolean): LocalWarnings {
  const out = blocks.map(() => [] as PanelWarning[]);
  blocks.forEach((b, i) => {
    if (b.group === 'block' && b.devices.length > 1) {
      out[i]!.push({
        code: 'DM003', severity: 'error',
        message: `${b.name} is split over ${b.devices.map((d) => deviceLabel(d.device)).join(', ')}: a no-split block must stay on one device (forward fails with "Expected all tensors to be on the same device").`,
      });
    }
    const main = b.devices[0]?.device;
    if (training && (main === 'cpu' || main === 'disk')) {
      out[i]!.push({ code: 'DM010', severity: 'warning', message: `${b.name} is on ${main} while the file trains: each step moves it to the GPU (very slow), and LoRA targets there fail.` });
    }
  });

  // Alternating placement: a device the forward path already left comes back.
  const left = new Set<Device>();
  let prev: Device | undefined;
  blocks.forEach((b, i) => {
    const d = b.devices[0]?.device;
    if (d === undefined || b.bytes === 0) return;
    if (prev !== undefined && d !== prev) {
      left.add(prev);
      if (left.has(d)) {
        out[i]!.push({ code: 'DM009', severity: 'warning', message: `${b.name} returns to ${deviceLabel(d)} after the forward path left it: every switch copies activations between devices.` });
      }
    }
    prev = d;
  });

  // Tied weights apart: the tied key's device differs from its source's.
  // The block holding a tensor: the longest block name that prefixes it (a root block `""` only as the last resort).
  const deviceOfModule = (tensor: string): { index: number; device: Device | undefined } | undefined => {
    let best = -1;
    blocks.forEach((b, i) => {
      const holds = b.name === '' || tensor === b.name || tensor.startsWith(`${b.name}.`);
      if (holds && (best < 0 || b.name.length > blocks[best]!.name.length)) best = i;
    });
    return best < 0 ? undefined : { index: best, device: blocks[best]!.devices[0]?.device };
  };
  for (const [tiedKey, source] of Object.entries(tree.tiedWeights)) {
    const a = deviceOfModule(tiedKey);
    const b = deviceOfModule(source);
    if (!a || !b || a.index === b.index || a.device === undefined || b.device === undefined || a.device === b.device) continue;
    const w: PanelWarning = { code: 'DM005', severity: 'error', message: `${tiedKey} is tied to ${source} but they sit on ${deviceLabel(a.device)} and ${deviceLabel(b.device)}.` };
    out[a.index]!.push(w);
    out[b.index]!.push(w);
  }

  const cols = columns.map((c) =>
    c.capacity !== undefined && c.memory.total > c.capacity
      ? [{ code: 'DM011', severity: 'error' as const, message: `${c.label} needs ${gib(c.memory.total)} but has ${gib(c.capacity)}: ${gib(c.memory.total - c.capacity)} over capacity.` }]
      : [],
  );
  return { blocks: out, columns: cols };
}
