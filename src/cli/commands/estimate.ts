/** `device-map estimate`: memory per card beyond weights (KV cache, activations, LoRA state, CUDA context). */
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEFAULT_ESTIMATE_SETTINGS, type Device, deviceLabel, estimateMemory, type EstimateMode, type HFConfig, loadDType, sortDevices } from '../../core/index';
import { intFlag, parseArgs, UsageError } from '../args';
import { dtypeFlag, MODEL_FLAGS, quantizationFlag } from '../commonFlags';
import { EXIT_OK, type CliIO, type Command } from '../io';
import { loadModel, parseJsonText, readJsonFile, transformersFlag } from '../loadModel';
import { gib, renderTable } from '../table';
import { GPUS_FLAG_HELP, setupFromGpusFlag } from '../gpusFlag';
import type { MachineSetup } from '../../core/index';

export const USAGE =
  `device-map estimate --model <dir|config.json|hub-id> [--loader AutoModel|<ClassName>] --map <json|@file> --mode load|forward|generate|train-lora [--batch N] [--seq N] [--new-tokens N] [--lora-r N] [--lora-targets q_proj,v_proj] [--gradient-checkpointing] [--dtype bf16|fp16|fp32] [--quantization 4bit|8bit] [${GPUS_FLAG_HELP}] [--json]`;

const MODES = ['load', 'forward', 'generate', 'train-lora'] as const;

/** `--map`: a JSON object (inline or `@file`) of module -> device; `"cuda:1"` and `"1"` read as GPU 1. */
export function parseMapFlag(raw: string | undefined, io: CliIO): Map<string, Device> {
  if (!raw) throw new UsageError('--map is required (a JSON device_map, or @file.json)');
  const value = raw.startsWith('@') ? readJsonFile(resolve(io.cwd, raw.slice(1))) : parseJsonText(raw, '--map');
  const obj = value && typeof value === 'object' && !Array.isArray(value) && 'device_map' in value ? (value as { device_map: unknown }).device_map : value;
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) throw new UsageError('--map must be a JSON object of module name -> device');
  const map = new Map<string, Device>();
  for (const [k, v] of Object.entries(obj as Record<string, unknown>)) {
    if (typeof v === 'number' && Number.isInteger(v) && v >= 0) map.set(k, v);
    else if (typeof v === 'string' && /^(cuda:)?\d+$/.test(v)) map.set(k, Number(v.replace('cuda:', '')));
    else if (v === 'cpu' || v === 'disk' || v === 'mps') map.set(k, v);
    else throw new UsageError(`--map: "${k}" has device ${JSON.stringify(v)}; use a GPU index, "cuda:N", "cpu" or "disk"`);
  }
  return map;
}

/** The config next to the model, when `--model` is a local folder or file: it names windows and fused heads. */
function localConfig(spec: string | undefined, io: CliIO): HFConfig | undefined {
  if (!spec) return undefined;
  const p = resolve(io.cwd, spec);
  if (!existsSync(p)) return undefined;
  const file = statSync(p).isDirectory() ? join(p, 'config.json') : p;
  if (!existsSync(file) || !file.endsWith('.json')) return undefined;
  const v = readJsonFile(file);
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as HFConfig) : undefined;
}

function modeFrom(args: ReturnType<typeof parseArgs>): EstimateMode {
  const kind = args.values.get('mode') ?? 'load';
  if (!(MODES as readonly string[]).includes(kind)) throw new UsageError(`--mode must be one of ${MODES.join(', ')} (got "${kind}")`);
  const batch = intFlag(args, 'batch', 1);
  const seq = intFlag(args, 'seq', 512);
  if (kind === 'load') return { kind: 'load' };
  if (kind === 'forward') return { kind: 'forward', batch, seq };
  // Default new tokens: the editor's setting default, so `estimate` and the editor agree out of the box.
  if (kind === 'generate') return { kind: 'generate', batch, prompt: seq, newTokens: intFlag(args, 'new-tokens', DEFAULT_ESTIMATE_SETTINGS.newTokens) };
  const targets = (args.values.get('lora-targets') ?? 'q_proj,v_proj').split(',').map((s) => s.trim()).filter(Boolean);
  if (targets.length === 0) throw new UsageError('--lora-targets needs at least one module name');
  return { kind: 'train-lora', batch, seq, rank: intFlag(args, 'lora-r', 8), targets, gradientCheckpointing: args.booleans.has('gradient-checkpointing') };
}

export const estimate: Command = async (argv, io) => {
  const args = parseArgs(argv, {
    values: [...MODEL_FLAGS, 'gpus', 'map', 'mode', 'batch', 'seq', 'new-tokens', 'lora-r', 'lora-targets'],
    booleans: ['json', 'gradient-checkpointing'],
  });
  const mode = modeFrom(args);
  const tree = await loadModel(args.values.get('model'), io, transformersFlag(args.values.get('transformers')), args.values.get('loader'));
  const map = parseMapFlag(args.values.get('map'), io);
  const dtype = dtypeFlag(args.values.get('dtype'));
  const quantization = quantizationFlag(args.values.get('quantization'));
  const config = localConfig(args.values.get('model'), io);
  const est = estimateMemory(tree, map, mode, { ...(dtype ? { dtype } : {}), ...(quantization ? { quantization } : {}), ...(config ? { config } : {}) });
  const devices = sortDevices(est.devices.keys());
  const setup = args.values.has('gpus') ? await setupFromGpusFlag(args.values.get('gpus'), io) : undefined;
  const cards = setup ? capacities(setup, devices, (d) => est.devices.get(d)!.total) : undefined;
  if (args.booleans.has('json')) {
    const out: Record<string, unknown> = {};
    for (const d of devices) out[String(d)] = est.devices.get(d);
    io.out(JSON.stringify({ devices: out, ...(cards ? { gpus: cards } : {}) }, null, 2));
    return EXIT_OK;
  }
  const cols = ['weights', 'kv_cache', 'activations', 'training', 'context', 'total'] as const;
  const rows = devices.map((d) => [deviceLabel(d), ...cols.map((c) => gib(est.devices.get(d)![c]))]);
  io.out(`${tree.className}, ${loadDType(tree, dtype)}${quantization ? `, ${quantization.method}` : ''}, mode ${mode.kind} (GiB, peak over the step)`);
  io.out(renderTable(['device', ...cols], rows));
  for (const c of cards ?? []) io.out(`cuda:${c.device}: ${gib(c.total)} of ${gib(c.capacity)} GiB on the ${c.name}${c.source ? ` (${c.source})` : ''}${c.fits ? '' : ' — does not fit'}`);
  return EXIT_OK;
};

/** Each GPU of the map against the card `--gpus` gives it (the same comparison DM011 makes). */
function capacities(setup: MachineSetup, devices: readonly Device[], total: (d: Device) => number) {
  return devices.flatMap((d) => {
    const gpu = typeof d === 'number' ? setup.gpus[d] : undefined;
    if (!gpu || typeof d !== 'number') return [];
    return [{ device: d, name: gpu.name, total: total(d), capacity: gpu.memory, fits: total(d) <= gpu.memory, ...(setup.gpuSource ? { source: setup.gpuSource } : {}) }];
  });
}
