/**
 * Huawei Ascend: the table `npu-smi info` prints. Each NPU takes two rows
 * between `+===…` rules (Ascend "npu-smi info" documentation, and tools that read it:
 * ai-coding-zt/npu-watch skills/npu-smi/SKILL.md):
 *
 *   | NPU   Name                | Health        | Power(W)    Temp(C)           Hugepages-Usage(page)|
 *   | Chip                      | Bus-Id        | AICore(%)   Memory-Usage(MB)  HBM-Usage(MB)        |
 *   | 0     910B3               | OK            | 93.5        40                0    / 0             |
 *   | 0                         | 0000:C1:00.0  | 0           0    / 0          3393 / 65536         |
 *
 * The card's memory is the last `used / total` pair of the chip row: HBM-Usage
 * where the chip has HBM (910), else Memory-Usage (310P prints only that). MB there is MiB.
 */
import { MIB, type HostGpu } from './types';

export function parseNpuSmiInfo(text: string): HostGpu[] | undefined {
  if (!/npu-smi/i.test(text) || !/\bNPU\b/.test(text)) return undefined;
  const lines = text.split(/\r?\n/);
  const out: HostGpu[] = [];
  // The process table follows "Process id"; device rows come before it.
  const end = lines.findIndex((l) => /Process id/i.test(l));
  const rows = (end < 0 ? lines : lines.slice(0, end)).filter((l) => l.startsWith('|') && !/^\|\s*(NPU|Chip)\s/.test(l));
  for (let i = 0; i + 1 < rows.length; i++) {
    const head = /^\|\s*(\d+)\s+(\S[^|]*?)\s*\|\s*(\S+)\s*\|/.exec(rows[i]!);
    const chip = /^\|\s*\d+\s*\|\s*([0-9A-Fa-f:.]+)\s*\|/.exec(rows[i + 1]!);
    if (!head || !chip) continue;
    const pairs = [...rows[i + 1]!.matchAll(/(\d+)\s*\/\s*(\d+)/g)];
    const last = pairs[pairs.length - 1];
    if (!last) continue;
    const used = Number(last[1]) * MIB;
    const total = Number(last[2]) * MIB;
    out.push({
      index: Number(head[1]),
      name: `Ascend ${head[2]!.trim()}`,
      memory_total: total,
      memory_used: used,
      memory_free: total - used,
      uuid: null,
    });
    i++;
  }
  return out;
}
