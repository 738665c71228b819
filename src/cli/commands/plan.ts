/** `device-map plan`: the device_map transformers computes for a strategy and a max_memory. */
import { isStrategy, expandStrategy, STRATEGIES } from '../../core/placement/strategy';
import { bytesPerDevice, compactKeys, sortDevices } from '../../core/placement/deviceBytes';
import { deviceLabel, type Device } from '../../core/placement/devices';
import { parseArgs, UsageError } from '../args';
import { dtypeFlag, MODEL_FLAGS, quantizationFlag } from '../commonFlags';
import { EXIT_OK, type Command } from '../io';
import { loadModel, transformersFlag } from '../loadModel';
import { parseMaxMemorySpec } from '../maxMemorySpec';
import { gib, renderTable } from '../table';

export const USAGE =
  'device-map plan --model <dir|config.json|hub-id> --strategy auto|balanced|balanced_low_0|sequential --max-memory <spec> [--dtype bf16|fp16|fp32] [--quantization 4bit|8bit] [--json]';

export const plan: Command = async (argv, io) => {
  const args = parseArgs(argv, { values: [...MODEL_FLAGS, 'strategy', 'max-memory'], booleans: ['json'] });
  const strategy = args.values.get('strategy') ?? 'auto';
  if (!isStrategy(strategy)) throw new UsageError(`--strategy must be one of ${STRATEGIES.join(', ')} (got "${strategy}")`);
  const spec = args.values.get('max-memory');
  if (!spec) throw new UsageError('--max-memory is required (example: 0=24GiB,1=24GiB,cpu=200GiB)');
  const maxMemory = parseMaxMemorySpec(spec);
  const tree = await loadModel(args.values.get('model'), io, transformersFlag(args.values.get('transformers')));
  const dtype = dtypeFlag(args.values.get('dtype'), tree);
  const quantization = quantizationFlag(args.values.get('quantization'));
  const opts = { dtype, ...(quantization ? { quantization } : {}) };
  const { deviceMap } = expandStrategy(tree, strategy, maxMemory, opts);
  if (args.booleans.has('json')) {
    io.out(JSON.stringify({ device_map: Object.fromEntries(deviceMap) }, null, 2));
    return EXIT_OK;
  }
  const bytes = bytesPerDevice(tree, deviceMap, opts);
  const byDevice = new Map<Device, string[]>();
  for (const [k, d] of deviceMap) byDevice.set(d, [...(byDevice.get(d) ?? []), k]);
  const rows = sortDevices(byDevice.keys()).map((d) => [deviceLabel(d), gib(bytes.get(d) ?? 0), compactKeys(byDevice.get(d)!).join(', ')]);
  io.out(`${tree.className}, ${dtype}${quantization ? `, ${quantization.method}` : ''}, device_map="${strategy}"`);
  io.out(renderTable(['device', 'GiB', 'modules'], rows));
  return EXIT_OK;
};
