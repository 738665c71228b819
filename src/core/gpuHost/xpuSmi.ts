/**
 * Intel: `xpu-smi discovery --dump 1,2,16` — CSV of Device ID, Device Name and
 * Memory Physical Size (intel/xpumanager doc/smi_user_guide.md, "discovery --dump":
 * property 1 Device ID, 2 Device Name, 16 Memory Physical Size; example
 * `0,"Intel(R) Graphics [0x56c0]",...`, sizes as `32768.00 MiB`).
 */
import { MIB, type HostGpu } from './types';

export const XPU_DUMP_ARGS: readonly string[] = ['discovery', '--dump', '1,2,16'];

function csvFields(line: string): string[] {
  const out: string[] = [];
  const re = /\s*("([^"]*)"|[^,]*)\s*(,|$)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(line)) && m[0] !== '') out.push(m[2] ?? m[1]!.trim());
  return out;
}

export function parseXpuSmiDump(text: string): HostGpu[] | undefined {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  if (!/^Device ID,/i.test(lines[0] ?? '')) return undefined;
  const out: HostGpu[] = [];
  for (const line of lines.slice(1)) {
    const [id, name, size] = csvFields(line);
    const m = /^([\d.]+)\s*MiB$/i.exec(size ?? '');
    if (!id || !/^\d+$/.test(id) || !m) continue;
    out.push({
      index: Number(id),
      name: name ?? 'Intel GPU',
      memory_total: Math.round(Number(m[1]) * MIB),
      memory_used: null,
      memory_free: null,
      uuid: null,
    });
  }
  return out;
}
