/**
 * AMD: `rocm-smi --showproductname --showmeminfo vram --json` and
 * `amd-smi static --asic --vram --json`.
 *
 * rocm-smi prints one object per card, keyed `card0`, `card1`…, with string values;
 * the VRAM keys are `VRAM Total Memory (B)` and `VRAM Total Used Memory (B)` (bytes)
 * and the product key `Card series` (ROCm/rocm_smi_lib, python_smi_tools/rocm_smi.py,
 * `showMemInfo` / `showProductName`; the same labels as its text output
 * `GPU[0] : VRAM Total Memory (B): 34342961152`).
 * amd-smi prints a list of `{gpu, asic: {market_name}, vram: {size: {value, unit}}}`
 * (ROCm/amdsmi docs/how-to/amdsmi-cli-tool.md; values carry a unit, MB here meaning MiB).
 */
import { MIB, type HostGpu } from './types';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const int = (v: unknown): number | null =>
  typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v.trim()) : null;

function json(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** rocm-smi's JSON → cards in card order (index = the N of `cardN`), or undefined when it is not that JSON. */
export function parseRocmSmi(text: string): HostGpu[] | undefined {
  const v = json(text);
  if (!isObj(v)) return undefined;
  const out: HostGpu[] = [];
  for (const [key, card] of Object.entries(v)) {
    const m = /^card(\d+)$/.exec(key);
    if (!m || !isObj(card)) continue;
    const total = int(card['VRAM Total Memory (B)']);
    if (total === null) continue;
    const used = int(card['VRAM Total Used Memory (B)']);
    const name = [card['Card series'], card['Card SKU'], card['Card model']].find((s) => typeof s === 'string' && s.trim()) as
      string | undefined;
    out.push({
      index: Number(m[1]),
      name: name?.trim() ?? 'AMD GPU',
      memory_total: total,
      memory_used: used,
      memory_free: used === null ? null : total - used,
      uuid: typeof card['Unique ID'] === 'string' ? (card['Unique ID'] as string) : null,
    });
  }
  return out.sort((a, b) => a.index - b.index);
}

const UNIT: Record<string, number> = { B: 1, KB: 1024, MB: MIB, GB: 2 ** 30 };

/** amd-smi's JSON → cards, or undefined when it is not that JSON. */
export function parseAmdSmi(text: string): HostGpu[] | undefined {
  const v = json(text);
  const list = Array.isArray(v) ? v : isObj(v) && Array.isArray(v['gpu_data']) ? (v['gpu_data'] as unknown[]) : undefined;
  if (!list) return undefined;
  const out: HostGpu[] = [];
  for (const item of list) {
    if (!isObj(item) || int(item['gpu']) === null) continue;
    const size = isObj(item['vram']) ? (item['vram'] as Obj)['size'] : undefined;
    const value = isObj(size) ? int(size['value']) : null;
    const unit = isObj(size) && typeof size['unit'] === 'string' ? UNIT[(size['unit'] as string).toUpperCase()] : undefined;
    if (value === null || unit === undefined) continue;
    const asic = isObj(item['asic']) ? (item['asic'] as Obj) : {};
    const name = typeof asic['market_name'] === 'string' ? (asic['market_name'] as string) : 'AMD GPU';
    out.push({
      index: int(item['gpu'])!,
      name,
      memory_total: value * unit,
      memory_used: null,
      memory_free: null,
      uuid: typeof asic['asic_serial'] === 'string' ? (asic['asic_serial'] as string) : null,
    });
  }
  return out.sort((a, b) => a.index - b.index);
}
