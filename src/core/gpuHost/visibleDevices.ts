/**
 * Which cards a process sees, and under which index, given the
 * `*_VISIBLE_DEVICES` variable of its runtime:
 * - CUDA (`CUDA_VISIBLE_DEVICES`): a comma list of indices or UUIDs (`GPU-…`,
 *   also a unique prefix, with or without `GPU-`); the list is read up to the
 *   first entry that names no card, the rest ignored; an empty value hides every
 *   card; the k-th entry becomes `cuda:k`. MIG instances (`MIG-…`) are slices
 *   whose memory nvidia-smi's per-card query does not give: reported, not guessed.
 *   (CUDA C Programming Guide, "CUDA Environment Variables".)
 * - ROCm (`HIP_VISIBLE_DEVICES`, else `CUDA_VISIBLE_DEVICES`, which HIP also reads)
 *   and Ascend (`ASCEND_RT_VISIBLE_DEVICES`): comma lists of indices.
 */

export interface Visible<T> {
  /** The cards the process sees, in its own order. */
  readonly cards: readonly T[];
  /** Set when the variable changed what is seen, to say so (or why nothing is). */
  readonly note?: string;
}

export interface Identified {
  readonly index: number;
  readonly uuid?: string | null;
}

function findEntry<T extends Identified>(cards: readonly T[], entry: string, byUuid: boolean): T | undefined {
  if (/^\d+$/.test(entry)) return cards.find((c) => c.index === Number(entry));
  if (!byUuid) return undefined;
  const want = entry.toLowerCase().replace(/^gpu-/, '');
  const matches = cards.filter((c) => c.uuid && c.uuid.toLowerCase().replace(/^gpu-/, '').startsWith(want));
  return matches.length === 1 ? matches[0] : undefined;
}

/** Applies a visible-devices list; `variable` names it in the note. */
export function applyVisible<T extends Identified>(
  cards: readonly T[],
  value: string | undefined,
  variable: string,
  byUuid = false,
): Visible<T> {
  if (value === undefined) return { cards };
  const entries = value.split(',').map((s) => s.trim());
  if (value.trim() === '') return { cards: [], note: `${variable} is empty: the process sees no card` };
  if (entries.some((e) => /^mig-/i.test(e))) {
    return {
      cards: [],
      note: `${variable}=${value} names MIG instances, whose memory is a slice of the card nvidia-smi does not report per card; set deviceMapStudio.gpus by hand`,
    };
  }
  const seen: T[] = [];
  for (const entry of entries) {
    const card = findEntry(cards, entry, byUuid);
    // CUDA stops at the first entry that names no card (e.g. -1); the rest are ignored.
    if (!card || seen.includes(card)) break;
    seen.push(card);
  }
  const note =
    seen.length === 0 ? `${variable}=${value} names none of the ${cards.length} card(s): the process sees no card` : `${variable}=${value}`;
  return { cards: seen, note };
}
