/**
 * The JSON files of a setup.
 *
 * `device_map.json`: the bare map, valid under schemas/device-map.schema.json (module name ->
 * GPU index) and named `*device_map*.json`, so `device-map check` and the editor read the
 * whole file as the map, `json.load` and ms-swift's `--device_map <file>` take it as is.
 *
 * A bare map cannot say that its weights are 4-bit, nor that the run trains, and the check
 * would then size it in the load dtype for a forward pass. Where that matters — QLoRA, and
 * each process's map of a hybrid run (which the script loads) — the map is written inside a
 * small run description instead (`setup.json`, `setup_rank<r>.json`): the model, dtype,
 * `quantization_config`, the LoRA rank and targets, and `device_map`, the keys the JSON
 * reader takes from a map's neighbours. Its `device_map` is the same schema-valid map.
 * A data-parallel run loads `{"": local_rank}`, a different card per process: no map file.
 */
import type { Device } from '../../base/devices';
import type { SetupFile } from '../types';
import type { SetupPlanCore } from './context';

export const RANK_SETUP_PREFIX = 'setup_rank';
const JSON_DTYPE = { bf16: 'bfloat16', fp16: 'float16', fp32: 'float32' } as const;

/** Whether the maps are written inside a run description rather than bare. */
export function describedMaps(p: SetupPlanCore): boolean {
  return p.request.task === 'qlora' || p.request.processes > 1;
}

function described(p: SetupPlanCore, map: ReadonlyMap<string, Device>, extra: Record<string, unknown> = {}): string {
  const r = p.request;
  const lora = r.task === 'lora' || r.task === 'qlora';
  const body = {
    model_name_or_path: r.model.id,
    torch_dtype: JSON_DTYPE[r.dtype],
    ...(r.task === 'qlora'
      ? { quantization_config: { load_in_4bit: true, bnb_4bit_quant_type: 'nf4', bnb_4bit_compute_dtype: JSON_DTYPE[r.dtype] } }
      : {}),
    ...(lora ? { lora: { r: r.loraRank, lora_alpha: 2 * r.loraRank, target_modules: p.loraTargets } } : {}),
    ...(r.task !== 'inference' ? { per_device_train_batch_size: r.batch } : {}),
    ...extra,
    device_map: Object.fromEntries(map),
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}

export function jsonFiles(p: SetupPlanCore): SetupFile[] {
  const r = p.request;
  if (r.processes > 1 && r.layout === 'data-parallel') return [];
  if (r.processes > 1)
    return p.ranks.map((k) => ({
      relativePath: `${RANK_SETUP_PREFIX}${k.rank}.json`,
      languageId: 'json',
      content: described(p, k.deviceMap, { process: k.rank, cards: k.cards }),
    }));
  if (describedMaps(p)) return [{ relativePath: 'setup.json', languageId: 'json', content: described(p, p.map) }];
  return [{ relativePath: 'device_map.json', languageId: 'json', content: `${JSON.stringify(Object.fromEntries(p.map), null, 2)}\n` }];
}
