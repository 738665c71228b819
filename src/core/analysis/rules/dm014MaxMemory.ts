/** DM014: `max_memory` keys accelerate does not know, sizes it cannot parse (error), and "10Gb" read as bits (warning). */
import { deviceNotRecognized } from '../../placement/maxMemory';
import { convertFileSizeToInt, isBitsSize, sizeErrorMessage } from '../../placement/sizeString';
import type { Finding } from '../api';
import type { RuleContext } from '../context';
import { finding } from '../finding';
import { bytes } from '../format';

function validKey(k: unknown): boolean {
  return (typeof k === 'number' && Number.isInteger(k) && k >= 0) || k === 'mps' || k === 'cpu' || k === 'disk';
}

export function dm014MaxMemory(ctx: RuleContext): Finding[] {
  const mm = ctx.map.maxMemory;
  if (!mm) return [];
  const out: Finding[] = [];
  for (const e of mm.entries) {
    if (!validKey(e.key)) {
      const hint = typeof e.key === 'string' && /^cuda:(\d+)$/.exec(e.key);
      out.push(
        finding('DM014', e.keySpan, `max_memory key ${e.keyRaw}: loading raises ValueError: ${deviceNotRecognized(e.key)}` + (hint ? `. Write ${hint[1]} instead` : ''), {
          data: { kind: 'key', ...(hint ? { replacement: hint[1] } : {}) },
        }),
      );
    }
    let n: number | undefined;
    try {
      n = convertFileSizeToInt(e.value);
    } catch {
      out.push(finding('DM014', e.valueSpan, `max_memory[${e.keyRaw}]: loading raises ValueError: ${sizeErrorMessage(e.value)}`, { data: { kind: 'size' } }));
      continue;
    }
    if (typeof e.value === 'string' && isBitsSize(e.value)) {
      const fixed = e.value.slice(0, -1) + 'B';
      out.push(
        finding('DM014', e.valueSpan, `"${e.value}" ends in a lowercase b, which accelerate reads as bits: ${bytes(n)}, an eighth of "${fixed}"`, {
          severity: 'warning',
          data: { kind: 'bits', replacement: fixed },
        }),
      );
    }
  }
  return out;
}
