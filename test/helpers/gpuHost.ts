/**
 * Compares a kept `device-map gpus --json` output with the nvidia-smi query it came from,
 * byte for byte: each card's memory_total/used/free must be nvidia-smi's MiB × 1,048,576
 * (after CUDA_VISIBLE_DEVICES, cards are matched by UUID). Used on the stand-in's folder and
 * on what tools/gpu_host_check.sh records on a real GPU host.
 */
import { parseQueryGpu } from '../../src/core/gpuHost/index';

export function checkGpusAgainstSmi(gpusJson: string, queryGpuCsv: string): string[] {
  const problems: string[] = [];
  const out = JSON.parse(gpusJson) as {
    gpus: Array<{
      index: number;
      name: string;
      memory_total: number;
      memory_used: number | null;
      memory_free: number | null;
      uuid: string;
    }>;
    source: string;
  };
  const cards = parseQueryGpu(queryGpuCsv);
  if (!Array.isArray(cards)) return [`query-gpu.csv is not a card list: ${cards.error}`];
  if (out.source !== 'nvidia-smi') problems.push(`source is ${out.source}`);
  if (out.gpus.length === 0) problems.push('no card in gpus.json');
  out.gpus.forEach((g, i) => {
    if (g.index !== i) problems.push(`card ${i} has index ${g.index}`);
    const c = cards.find((x) => x.uuid === g.uuid);
    if (!c) return void problems.push(`${g.uuid} is not in the nvidia-smi query`);
    const want = {
      name: c.name,
      memory_total: c.totalMiB * 2 ** 20,
      memory_used: c.usedMiB === null ? null : c.usedMiB * 2 ** 20,
      memory_free: c.freeMiB === null ? null : c.freeMiB * 2 ** 20,
    };
    for (const [k, v] of Object.entries(want))
      if (g[k as keyof typeof g] !== v) problems.push(`${g.uuid} ${k}: ${String(g[k as keyof typeof g])} ≠ ${String(v)}`);
  });
  return problems;
}
