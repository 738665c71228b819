/**
 * accelerate's config file (`accelerate config` writes it; `accelerate launch --config_file X` or the
 * default `$HF_HOME/accelerate/default_config.yaml` supplies what the command line leaves out).
 * accelerate 1.15 `commands/config/config_args.py` loads it with `yaml.safe_load` (a `.json` file with
 * `json.load`); the keys read here are those `accelerate launch` turns into the launch:
 * `num_processes`, `gpu_ids` ("all" or "0,1": becomes CUDA_VISIBLE_DEVICES), `distributed_type`
 * (`NO` runs one process), `num_machines`, `mixed_precision`. Never throws.
 */
import { parse } from 'yaml';

export interface AccelerateConfig {
  /** Processes per machine the launch starts (1 when `distributed_type` is `NO`). */
  readonly processes?: number;
  /** Cards `gpu_ids` leaves visible, when it lists them. */
  readonly visibleDevices?: number;
  readonly distributedType?: string;
  readonly machines?: number;
  readonly mixedPrecision?: string;
  /** Why the file could not be read, when it could not. */
  readonly problem?: string;
}

/** accelerate's own default file name under `$HF_HOME/accelerate/` (`HF_HOME` defaults to `$XDG_CACHE_HOME/huggingface`, `~/.cache/huggingface`). */
export const ACCELERATE_DEFAULT_CONFIG = 'default_config.yaml';

function whole(v: unknown): number | undefined {
  const n = typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : v;
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : undefined;
}

export function readAccelerateConfig(text: string): AccelerateConfig {
  let doc: unknown;
  try {
    doc = parse(text, { maxAliasCount: 100 });
  } catch (e) {
    return { problem: `not valid YAML: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}` };
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return { problem: 'not a mapping of accelerate settings' };
  const c = doc as Record<string, unknown>;
  const distributedType = typeof c['distributed_type'] === 'string' ? c['distributed_type'] : undefined;
  const written = whole(c['num_processes']);
  const machines = whole(c['num_machines']);
  // `num_processes` counts every machine's processes; each machine starts its share (accelerate's multi-GPU launch).
  const perMachine = written !== undefined && machines !== undefined && machines > 1 ? Math.floor(written / machines) : written;
  const processes = distributedType === 'NO' ? 1 : perMachine;
  const ids = c['gpu_ids'];
  const idList =
    typeof ids === 'number' ? [ids] : typeof ids === 'string' && ids.trim() !== 'all' ? ids.split(',').filter((s) => s.trim()) : undefined;
  const mixedPrecision = typeof c['mixed_precision'] === 'string' ? c['mixed_precision'] : undefined;
  return {
    ...(processes !== undefined ? { processes } : {}),
    ...(idList && idList.length > 0 ? { visibleDevices: idList.length } : {}),
    ...(distributedType !== undefined ? { distributedType } : {}),
    ...(machines !== undefined ? { machines } : {}),
    ...(mixedPrecision !== undefined ? { mixedPrecision } : {}),
  };
}
