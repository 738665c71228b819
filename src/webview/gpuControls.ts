/**
 * The toolbar's GPU setup. Identical cards get the compact "GPUs N · GiB each ·
 * Preset" controls; a mixed machine (or a user who asks for it) gets one row per
 * card with its own preset and memory, a remove button, and "+ Card". Only a
 * user's edit posts a setup, and it always carries the whole card list.
 *
 * The host redraws whenever anything changes (a document edit, a resolved model, the
 * save of an earlier GPU edit), so a snapshot can arrive while the user is typing or
 * before the host has saved the user's last edit. Neither may lose what the user did:
 * a number being typed is never overwritten (it is committed on change), and a
 * snapshot that still shows the setup from before an unsaved edit does not undo it.
 */
import { GPU_PRESETS } from '../core/index';
import type { PanelGpu } from '../protocol/snapshot';
import { field, numberInput, selectOf } from './controls';
import {
  MAX_CARDS,
  addCard,
  gibOf,
  isUniform,
  presetIdOf,
  removeCard,
  sameCards,
  setCardMemory,
  setCardPreset,
  setUniformCount,
  setUniformMemory,
  setUniformPreset,
} from './gpuCards';
import { t } from './text';

const PRESET_OPTIONS: ReadonlyArray<[string, string]> = GPU_PRESETS.map((p) => [p.id, p.name]);

interface CardRow {
  readonly el: HTMLElement;
  readonly index: HTMLElement;
  readonly preset: HTMLSelectElement;
  readonly mem: HTMLInputElement;
  readonly remove: HTMLButtonElement;
}

function button(text: string, id: string, label: string): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.id = id;
  b.className = 'secondary compact';
  b.textContent = text;
  b.title = label;
  b.setAttribute('aria-label', label);
  return b;
}

export class GpuControls {
  private cards: PanelGpu[] = [];
  /** Inputs the user has typed into since their last change event: a redraw leaves their text alone. */
  private readonly typing = new Set<HTMLInputElement>();
  /** Setups shown before an edit the host has not shown back yet; a snapshot with one of them is stale. */
  private superseded: PanelGpu[][] = [];
  /** Per-card rows shown; forced on while the cards differ, since the compact controls could not show them. */
  private perCard = false;
  private readonly compact: HTMLElement;
  private readonly count: HTMLInputElement;
  private readonly mem: HTMLInputElement;
  private readonly preset: HTMLSelectElement;
  private readonly listLabel: HTMLElement;
  private readonly list: HTMLElement;
  private readonly rows: CardRow[] = [];
  private readonly add: HTMLButtonElement;
  private readonly toggle: HTMLButtonElement;

  constructor(
    parent: HTMLElement,
    private readonly send: (gpus: PanelGpu[]) => void,
  ) {
    this.compact = document.createElement('span');
    this.compact.className = 'gpu-compact';
    parent.appendChild(this.compact);
    this.count = this.typed(field(this.compact, t('gpusField'), numberInput(1, MAX_CARDS, 1), 'tb-gpu-count'));
    this.mem = this.typed(field(this.compact, t('gibEachField'), numberInput(1, 1024, 1), 'tb-gpu-mem'));
    this.preset = field(this.compact, t('presetField'), selectOf([['', t('presetCustom')], ...PRESET_OPTIONS]), 'tb-gpu-preset');
    this.count.addEventListener('change', () => this.edit(setUniformCount(this.cards, Number(this.count.value))));
    this.mem.addEventListener('change', () => this.edit(setUniformMemory(this.cards, Number(this.mem.value))));
    this.preset.addEventListener('change', () => this.edit(setUniformPreset(this.cards, this.preset.value)));

    this.listLabel = document.createElement('span');
    this.listLabel.className = 'field';
    this.listLabel.textContent = t('gpusField');
    this.listLabel.setAttribute('aria-hidden', 'true');
    parent.appendChild(this.listLabel);
    this.list = document.createElement('div');
    this.list.className = 'gpu-cards';
    this.list.id = 'tb-gpu-cards';
    this.list.setAttribute('role', 'list');
    this.list.setAttribute('aria-label', t('gpuCardsLabel'));
    parent.appendChild(this.list);

    this.add = button(t('addCard'), 'tb-gpu-add', t('addCardTitle'));
    this.add.addEventListener('click', () => this.edit(addCard(this.cards)));
    this.toggle = button(t('perCard'), 'tb-gpu-per-card', t('perCardTitle'));
    this.toggle.addEventListener('click', () => {
      this.perCard = !this.perCard || !isUniform(this.cards);
      this.render();
    });
    parent.append(this.add, this.toggle);
    this.render();
  }

