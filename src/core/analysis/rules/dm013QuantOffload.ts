/** DM013: bitsandbytes with "cpu"/"disk" entries next to GPUs and no fp32 CPU offload; loading raises. One finding per map. */
import { joinAnd, listNames } from '../format';
import { defineRule } from './unit';

const BNB_ERROR = 'Some modules are dispatched on the CPU or the disk. Make sure you have enough GPU RAM to fit the quantized model.';

export const dm013 = defineRule({
  code: 'DM013',
  severity: 'error',
  title: 'bitsandbytes quantization with `"cpu"`/`"disk"` entries and no `llm_int8_enable_fp32_cpu_offload`',
  messages: {
    offload:
      '{keys} on {device} with bitsandbytes {bits} quantization, so loading fails. transformers raises ValueError: {error} ' +
      'Pass llm_int8_enable_fp32_cpu_offload=True to BitsAndBytesConfig to keep these modules in fp32 on the CPU, or put them on a GPU.',
    alsoOffloaded: '"{key}" is on {device} too',
    configured: 'quantization configured here',
  },
  docs: {
    catches:
      'A map with `"cpu"` or `"disk"` entries next to GPU entries while the model is quantized with bitsandbytes (4-bit or 8-bit) and ' +
      '`llm_int8_enable_fp32_cpu_offload` is not set. One finding per map, on the first offloaded key.',
    why: `Fails **at load**, in the bitsandbytes quantizer's environment check: \`ValueError: ${BNB_ERROR} If you want to dispatch the model on the CPU or the disk while keeping these modules in 32-bit, you need to set …\`.`,
    example: {
      language: 'python',
      code: 'bnb = BitsAndBytesConfig(load_in_4bit=True)\nmodel = AutoModelForCausalLM.from_pretrained(name, quantization_config=bnb, device_map={"model.embed_tokens": 0, "model.layers": 0, "model.norm": "cpu", "lm_head": "cpu"})',
    },
    fix: 'Put the modules on a GPU, or pass `llm_int8_enable_fp32_cpu_offload=True` to `BitsAndBytesConfig` (the offloaded modules then stay unquantized, in fp32, on the CPU).',
  },
  check(ctx, say) {
    const q = ctx.map.quantization;
    if (!q || q.cpuOffload || ctx.map.kind !== 'dict') return [];
    if (![...ctx.devices.values()].some((d) => typeof d === 'number')) return [];
    const offloaded = [...ctx.devices].filter((e): e is [string, 'cpu' | 'disk'] => e[1] === 'cpu' || e[1] === 'disk');
    if (offloaded.length === 0) return [];
    // One configuration mistake, however many keys it touches: one finding, the other keys as related locations.
    const [key, device] = offloaded[0]!;
    const e = ctx.entryByKey.get(key)!;
    const related = offloaded
      .slice(1)
      .map(([k, d]) => ({ span: ctx.entryByKey.get(k)!.entrySpan, message: say.text('alsoOffloaded', { key: k, device: d }) }));
    if (ctx.map.quantizationSpan) related.push({ span: ctx.map.quantizationSpan, message: say.text('configured', {}) });
    const keys = listNames(
      offloaded.map(([k]) => `"${k}"`),
      3,
    );
    const devices = joinAnd([...new Set(offloaded.map(([, d]) => d))]);
    return [
      say.finding(
        e.entrySpan,
        'offload',
        { keys, device: devices, bits: q.method === 'bnb-4bit' ? '4-bit' : '8-bit', error: BNB_ERROR },
        {
          related,
          data: { key, device, keys: offloaded.map(([k]) => k) },
        },
      ),
    ];
  },
});
