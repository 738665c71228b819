/**
 * DM007: a GPU index past the cards the process sees; CUDA raises "invalid device ordinal" while loading
 * (a max_memory key first draws accelerate's "Device N is not available" warning). One finding per index.
 */
import type { Finding } from '../api';
import type { DeviceValue } from '../../text/types';
import { defineRule } from './unit';

export const dm007 = defineRule({
  code: 'DM007',
  severity: 'error',
  title: 'device index beyond the GPUs configured for the workspace (or `CUDA_VISIBLE_DEVICES`)',
  messages: {
    beyondVisible:
      '{raw} names cuda:{device}, beyond the GPUs CUDA_VISIBLE_DEVICES leaves visible ({range}). Loading fails with "CUDA error: invalid device ordinal".',
    beyondConfigured:
      '{raw} names cuda:{device}, beyond the GPUs configured for this workspace ({range}). Loading fails with "CUDA error: invalid device ordinal".',
    again: 'cuda:{device} again',
    budgetBeyond:
      'max_memory gives {raw} a budget, but only {range} exist. accelerate only warns "Device {device} is not available, available devices are {available}", ' +
      'places layers there, and loading fails with "CUDA error: invalid device ordinal".',
  },
  docs: {
    catches:
      'A GPU index at or past the number of cards the process sees: the GPUs configured for the workspace (`deviceMapStudio.gpus`, `--gpus` in the CLI), ' +
      'or fewer when the file sets `CUDA_VISIBLE_DEVICES`. A GPU index used as a `max_memory` key counts too: `infer_auto_device_map` ' +
      'places layers on every device that has a budget, so `max_memory={0: "80GiB", 1: "80GiB"}` on a one-card machine sends layers to a card that does not exist. ' +
      'Silent when no GPUs are configured.',
    why:
      'Fails **at load** with `CUDA error: invalid device ordinal` (torch raises it as `torch.AcceleratorError`, a `RuntimeError`, in recent ' +
      'versions; `RuntimeError: CUDA error: invalid device ordinal` before). A map value past the cards fails when transformers 5.17 first ' +
      'touches that card (`caching_allocator_warmup` asks `torch.cuda.mem_get_info` for it) or copies a weight there. A `max_memory` key past ' +
      'the cards is not refused: accelerate 1.15 `get_max_memory` only logs the warning ' +
      '`Device {device} is not available, available devices are {list(range(num_devices))}`, keeps the key, `infer_auto_device_map` places ' +
      'layers on it, and the load then fails the same way.',
    example: {
      language: 'python',
      code: '# two GPUs configured\ndevice_map = {"model.embed_tokens": 0, "model.layers": 1, "model.norm": 2, "lm_head": 2}',
    },
    fix: 'Use only the cards that exist (cuda:0 to cuda:N-1), or configure the GPUs the code really runs on.',
  },
  check(ctx, say) {
    const n = ctx.gpuCount;
    if (n === undefined) return [];
    const values: DeviceValue[] = ctx.map.entries.map((e) => e.value);
    if (ctx.map.value) values.push(ctx.map.value);
    // One finding per missing card: every value naming it is the same mistake.
    const byDevice = new Map<number, DeviceValue[]>();
    for (const v of values)
      if (typeof v.device === 'number' && v.device >= n) byDevice.set(v.device, [...(byDevice.get(v.device) ?? []), v]);
    const range = n > 1 ? `cuda:0-${n - 1}` : 'cuda:0';
    const out: Finding[] = [];
    for (const [device, vs] of byDevice) {
      const first = vs[0]!;
      const extras = {
        related: vs.slice(1).map((v) => ({ span: v.span, message: say.text('again', { device }) })),
        data: { device, gpus: n },
      };
      const values = { raw: first.raw, device, range };
      out.push(
        ctx.map.visibleDevices !== undefined
          ? say.finding(first.span, 'beyondVisible', values, extras)
          : say.finding(first.span, 'beyondConfigured', values, extras),
      );
    }
    // A strategy map places layers on every GPU max_memory budgets (accelerate's get_max_memory keeps the keys as given).
    if (ctx.map.kind === 'strategy' && ctx.map.maxMemory) {
      for (const e of ctx.map.maxMemory.entries) {
        if (typeof e.key !== 'number' || e.key < n || byDevice.has(e.key)) continue;
        byDevice.set(e.key, []);
        // Python's list(range(n)), as accelerate's warning prints it.
        const available = `[${Array.from({ length: n }, (_, i) => i).join(', ')}]`;
        out.push(
          say.finding(e.keySpan, 'budgetBeyond', { raw: e.keyRaw, range, device: e.key, available }, { data: { device: e.key, gpus: n } }),
        );
      }
    }
    return out;
  },
});
