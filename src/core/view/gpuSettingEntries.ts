/**
 * The panel's GPU list written back as `deviceMapStudio.gpus` entries. Cards the
 * user did not touch keep the entry they were written with ("2x24GiB",
 * "a100-80", `{name, memoryGiB}`); a changed or new card gets the plainest entry
 * that reads back as exactly that card. Pure (no vscode), so it is unit tested.
 */
import { parseGpuSetting } from '../gpuSpecs';
import { GB, GIB, GPU_PRESETS } from '../settings';
import type { PanelGpu } from './snapshot';

export type GpuSettingEntry = string | { name: string; memoryGiB: number };

const sameCard = (a: PanelGpu, b: PanelGpu): boolean => a.name === b.name && a.memory === b.memory;

function readsBackAs(entry: GpuSettingEntry, card: PanelGpu): boolean {
  const r = parseGpuSetting([entry]);
  return r.errors.length === 0 && r.gpus.length === 1 && sameCard(r.gpus[0]!, card);
}

/** The shortest decimal (up to 6 places) of `value` for which `ok` holds. */
function shortest(value: number, ok: (n: number) => boolean): number | undefined {
  for (let places = 0; places <= 6; places++) {
    const n = +value.toFixed(places);
    if (n > 0 && ok(n)) return n;
  }
  return undefined;
}

/** One card as a setting entry: its preset id, a size such as "24GiB" for an unnamed card, else `{name, memoryGiB}`. */
export function gpuSettingEntry(card: PanelGpu): GpuSettingEntry {
  const preset = GPU_PRESETS.find((p) => p.name === card.name && p.memory === card.memory);
  if (preset) return preset.id;
  if (card.name === 'GPU') {
    for (const [unit, size] of [
      ['GiB', GIB],
      ['GB', GB],
    ] as const) {
      const n = shortest(card.memory / size, (x) => readsBackAs(`${x}${unit}`, card));
      if (n !== undefined) return `${n}${unit}`;
    }
  }
  const gib = shortest(card.memory / GIB, (x) => Math.round(x * GIB) === card.memory) ?? card.memory / GIB;
  return { name: card.name, memoryGiB: gib };
}

/**
 * The setting for `cards`, reusing the entries of `previous` (the setting as it
 * was) wherever one still describes the next card(s) in order, so an edit to one
 * card leaves the others' spelling alone.
 */
export function gpuSettingEntries(cards: readonly PanelGpu[], previous: unknown): GpuSettingEntry[] {
  const old = Array.isArray(previous) ? previous : [];
  const expansions = old.map((e) => parseGpuSetting([e]));
  const out: GpuSettingEntry[] = [];
  let j = 0;
  for (let i = 0; i < cards.length;) {
    const k = expansions.findIndex(
      (x, at) =>
        at >= j &&
        x.errors.length === 0 &&
        x.gpus.length > 0 &&
        x.gpus.every((g, n) => cards[i + n] !== undefined && sameCard(g, cards[i + n]!)),
    );
    if (k >= 0) {
      out.push(old[k] as GpuSettingEntry);
      i += expansions[k]!.gpus.length;
      j = k + 1;
    } else {
      out.push(gpuSettingEntry(cards[i]!));
      i++;
    }
  }
  return out;
}