  /** Shows the setup the host computed with; never posts anything. */
  show(gpus: readonly PanelGpu[]): void {
    // Computed before the host saved the user's edit: keep showing the edit (the save's own redraw follows).
    if (this.superseded.some((old) => sameCards(old, gpus)) && !sameCards(gpus, this.cards)) return;
    this.superseded = [];
    this.cards = gpus.map((g) => ({ ...g }));
    if (!isUniform(this.cards)) this.perCard = true;
    this.render();
  }

  /** A user's edit: redraw at once (later edits build on it) and post the whole list, unless nothing changed. */
  private edit(next: PanelGpu[]): void {
    const changed = !sameCards(next, this.cards);
    if (changed) this.superseded.push(this.cards);
    this.cards = next;
    this.render();
    if (changed) this.send(next.map((g) => ({ ...g })));
  }

  private render(): void {
    const mixed = !isUniform(this.cards);
    const perCard = this.perCard || mixed;
    this.compact.hidden = perCard;
    this.list.hidden = !perCard;
    this.listLabel.hidden = !perCard;
    this.add.hidden = !perCard;
    this.add.disabled = this.cards.length >= MAX_CARDS;
    this.toggle.setAttribute('aria-pressed', String(perCard));
    // Back to the compact controls only when they can describe the cards exactly.
    this.toggle.hidden = mixed;
    this.toggle.title = perCard ? t('compactTitle') : t('perCardTitle');
    const first = this.cards[0];
    this.setValue(this.count, this.cards.length ? String(this.cards.length) : '');
    this.setValue(this.mem, first ? String(gibOf(first)) : '');
    this.preset.value = first ? presetIdOf(first) : '';
    if (perCard) this.renderRows();
  }

  private renderRows(): void {
    while (this.rows.length < this.cards.length) this.rows.push(this.newRow(this.rows.length));
    while (this.rows.length > this.cards.length) this.rows.pop()!.el.remove();
    this.cards.forEach((card, i) => {
      const row = this.rows[i]!;
      const custom = row.preset.options[0]!;
      custom.text = card.name === 'GPU' || presetIdOf(card) ? t('presetCustom') : card.name;
      row.preset.value = presetIdOf(card);
      this.setValue(row.mem, String(gibOf(card)));
      row.remove.disabled = this.cards.length <= 1;
      row.el.setAttribute('aria-label', t('gpuRowLabel', i, card.name === 'GPU' ? t('presetCustom') : card.name, gibOf(card)));
    });
  }

  /** Tracks typing in `input`; registered before its change handler, so the edit's redraw writes the committed value. */
  private typed(input: HTMLInputElement): HTMLInputElement {
    input.addEventListener('input', () => this.typing.add(input));
    input.addEventListener('change', () => this.typing.delete(input));
    return input;
  }

  /** A redraw's value, unless the user is typing there: a snapshot arriving mid-typing must not replace the text. */
  private setValue(input: HTMLInputElement, value: string): void {
    if (!this.typing.has(input)) input.value = value;
  }

  private newRow(i: number): CardRow {
    const el = document.createElement('div');
    el.className = 'gpu-card';
    el.setAttribute('role', 'listitem');
    const index = document.createElement('label');
    index.className = 'field gpu-index';
    index.textContent = String(i);
    index.htmlFor = `tb-gpu-${i}-preset`;
    const preset = selectOf([['', t('presetCustom')], ...PRESET_OPTIONS]);
    preset.id = `tb-gpu-${i}-preset`;
    preset.setAttribute('aria-label', t('gpuPresetLabel', i));
    const mem = this.typed(numberInput(1, 1024, 1));
    mem.id = `tb-gpu-${i}-mem`;
    mem.setAttribute('aria-label', t('gpuMemoryLabel', i));
    mem.title = 'GiB';
    const unit = document.createElement('span');
    unit.className = 'unit';
    unit.textContent = 'GiB';
    unit.setAttribute('aria-hidden', 'true');
    const remove = button('×', `tb-gpu-${i}-remove`, t('removeGpu', i));
    preset.addEventListener('change', () => this.edit(setCardPreset(this.cards, i, preset.value)));
    mem.addEventListener('change', () => this.edit(setCardMemory(this.cards, i, Number(mem.value))));
    remove.addEventListener('click', () => {
      this.edit(removeCard(this.cards, i));
      // The row under the pointer is gone or shifted: keep keyboard focus in the list.
      const next = this.rows[i]?.remove ?? this.rows.at(-1)?.remove;
      (next && !next.disabled ? next : this.add.hidden ? this.toggle : this.add).focus();
    });
    el.append(index, preset, mem, unit, remove);
    this.list.appendChild(el);
    return { el, index, preset, mem, remove };
  }
}
