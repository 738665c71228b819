/** Devices as `max_memory` and device maps name them: ints for accelerators, then strings. */
export type Device = number | string;

/** A `max_memory` dict, kept in insertion order like a Python dict. */
export type MaxMemory = Map<Device, number>;

export function isGpu(d: Device): d is number {
  return typeof d === 'number';
}

export function deviceLabel(d: Device): string {
  return typeof d === 'number' ? `cuda:${d}` : d;
}

/** `{"0": n, "cpu": n}` (JSON, CLI) -> a MaxMemory with integer GPU keys, order kept. */
export function maxMemoryFromRecord(rec: Readonly<Record<string, number | string>>): Map<Device, number | string> {
  const out = new Map<Device, number | string>();
  for (const [k, v] of Object.entries(rec)) out.set(/^\d+$/.test(k) ? Number(k) : k, v);
  return out;
}
