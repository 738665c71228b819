/** `device-map init`'s flags -> the core's SetupRequest options (the model and the cards are read by the command). */
import {
  convertFileSizeToInt,
  SETUP_FORMATS,
  SETUP_LAYOUTS,
  SETUP_STRATEGIES,
  SETUP_TASKS,
  type SetupDType,
  type SetupFormat,
  type SetupLayout,
  type SetupRequest,
  type SetupStrategy,
  type SetupTask,
} from '../core/index';
import { intFlag, UsageError, type ParsedArgs } from './args';
import { dtypeFlag } from './commonFlags';

function oneOf<T extends string>(args: ParsedArgs, name: string, allowed: readonly T[], fallback: T | undefined): T | undefined {
  const raw = args.values.get(name);
  if (raw === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(raw)) throw new UsageError(`--${name} must be one of ${allowed.join(', ')} (got "${raw}")`);
  return raw as T;
}

/** `--format python,swift` (comma separated); default python. */
function formatsFlag(raw: string | undefined): SetupFormat[] {
  if (raw === undefined) return ['python'];
  const out = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = out.find((f) => !(SETUP_FORMATS as readonly string[]).includes(f));
  if (bad !== undefined || out.length === 0)
    throw new UsageError(`--format must be one or more of ${SETUP_FORMATS.join(', ')} (got "${raw}")`);
  return out as SetupFormat[];
}

export type SetupOptions = Omit<SetupRequest, 'model' | 'cards'>;

export function setupOptionsFrom(args: ParsedArgs): SetupOptions {
  const task = oneOf<SetupTask>(args, 'task', SETUP_TASKS, undefined);
  if (!task) throw new UsageError(`--task is required: ${SETUP_TASKS.join(', ')}`);
  const dtype = dtypeFlag(args.values.get('dtype')) as SetupDType | undefined;
  const cpuOffload = args.values.get('cpu-offload');
  if (cpuOffload !== undefined && task !== 'inference')
    throw new UsageError('--cpu-offload is for --task inference only (training cannot offload)');
  let cpu: number | undefined;
  if (cpuOffload !== undefined) {
    try {
      cpu = convertFileSizeToInt(cpuOffload);
    } catch {
      throw new UsageError(`--cpu-offload must be a size such as 64GiB (got "${cpuOffload}")`);
    }
  }
  return {
    task,
    strategy: oneOf<SetupStrategy>(args, 'strategy', SETUP_STRATEGIES, 'studio')!,
    processes: intFlag(args, 'processes', 1),
    layout: oneOf<SetupLayout>(args, 'layout', SETUP_LAYOUTS, 'data-parallel')!,
    formats: formatsFlag(args.values.get('format')),
    ...(dtype ? { dtype } : {}),
    // Absent: the core's defaults (the editor's estimate settings, peft's rank).
    ...(args.values.has('batch') ? { batch: intFlag(args, 'batch', 1) } : {}),
    ...(args.values.has('seq') ? { seq: intFlag(args, 'seq', 1) } : {}),
    ...(args.values.has('lora-r') ? { loraRank: intFlag(args, 'lora-r', 1) } : {}),
    gradientCheckpointing: args.booleans.has('gradient-checkpointing'),
    ...(cpu !== undefined ? { cpuOffload: cpu } : {}),
  };
}
