/** DM013: bitsandbytes with "cpu"/"disk" entries next to GPUs and no fp32 CPU offload; loading raises. */
import type { Finding } from '../api';
import type { RuleContext } from '../context';
import { finding } from '../finding';

export function dm013QuantOffload(ctx: RuleContext): Finding[] {
  const q = ctx.map.quantization;
  if (!q || q.cpuOffload || ctx.map.kind !== 'dict') return [];
  const devices = [...ctx.devices.values()];
  if (!devices.some((d) => typeof d === 'number')) return [];
  const out: Finding[] = [];
  for (const [key, d] of ctx.devices) {
    if (d !== 'cpu' && d !== 'disk') continue;
    const e = ctx.entryByKey.get(key)!;
    out.push(
      finding(
        'DM013',
        e.entrySpan,
        `"${key}" is on ${d} while the model is quantized with bitsandbytes (${q.method === 'bnb-4bit' ? '4-bit' : '8-bit'}): loading raises ValueError: ` +
          'Some modules are dispatched on the CPU or the disk. Make sure you have enough GPU RAM to fit the quantized model. ' +
          'Pass llm_int8_enable_fp32_cpu_offload=True to BitsAndBytesConfig to keep these modules in fp32 on the CPU, or put them on a GPU',
        {
          ...(ctx.map.quantizationSpan ? { related: [{ span: ctx.map.quantizationSpan, message: 'quantization configured here' }] } : {}),
          data: { key, device: d },
        },
      ),
    );
  }
  return out;
}
