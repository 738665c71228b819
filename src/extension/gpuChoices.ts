/**
 * The GPU choices "Set Up GPUs…" offers (a preset or another size, then a count),
 * shared with the New Setup flow so both ask the same question the same way.
 * No vscode import: the flow's unit tests read it too.
 */
import { GPU_PRESETS } from '../core/index';

export interface PresetChoice {
  readonly label: string;
  readonly description: string;
  /** The preset id; '' for "Other size…". */
  readonly id: string;
}

/** A function, not a constant: the presets live in the engine, which the desktop build loads on first use, not at activation. */
export function presetChoices(): readonly PresetChoice[] {
  return [
    ...GPU_PRESETS.map((p) => ({ label: p.name, description: p.id, id: p.id })),
    { label: 'Other size…', description: 'e.g. 24GiB', id: '' },
  ];
}

export function validateCardSize(v: string): string | undefined {
  return /^\d+(\.\d+)?\s*(GiB|GB|MiB|MB)$/i.test(v.trim()) ? undefined : 'A size such as 24GiB or 80GB';
}

export function validateCardCount(v: string): string | undefined {
  return /^[1-9]\d?$/.test(v.trim()) ? undefined : 'A number from 1 to 99';
}

/** `2xrtx4090`: the setting's and `--gpus`'s spelling of `count` cards of a preset id or size. */
export function cardSpec(count: string, idOrSize: string): string {
  return `${Number(count.trim())}x${idOrSize.trim()}`;
}
