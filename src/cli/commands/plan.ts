import { cliSay } from '../messages';
import {
  bytesPerDevice,
  compactKeys,
  DEFAULT_SETUP,
  type Device,
  deviceLabel,
  type DeviceMap,
  type EstimateMode,
  expandStrategy,
  getMaxMemory,
  isStrategy,
  type ModelTree,
  planWithPolicy,
  type SizeOptions,
  sortDevices,
  STRATEGIES,
} from '../../core/index';
import { parseArgs, UsageError } from '../args';
import { dtypeFlag, dtypeLabel, MODEL_FLAGS, quantizationFlag } from '../commonFlags';
import { EXIT_OK, type CliIO, type Command } from '../io';
import { loadModel, transformersFlag } from '../loadModel';
import { parseMaxMemorySpec } from '../maxMemorySpec';
import { GPUS_FLAG_HELP, setupFromGpusFlag } from '../gpusFlag';
import { gib, renderTable } from '../table';
import { stepFrom, STEP_BOOLEAN_FLAGS, STEP_USAGE, STEP_VALUE_FLAGS } from '../stepFlags';
import { parseMapFlag } from './estimate';

export const USAGE = `device-map plan --model <dir|config.json|hub-id> [--loader AutoModel|<ClassName>] --strategy auto|balanced|balanced_low_0|sequential|studio (--max-memory <spec> | ${GPUS_FLAG_HELP}) [--dtype bf16|fp16|fp32] [--quantization 4bit|8bit] [--json]
    studio only: [${STEP_USAGE}] [--map <json|@file>: the current map, moved as little as possible]
    Without --mode the studio planner fits weights only; with it, every card keeps free what the step needs besides
    weights (KV cache, activations, LoRA state, CUDA context, as \`device-map estimate\` counts them) and card 0 the
    training reserve for train-lora and train-full — the same plan as the editor's rebalance fix and the panel's planned preview.`;

/** Our planner's name on the command line (the four others are transformers' own). */
export const STUDIO = 'studio';

export const plan: Command = async (argv, io) => {
  const args = parseArgs(argv, {
    values: [...MODEL_FLAGS, 'strategy', 'max-memory', 'gpus', 'map', ...STEP_VALUE_FLAGS],
    booleans: ['json', ...STEP_BOOLEAN_FLAGS],
  });
  const strategy = args.values.get('strategy') ?? 'auto';
  if (!isStrategy(strategy) && strategy !== STUDIO)
    throw new UsageError(cliSay.text('mustBeOneOf', { flag: '--strategy', choices: [...STRATEGIES, STUDIO].join(', '), value: strategy }));
  const step = stepFrom(args, undefined);
  if (strategy !== STUDIO && (step || args.values.has('map'))) throw new UsageError(cliSay.text('studioOnly', {}));
  const maxMemory = await budgets(args.values.get('max-memory'), args.values.get('gpus'), io);
  const current = args.values.has('map') ? parseMapFlag(args.values.get('map'), io) : undefined;
  const tree = await loadModel(args.values.get('model'), io, transformersFlag(args.values.get('transformers')), args.values.get('loader'));
  const dtype = dtypeFlag(args.values.get('dtype'));
  const quantization = quantizationFlag(args.values.get('quantization'));
  const opts = { ...(dtype ? { dtype } : {}), ...(quantization ? { quantization } : {}) };
  const { deviceMap, note } =
    strategy === STUDIO
      ? studioPlan(tree, maxMemory, opts, step, current)
      : { ...expandStrategy(tree, strategy, maxMemory, opts), note: '' };
  if (args.booleans.has('json')) {
    io.out(JSON.stringify({ device_map: Object.fromEntries(deviceMap) }, null, 2));
    return EXIT_OK;
  }
  const bytes = bytesPerDevice(tree, deviceMap, opts);
  const byDevice = new Map<Device, string[]>();
  for (const [k, d] of deviceMap) byDevice.set(d, [...(byDevice.get(d) ?? []), k]);
  const rows = sortDevices(byDevice.keys()).map((d) => [deviceLabel(d), gib(bytes.get(d) ?? 0), compactKeys(byDevice.get(d)!).join(', ')]);
  const how = strategy === STUDIO ? cliSay.text('studioPlanner', {}) : `device_map="${strategy}"`;
  io.out(`${tree.className}, ${dtypeLabel(dtype, tree)}${quantization ? `, ${quantization.method}` : ''}, ${how}`);
  io.out(renderTable([cliSay.text('columnDevice', {}), 'GiB', cliSay.text('columnModules', {})], rows));
  if (note) io.out(note);
  return EXIT_OK;
};

/** `--max-memory` as given; else one budget per card of `--gpus` (e.g. `detect`), each its full capacity. */
async function budgets(spec: string | undefined, gpus: string | undefined, io: CliIO): Promise<Map<Device, number | string>> {
  if (spec) return parseMaxMemorySpec(spec);
  if (gpus === undefined) throw new UsageError(cliSay.text('budgetsRequired', {}));
  const setup = await setupFromGpusFlag(gpus, io);
  if (setup.gpus.length === 0) throw new UsageError(cliSay.text('noGpuToPlan', {}));
  return new Map<Device, number | string>(setup.gpus.map((g, i) => [i, g.memory]));
}

/** Our planner against the same budgets, with a word on what transformers' balanced would do instead. */
function studioPlan(
  tree: ModelTree,
  maxMemory: Map<Device, number | string>,
  opts: SizeOptions,
  step: EstimateMode | undefined,
  current: ReadonlyMap<string, Device> | undefined,
): { deviceMap: DeviceMap; note: string } {
  const budgets = getMaxMemory(maxMemory);
  const gpus = [...budgets].filter(([d]) => typeof d === 'number').sort(([a], [b]) => (a as number) - (b as number));
  if (gpus.some(([d], i) => d !== i)) throw new UsageError(cliSay.text('studioIds', {}));
  // The editor's planner policy (plannerPolicy), on the default CUDA context and training reserve.
  const setup = { ...DEFAULT_SETUP, gpus: gpus.map(([d, m]) => ({ name: `cuda:${String(d)}`, memory: m })) };
  const plan = planWithPolicy({
    tree,
    setup,
    sizes: opts,
    trains: false,
    ...(step ? { mode: step } : {}),
    ...(current ? { current } : {}),
    ...(budgets.has('cpu') ? { cpu: budgets.get('cpu')! } : {}),
    disk: budgets.has('disk'),
  });
  if (!plan.fits) throw new UsageError(cliSay.text('doesNotFit', {}));
  const theirs = expandStrategy(tree, 'balanced', maxMemory, opts).deviceMap;
  const offloadedByThem = [...theirs.values()].filter((d) => typeof d !== 'number').length;
  const note =
    plan.offloaded.length === 0 && offloadedByThem > 0
      ? cliSay.text('fitsUnlikeBalanced', {
          count: offloadedByThem,
          devices: [...new Set([...theirs.values()].filter((d) => typeof d !== 'number'))].join('/'),
        })
      : plan.offloaded.length > 0
        ? cliSay.text('offloaded', { modules: compactKeys(plan.offloaded).join(', ') })
        : '';
  return { deviceMap: plan.deviceMap, note };
}
