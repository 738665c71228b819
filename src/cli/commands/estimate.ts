/** `device-map estimate`: memory per card beyond weights (KV cache, activations, LoRA state, CUDA context). */
import { cliSay, mustBe } from '../messages';
import { resolve } from 'node:path';
import {
  type AttentionKernel,
  DEFAULT_SETUP,
  type Device,
  deviceLabel,
  loadDType,
  mapEstimate,
  parseAttnImplementation,
  sortDevices,
} from '../../core/index';
import { parseArgs, UsageError } from '../args';
import { stepFrom, STEP_BOOLEAN_FLAGS, STEP_USAGE, STEP_VALUE_FLAGS } from '../stepFlags';
import { dtypeFlag, MODEL_FLAGS, quantizationFlag } from '../commonFlags';
import { EXIT_OK, type CliIO, type Command } from '../io';
import { loadModel, parseJsonText, readJsonFile, transformersFlag } from '../loadModel';
import { gib, renderTable } from '../table';
import { GPUS_FLAG_HELP, setupFromGpusFlag } from '../gpusFlag';
import type { MachineSetup } from '../../core/index';

export const USAGE = `device-map estimate --model <dir|config.json|hub-id> [--loader AutoModel|<ClassName>] --map <json|@file> ${STEP_USAGE} [--dtype bf16|fp16|fp32] [--quantization 4bit|8bit] [--attn-implementation sdpa|eager|flash_attention_2] [${GPUS_FLAG_HELP}] [--json]`;

/** `--map`: a JSON object (inline or `@file`) of module -> device; `"cuda:1"` and `"1"` read as GPU 1. */
export function parseMapFlag(raw: string | undefined, io: CliIO): Map<string, Device> {
  if (!raw) throw new UsageError(cliSay.text('mapRequired', {}));
  const value = raw.startsWith('@') ? readJsonFile(resolve(io.cwd, raw.slice(1))) : parseJsonText(raw, '--map');
  const obj =
    value && typeof value === 'object' && !Array.isArray(value) && 'device_map' in value
      ? (value as { device_map: unknown }).device_map
      : value;
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) throw new UsageError(cliSay.text('mapObject', {}));
  const map = new Map<string, Device>();
  for (const [k, v] of Object.entries(obj as Record<string, unknown>)) {
    if (typeof v === 'number' && Number.isInteger(v) && v >= 0) map.set(k, v);
    else if (typeof v === 'string' && /^(cuda:)?\d+$/.test(v)) map.set(k, Number(v.replace('cuda:', '')));
    else if (v === 'cpu' || v === 'disk' || v === 'mps') map.set(k, v);
    else throw new UsageError(cliSay.text('mapDevice', { key: k, value: JSON.stringify(v) }));
  }
  return map;
}

/** `--attn-implementation`: what the loader's `attn_implementation=` says; absent: the family's transformers 5.17 default. */
function attentionFlag(raw: string | undefined): AttentionKernel | undefined {
  if (raw === undefined) return undefined;
  const kernel = parseAttnImplementation(raw);
  if (kernel) return kernel;
  throw new UsageError(mustBe('--attn-implementation', ['sdpa', 'eager', 'flash_attention_2', 'flash_attention_3', 'flex_attention'], raw));
}

export const estimate: Command = async (argv, io) => {
  const args = parseArgs(argv, {
    values: [...MODEL_FLAGS, 'gpus', 'map', ...STEP_VALUE_FLAGS, 'attn-implementation'],
    booleans: ['json', ...STEP_BOOLEAN_FLAGS],
  });
  const mode = stepFrom(args, 'load')!;
  const tree = await loadModel(args.values.get('model'), io, transformersFlag(args.values.get('transformers')), args.values.get('loader'));
  const map = parseMapFlag(args.values.get('map'), io);
  const dtype = dtypeFlag(args.values.get('dtype'));
  const quantization = quantizationFlag(args.values.get('quantization'));
  const setup = args.values.has('gpus') ? await setupFromGpusFlag(args.values.get('gpus'), io) : undefined;
  // The editor's own entry (DM011, CodeLens, hover, status bar, panel): the tree carries its config.json.
  const attention = attentionFlag(args.values.get('attn-implementation'));
  const est = mapEstimate(tree, map, mode, setup ?? DEFAULT_SETUP, dtype, quantization, attention);
  const devices = sortDevices(est.devices.keys());
  const cards = setup ? capacities(setup, devices, (d) => est.devices.get(d)!.total) : undefined;
  if (args.booleans.has('json')) {
    const out: Record<string, unknown> = {};
    for (const d of devices) out[String(d)] = est.devices.get(d);
    io.out(
      JSON.stringify(
        { devices: out, ...(cards ? { gpus: cards } : {}), ...(est.unmeasured?.length ? { unmeasured: est.unmeasured } : {}) },
        null,
        2,
      ),
    );
    return EXIT_OK;
  }
  const cols = ['weights', 'kv_cache', 'activations', 'training', 'context', 'total'] as const;
  const rows = devices.map((d) => [deviceLabel(d), ...cols.map((c) => gib(est.devices.get(d)![c]))]);
  io.out(
    cliSay.text('estimateHeading', {
      model: tree.className,
      dtype: loadDType(tree, dtype),
      quantization: quantization ? `, ${quantization.method}` : '',
      mode: mode.kind,
    }),
  );
  io.out(renderTable([cliSay.text('columnDevice', {}), ...cols], rows));
  for (const c of cards ?? [])
    io.out(
      cliSay.text(c.fits ? 'cardFits' : 'cardOver', {
        device: c.device,
        total: gib(c.total),
        capacity: gib(c.capacity),
        gpu: c.name,
        source: c.source ? ` (${c.source})` : '',
      }),
    );
  for (const u of est.unmeasured ?? []) io.out(cliSay.text('unmeasured', { what: u }));
  return EXIT_OK;
};

/** Each GPU of the map against the card `--gpus` gives it (the same comparison DM011 makes). */
function capacities(setup: MachineSetup, devices: readonly Device[], total: (d: Device) => number) {
  return devices.flatMap((d) => {
    const gpu = typeof d === 'number' ? setup.gpus[d] : undefined;
    if (!gpu || typeof d !== 'number') return [];
    return [
      {
        device: d,
        name: gpu.name,
        total: total(d),
        capacity: gpu.memory,
        fits: total(d) <= gpu.memory,
        ...(setup.gpuSource ? { source: setup.gpuSource } : {}),
      },
    ];
  });
}
