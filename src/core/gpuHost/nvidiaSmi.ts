/**
 * Reading `nvidia-smi`'s CSV queries. The formats are nvidia-smi's own
 * (`nvidia-smi --help-query-gpu`, `--help-query-compute-apps`): one line per
 * card, fields in the order asked, `, ` between them, MiB with `nounits`.
 * Recorded on real hosts in test/fixtures/gpu-host/.
 */
import { MIB, type ComputeApp } from './types';

/** The fields the detection asks for, in this order (issue 14). */
export const QUERY_GPU_FIELDS = [
  'index',
  'name',
  'memory.total',
  'memory.used',
  'memory.free',
  'uuid',
  'pci.bus_id',
  'compute_cap',
] as const;
export const QUERY_GPU_ARGS: readonly string[] = [`--query-gpu=${QUERY_GPU_FIELDS.join(',')}`, '--format=csv,noheader,nounits'];
/** The same fields tools/gpu_facts.sh records, so a recorded answer serves the stand-in as is. */
export const QUERY_APPS_ARGS: readonly string[] = [
  '--query-compute-apps=pid,process_name,used_memory,gpu_uuid,gpu_bus_id',
  '--format=csv,noheader,nounits',
];

/** One card as nvidia-smi numbers it (the physical index, before CUDA_VISIBLE_DEVICES). */
export interface NvidiaCard {
  readonly index: number;
  readonly name: string;
  readonly totalMiB: number;
  /** Null when nvidia-smi prints `[N/A]` (e.g. some MIG-enabled cards). */
  readonly usedMiB: number | null;
  readonly freeMiB: number | null;
  readonly uuid: string;
  readonly busId: string;
  readonly computeCap: string;
}

const mib = (s: string | undefined): number | null => (s !== undefined && /^\d+$/.test(s.trim()) ? Number(s.trim()) : null);

/** Splits a CSV line the way nvidia-smi writes it (no quoting: names never contain `, `). */
function fields(line: string): string[] {
  return line.split(',').map((f) => f.trim());
}

/**
 * `--query-gpu=index,name,memory.total,...` → cards. Lines that are not a card (a
 * driver error printed on stdout) make the whole answer unreadable: the caller
 * reports the first line instead.
 */
export function parseQueryGpu(csv: string): NvidiaCard[] | { readonly error: string } {
  const lines = csv
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  const cards: NvidiaCard[] = [];
  for (const line of lines) {
    const f = fields(line);
    const total = mib(f[2]);
    if (f.length < QUERY_GPU_FIELDS.length || !/^\d+$/.test(f[0] ?? '') || total === null) return { error: line };
    cards.push({
      index: Number(f[0]),
      name: f[1]!,
      totalMiB: total,
      usedMiB: mib(f[3]),
      freeMiB: mib(f[4]),
      uuid: f[5]!,
      busId: f[6]!,
      computeCap: f[7]!,
    });
  }
  return cards;
}

/** `--query-compute-apps=pid,process_name,used_memory,gpu_uuid,gpu_bus_id` → processes (unreadable lines are skipped). */
export function parseComputeApps(csv: string): ComputeApp[] {
  const out: ComputeApp[] = [];
  for (const line of csv.split(/\r?\n/)) {
    const f = fields(line);
    if (f.length < 5 || !/^\d+$/.test(f[0]!)) continue;
    // The process name may itself hold commas: the last three fields are memory, uuid and bus id.
    const uuid = f[f.length - 2]!;
    const used = mib(f[f.length - 3]);
    out.push({ pid: Number(f[0]), name: f.slice(1, -3).join(', '), usedMemory: (used ?? 0) * MIB, gpuUuid: uuid });
  }
  return out;
}

/** The first meaningful line of a failed nvidia-smi (the driver message users know). */
export function firstLine(text: string): string {
  return (
    text
      .split(/\r?\n/)
      .map((l) => l.trim())
      .find(Boolean) ?? ''
  );
}
