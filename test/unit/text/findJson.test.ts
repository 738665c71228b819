import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asRecord, findJson, onlyMap, slice } from './helpers';

test('device_map at any depth with sibling model, max_memory, dtype and quantization', () => {
  const text = `{
  // a training config
  "model": {
    "model_name_or_path": "Qwen/Qwen-7B",
    "torch_dtype": "bfloat16",
    "load_in_4bit": true,
    "device_map": {"transformer.wte": 0, "transformer.h.0": "cuda:1", "lm_head": 1.0,},
    "max_memory": {"0": "20GiB", "cpu": "30GB", "cuda:1": "1GB"}
  },
  "training": {"learning_rate": 1e-4, "lora_target_modules": ["c_attn"], "lora_r": 8}
}`;
  const f = findJson(text);
  const m = onlyMap(f);
  assert.deepEqual(asRecord(m), { 'transformer.wte': 0, 'transformer.h.0': 1, lm_head: '!1.0' });
  assert.ok(m.entries[2]!.value.invalid?.includes('got (float)'));
  assert.equal(m.model?.name, 'Qwen/Qwen-7B');
  assert.equal(slice(text, m.model!.span), '"Qwen/Qwen-7B"');
  assert.equal(m.dtype, 'bf16');
  assert.equal(m.quantization?.method, 'bnb-4bit');
  assert.deepEqual(
    m.maxMemory?.entries.map((e) => e.key),
    [0, 'cpu', 'cuda:1'],
  );
  assert.equal(m.style?.trailingComma, true);
  assert.equal(m.reachesModel, true);
  assert.equal(f.trains, true);
  assert.deepEqual(f.loraTargets, ['c_attn']);
  assert.equal(f.loraRank, 8);
});

test('hf_device_map and strategy strings in JSON', () => {
  const f = findJson(
    '{"runs": [{"base_model": "gpt2", "device_map": "balanced_low_0"}, {"_name_or_path": "x", "hf_device_map": {"": 0}}]}',
  );
  assert.equal(f.maps.length, 2);
  assert.equal(f.maps[0]!.kind, 'strategy');
  assert.equal(f.maps[0]!.model?.name, 'gpt2');
  assert.deepEqual(asRecord(f.maps[1]!), { '': 0 });
  assert.equal(f.maps[1]!.model?.name, 'x');
  assert.equal(f.trains, false);
});

test('whole-file maps only in files named like a device map', () => {
  const text = '{\n  "model.embed_tokens": 0,\n  "lm_head": "disk"\n}\n';
  const m = onlyMap(findJson(text, '/ws/llama_device_map.json'));
  assert.deepEqual(asRecord(m), { 'model.embed_tokens': 0, lm_head: 'disk' });
  assert.equal(m.style?.indent, '  ');
  assert.equal(findJson(text, '/ws/other.json').maps.length, 0);
});

test('UTF-16 offsets in JSON with non-ASCII text', () => {
  const text = '{"note": "日本語 🚀", "device_map": {"lm_head": "cuda:0"}}';
  const m = onlyMap(findJson(text));
  assert.equal(slice(text, m.entries[0]!.keySpan), '"lm_head"');
  assert.equal(slice(text, m.entries[0]!.value.span), '"cuda:0"');
});

test('JSON strings still being typed have no value yet', () => {
  const m = onlyMap(findJson('{"model": "gpt2", "device_map": "ba'));
  assert.equal(m.kind, 'unknown');
  const d = onlyMap(findJson('{"device_map": {"a": 0, "b": "cu'));
  assert.equal(d.entries.find((e) => e.key === 'b')?.value.invalid, undefined);
  const ok = onlyMap(findJson('{"device_map": {"a\\\\": "cpu", "b": ""}}'));
  assert.deepEqual(asRecord(ok), { 'a\\': 'cpu', b: '!""' });
});

test('JSON keys written twice are reported', () => {
  const text = '{"device_map": {"a": 0, "a": 1}}';
  const f = findJson(text);
  assert.equal(f.problems.length, 1);
  assert.equal(f.problems[0]!.span.start, text.indexOf('"a"'));
  assert.deepEqual(asRecord(f.maps[0]!), { a: 1 });
});
