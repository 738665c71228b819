/** DM014: `max_memory` keys accelerate does not know, sizes it cannot parse (error), and "10Gb" read as bits (warning). */
import { deviceNotRecognized } from '../../placement/maxMemory';
import { convertFileSizeToInt, isBitsSize, sizeErrorMessage } from '../../placement/sizeString';
import type { Finding } from '../api';
import { bytes } from '../format';
import { action, dataOf } from '../fixes/fixContext';
import { defineRule } from './unit';

function validKey(k: unknown): boolean {
  return (typeof k === 'number' && Number.isInteger(k) && k >= 0) || k === 'mps' || k === 'cpu' || k === 'disk';
}

export const dm014 = defineRule({
  code: 'DM014',
  severity: 'error',
  title: 'invalid `max_memory` key or size string (a warning for a lowercase-`b` bit size)',
  messages: {
    badKey: 'max_memory key {key} is not a device accelerate knows, so loading fails. accelerate raises ValueError: {error}',
    badKeyHint:
      'max_memory key {key} is not a device accelerate knows, so loading fails. Write {replacement} instead; accelerate raises ValueError: {error}',
    badSize: 'max_memory[{key}] is not a size accelerate can read, so loading fails. accelerate raises ValueError: {error}',
    bits: '"{value}" ends in a lowercase b, which accelerate reads as bits: {bytes}. That is an eighth of "{fixed}".',
    useKey: 'Use {text} as the key',
    writeBytes: 'Write {text} (bytes, not bits)',
  },
  docs: {
    catches:
      'A `max_memory` key that is not a GPU index, `"mps"`, `"cpu"` or `"disk"` (such as `"cuda:0"`), a size accelerate cannot parse, or (warning) a size in bits (`"20Gb"`).',
    why:
      "Bad keys and sizes fail **at load**: `ValueError: Device cuda:0 is not recognized, available devices are integers(for GPU/XPU), 'mps', 'cpu' and 'disk'`, " +
      "``ValueError: `size` 20 GiBs is not in a valid format. Use an integer for bytes, or a string with an unit (like '5.0GB').``. " +
      'A lowercase `b` loads, with an eighth of the memory you meant.',
    example: {
      language: 'python',
      code: 'model = AutoModelForCausalLM.from_pretrained(name, device_map="auto", max_memory={"cuda:0": "20Gb", 1: "20GiB"})',
    },
    fix: 'Key GPUs by index (`0`; a string `"0"` in JSON) and write sizes in bytes (`"20GiB"`, `"20GB"`). Quick fixes rewrite `"cuda:0"` keys and lowercase-`b` sizes.',
  },
  check(ctx, say) {
    const mm = ctx.map.maxMemory;
    if (!mm) return [];
    const out: Finding[] = [];
    for (const e of mm.entries) {
      if (!validKey(e.key)) {
        const hint = typeof e.key === 'string' ? /^cuda:(\d+)$/.exec(e.key) : null;
        const error = deviceNotRecognized(e.key);
        out.push(
          hint
            ? say.finding(
                e.keySpan,
                'badKeyHint',
                { key: e.keyRaw, replacement: hint[1]!, error },
                { data: { kind: 'key', replacement: hint[1] } },
              )
            : say.finding(e.keySpan, 'badKey', { key: e.keyRaw, error }, { data: { kind: 'key' } }),
        );
      }
      let n: number | undefined;
      try {
        n = convertFileSizeToInt(e.value);
      } catch {
        out.push(say.finding(e.valueSpan, 'badSize', { key: e.keyRaw, error: sizeErrorMessage(e.value) }, { data: { kind: 'size' } }));
        continue;
      }
      if (typeof e.value === 'string' && isBitsSize(e.value)) {
        const fixed = e.value.slice(0, -1) + 'B';
        out.push(
          say.finding(
            e.valueSpan,
            'bits',
            { value: e.value, bytes: bytes(n), fixed },
            { severity: 'warning', data: { kind: 'bits', replacement: fixed } },
          ),
        );
      }
    }
    return out;
  },
  fixes: [
    ({ finding, ctx }, say) => {
      const d = dataOf<{ kind: string; replacement: string }>(finding);
      const mm = ctx.map.maxMemory;
      if (!mm || d.replacement === undefined) return [];
      const e = mm.entries.find((x) => (d.kind === 'key' ? x.keySpan : x.valueSpan).start === finding.start);
      if (!e) return [];
      const span = d.kind === 'key' ? e.keySpan : e.valueSpan;
      const raw = ctx.doc.text.slice(span.start, span.end);
      const q = raw[0] === "'" ? "'" : '"';
      // JSON object keys must stay strings; Python GPU keys become ints.
      const text = d.kind === 'key' && ctx.doc.languageId === 'python' ? d.replacement : `${q}${d.replacement}${q}`;
      return action(
        say.text(d.kind === 'key' ? 'useKey' : 'writeBytes', { text }),
        ['DM014'],
        [{ offset: span.start, length: span.end - span.start, text }],
        true,
      );
    },
  ],
});
