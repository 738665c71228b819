/**
 * Normalises a user `max_memory`.
 * Mirrors accelerate 1.15 `utils.modeling.get_max_memory` (the branch where the
 * user passed a dict): strings become bytes, GPUs first in ascending order, then
 * `mps`, `cpu`, `disk`; anything else raises accelerate's error.
 */
import { convertFileSizeToInt } from './sizeString';
import type { Device, MaxMemory } from '../base/devices';

export class MaxMemoryError extends Error {}

export function deviceNotRecognized(k: Device): string {
  return `Device ${k} is not recognized, available devices are integers(for GPU/XPU), 'mps', 'cpu' and 'disk'`;
}

export function getMaxMemory(input: ReadonlyMap<Device, number | string>): MaxMemory {
  const converted = new Map<Device, number>();
  for (const [k, v] of input) converted.set(k, typeof v === 'string' ? convertFileSizeToInt(v) : v);
  const gpus = [...converted.keys()].filter((k): k is number => typeof k === 'number').sort((a, b) => a - b);
  const all: Device[] = [...gpus, ...(['mps', 'cpu', 'disk'] as const).filter((k) => converted.has(k))];
  for (const k of converted.keys()) if (!all.includes(k)) throw new MaxMemoryError(deviceNotRecognized(k));
  return new Map(all.map((k) => [k, converted.get(k)!]));
}
