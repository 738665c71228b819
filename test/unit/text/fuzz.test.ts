// The finder runs on every keystroke: on mutated and truncated files it must never
// throw, never hang, and every span it reports must lie inside the text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { findDeviceMaps, type DocumentFacts, type Span } from '../../../src/core/text/index';

const PY = `import os, torch
os.environ["CUDA_VISIBLE_DEVICES"] = "0,1"
from transformers import AutoModelForCausalLM, BitsAndBytesConfig, AutoConfig
from peft import LoraConfig, get_peft_model
org = "meta-llama"
name = f"{org}/Llama-2-13b-hf"
dm = {f"model.layers.{i}": 0 if i < 20 else 1 for i in range(40)}
dm.update({"model.embed_tokens": 0, "model.norm": "cuda:1", 'lm_head': torch.device("cuda", 1)})
for i in range(3):
    dm[f"model.layers.{i}.mlp"] = "cpu"
base = {**dm, "model.rotary_emb": 1}
q = BitsAndBytesConfig(load_in_4bit=True, llm_int8_skip_modules=["lm_head"])
model = AutoModelForCausalLM.from_pretrained(
    name,  # comment é
    device_map=base,
    max_memory={0: "20GiB", "cuda:1": "22GB", "cpu": "10gb"},
    quantization_config=q,
    torch_dtype=torch.bfloat16,
)
peft = get_peft_model(model, LoraConfig(r=8, target_modules=["q_proj", "v_proj"]))
loss.backward()
`;

const JSON_TEXT = `{
  // comment 🚀
  "model_name_or_path": "Qwen/Qwen-7B",
  "device_map": {"transformer.wte": 0, "transformer.h.0": "cuda:1", "lm_head": 1.0,},
  "max_memory": {"0": "20GiB", "cpu": "30GB"},
  "nested": {"hf_device_map": "auto", "model": "gpt2"},
  "lora_target_modules": ["c_attn"], "lora_r": 8
}`;

function spans(f: DocumentFacts): Span[] {
  const out: Span[] = f.problems.map((p) => p.span);
  for (const m of f.maps) {
    out.push(m.span);
    if (m.dictSpan) out.push(m.dictSpan);
    if (m.callSpan) out.push(m.callSpan);
    if (m.value) out.push(m.value.span);
    if (m.model) out.push(m.model.span);
    if (m.quantizationSpan) out.push(m.quantizationSpan);
    if (m.maxMemory) out.push(m.maxMemory.span, ...m.maxMemory.entries.flatMap((e) => [e.keySpan, e.valueSpan]));
    for (const e of m.entries) out.push(e.keySpan, e.entrySpan, e.value.span);
  }
  return out;
}

const PIECES = [
  '{',
  '}',
  '(',
  ')',
  '[',
  ']',
  ':',
  ',',
  '"',
  "'",
  '"""',
  'f"',
  '\n',
  '    ',
  '**',
  'device_map=',
  'for i in range(99999999)',
  ' if ',
  ' else ',
  '#',
  '\\',
  '🚀',
  'é',
  '= {',
  'dm[',
  '0',
  '"cuda:1"',
  'lambda',
  'def f(',
  'while True:\n    ',
];

/** A text mutated by a few random deletions and insertions. */
function mutated(base: string) {
  const edit = fc.record({
    at: fc.nat({ max: base.length }),
    del: fc.nat({ max: 12 }),
    ins: fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 6 })),
  });
  return fc.array(edit, { minLength: 1, maxLength: 6 }).map((edits) => {
    let t = base;
    for (const e of edits) {
      const at = Math.min(e.at, t.length);
      t = t.slice(0, at) + e.ins + t.slice(at + e.del);
    }
    return t;
  });
}

function check(text: string, languageId: string, fileName: string): void {
  const t0 = performance.now();
  const f = findDeviceMaps({ text, languageId, fileName });
  const ms = performance.now() - t0;
  // Generous: the shared test machine can be slow; a hang or blow-up still fails.
  assert.ok(ms < 10_000, `took ${ms} ms`);
  for (const s of spans(f)) {
    assert.ok(s.start >= 0 && s.start <= s.end && s.end <= text.length, `span ${s.start}-${s.end} outside 0-${text.length}`);
  }
}

