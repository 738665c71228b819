/**
 * The toolbar's GPU setup edits as pure functions over the card list. Each edit
 * changes only what the user touched and returns the whole list, so a mixed
 * machine (an A100 next to a 4090) is never flattened into identical cards.
 */
import { GIB, GPU_PRESETS } from '../core/index';
import type { PanelGpu } from '../protocol/snapshot';

/** The setting's own limit (`parseWebviewMessage` refuses more). */
export const MAX_CARDS = 64;
/** What a new card is when there is none to copy. */
export const DEFAULT_CARD: PanelGpu = { name: 'GPU', memory: 24 * GIB };

const presetById = (id: string) => GPU_PRESETS.find((p) => p.id === id);

/** The preset id a card is exactly (name and memory), or '' for a custom card. */
export function presetIdOf(card: PanelGpu): string {
  return GPU_PRESETS.find((p) => p.name === card.name && p.memory === card.memory)?.id ?? '';
}

/** True when every card is the same (name and memory): the compact "N × card" controls describe it exactly. */
export function isUniform(cards: readonly PanelGpu[]): boolean {
  const first = cards[0];
  return cards.every((c) => c.name === first?.name && c.memory === first?.memory);
}

/** Memory in GiB as the number inputs show it (two decimals at most). */
export function gibOf(card: PanelGpu): number {
  return +(card.memory / GIB).toFixed(2);
}

/** A user's own card name ("A6000") survives a memory edit; a preset's name ("RTX 4090 24 GB") would then lie, so it becomes 'GPU'. */
function nameAfterMemoryEdit(card: PanelGpu): string {
  return GPU_PRESETS.some((p) => p.name === card.name) ? 'GPU' : card.name;
}

function validGib(gib: number): boolean {
  return Number.isFinite(gib) && gib > 0 && gib <= 1024;
}

function replaceAt(cards: readonly PanelGpu[], index: number, card: PanelGpu): PanelGpu[] {
  return cards.map((c, i) => (i === index ? card : { ...c }));
}

/** Card `index` gets `gib` GiB; the list is unchanged (a copy) for a bad index or size, or when the value is what the card already shows. */
export function setCardMemory(cards: readonly PanelGpu[], index: number, gib: number): PanelGpu[] {
  const card = cards[index];
  if (!card || !validGib(gib) || gib === gibOf(card)) return cards.map((c) => ({ ...c }));
  return replaceAt(cards, index, { name: nameAfterMemoryEdit(card), memory: Math.round(gib * GIB) });
}

/** Card `index` becomes preset `id`; '' (custom) keeps its memory and drops a preset name. */
export function setCardPreset(cards: readonly PanelGpu[], index: number, id: string): PanelGpu[] {
  const card = cards[index];
  if (!card) return cards.map((c) => ({ ...c }));
  const preset = presetById(id);
  if (preset) return replaceAt(cards, index, { name: preset.name, memory: preset.memory });
  return replaceAt(cards, index, { name: nameAfterMemoryEdit(card), memory: card.memory });
}

/** One more card, a copy of the last (people usually add the same card again). */
export function addCard(cards: readonly PanelGpu[]): PanelGpu[] {
  const copy = cards.map((c) => ({ ...c }));
  if (copy.length >= MAX_CARDS) return copy;
  return [...copy, { ...(cards.at(-1) ?? DEFAULT_CARD) }];
}

/** Without card `index`; the last card stays (a panel with no GPU has nothing to draw). */
export function removeCard(cards: readonly PanelGpu[], index: number): PanelGpu[] {
  if (cards.length <= 1 || index < 0 || index >= cards.length) return cards.map((c) => ({ ...c }));
  return cards.filter((_, i) => i !== index).map((c) => ({ ...c }));
}

/** Compact controls: `count` cards like the first. Only offered when the setup is uniform. */
export function setUniformCount(cards: readonly PanelGpu[], count: number): PanelGpu[] {
  const n = Math.max(1, Math.min(MAX_CARDS, Math.round(count) || 1));
  const like = cards[0] ?? DEFAULT_CARD;
  return Array.from({ length: n }, (_, i) => ({ ...(cards[i] ?? like) }));
}

/** Compact controls: every card `gib` GiB. */
export function setUniformMemory(cards: readonly PanelGpu[], gib: number): PanelGpu[] {
  const list = cards.length ? cards : [DEFAULT_CARD];
  return list.reduce<PanelGpu[]>(
    (acc, _, i) => setCardMemory(acc, i, gib),
    list.map((c) => ({ ...c })),
  );
}

/** Compact controls: every card preset `id` ('' keeps memory, custom). */
export function setUniformPreset(cards: readonly PanelGpu[], id: string): PanelGpu[] {
  const list = cards.length ? cards : [DEFAULT_CARD];
  return list.reduce<PanelGpu[]>(
    (acc, _, i) => setCardPreset(acc, i, id),
    list.map((c) => ({ ...c })),
  );
}

/** True when two lists describe the same machine, card by card. */
export function sameCards(a: readonly PanelGpu[], b: readonly PanelGpu[]): boolean {
  return a.length === b.length && a.every((c, i) => c.name === b[i]!.name && c.memory === b[i]!.memory);
}

/** Short label for a card's row and ARIA names: "GPU 1 · A6000 48 GiB". */
export function cardLabel(card: PanelGpu, index: number): string {
  const name = card.name === 'GPU' ? '' : ` · ${card.name}`;
  return `GPU ${index}${name}${presetIdOf(card) ? '' : ` ${gibOf(card)} GiB`}`;
}