test('the base examples are found (so the fuzzing exercises real paths)', () => {
  const py = findDeviceMaps({ text: PY, languageId: 'python', fileName: 'a.py' });
  assert.equal(py.maps.length, 1);
  assert.equal(py.maps[0]!.entries.length, 47);
  const js = findDeviceMaps({ text: JSON_TEXT, languageId: 'jsonc', fileName: 'a.json' });
  assert.equal(js.maps.length, 2);
});

test('mutated Python: no throw, no hang, spans inside the text', () => {
  fc.assert(
    fc.property(mutated(PY), (t) => check(t, 'python', 'a.py')),
    { numRuns: 400 },
  );
});

test('incremental re-parsing of an edited document finds exactly what a fresh parse finds', () => {
  let n = 0;
  fc.assert(
    fc.property(fc.array(mutated(PY), { minLength: 1, maxLength: 4 }), (versions) => {
      for (const text of versions) {
        const incremental = findDeviceMaps({ text, languageId: 'python', fileName: '/ws/edited.py' });
        const fresh = findDeviceMaps({ text, languageId: 'python', fileName: `/ws/fresh-${n++}.py` });
        assert.deepEqual(incremental, fresh);
      }
    }),
    { numRuns: 100 },
  );
});

test('truncated Python at every prefix length', () => {
  for (let n = 0; n <= PY.length; n += 7) check(PY.slice(0, n), 'python', 'a.py');
});

test('mutated JSON: no throw, no hang, spans inside the text', () => {
  fc.assert(
    fc.property(mutated(JSON_TEXT), (t) => check(t, 'jsonc', 'x_device_map.json')),
    { numRuns: 400 },
  );
  for (let n = 0; n <= JSON_TEXT.length; n += 3) check(JSON_TEXT.slice(0, n), 'json', 'a.json');
});

test('arbitrary strings', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 300 }), (t) => {
      check(t, 'python', 'a.py');
      check(t, 'json', 'device_map.json');
    }),
    { numRuns: 300 },
  );
});

test('pathological loops and comprehensions stay bounded and end partial, never wrong', () => {
  const dict1000 = `{${Array.from({ length: 1000 }, (_, j) => `"k${j}": ${j}`).join(', ')}}`;
  const cases = [
    `dm = {}\nfor i in range(1000):\n    for j in range(1000):\n        dm[f"m.{i}.{j}"] = i % 2\nm = AutoModel.from_pretrained("x", device_map=dm)\n`,
    `dm = {f"m.{i}.{j}": 0 for i in range(1000) for j in range(1000)}\nm = AutoModel.from_pretrained("x", device_map=dm)\n`,
    `for i in range(20000):\n    dm = ${dict1000}\n    dm["extra"] = i\nm = AutoModel.from_pretrained("x", device_map=dm)\n`,
    `dm = {i: ${dict1000} for i in range(20000)}\nm = AutoModel.from_pretrained("x", device_map=dm)\n`,
  ];
  for (const text of cases) {
    const t0 = performance.now();
    const f = findDeviceMaps({ text, languageId: 'python', fileName: 'p.py' });
    assert.ok(performance.now() - t0 < 10_000);
    assert.equal(f.maps.length, 1);
    assert.equal(f.maps[0]!.partial, true);
  }
});

test('deep nesting does not overflow the stack', () => {
  check(`m = AutoModel.from_pretrained("x", device_map=${'('.repeat(3000)}0${')'.repeat(3000)})`, 'python', 'a.py');
  check(`dm = {"a": ${'-'.repeat(5000)}1}\nm = AutoModel.from_pretrained("x", device_map=dm)`, 'python', 'a.py');
  check(`{"device_map": ${'['.repeat(5000)}}`, 'json', 'a.json');
});
