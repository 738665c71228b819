/** YAML training configs (axolotl, ms-swift, others): maps with their spans, and bad YAML read as far as it goes. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findDeviceMaps } from '../../../src/core/text/find';
import { analyzeDocument } from '../../../src/core/analysis/analyze';
import { envWith, gpus, tinyLlama } from '../analysis/helpers';

const yml = (text: string, fileName = '/ws/config.yml') => findDeviceMaps({ text, languageId: 'yaml', fileName });
const at = (text: string, s: { start: number; end: number }) => text.slice(s.start, s.end);

test("axolotl: a strategy typo carries transformers' own error at the value", () => {
  const text = 'base_model: tiny\nadapter: qlora\nload_in_4bit: true\nbf16: true\ndevice_map: balance\ndatasets:\n  - path: x\n';
  const m = yml(text).maps[0]!;
  assert.equal(m.kind, 'strategy');
  assert.equal(at(text, m.value!.span), 'balance');
  assert.match(m.value!.invalid!, /When passing device_map as a string, the value needs to be a device name/);
  assert.equal(m.model?.name, 'tiny');
  assert.equal(at(text, m.model!.span), 'tiny');
  assert.equal(m.quantization?.method, 'bnb-4bit');
  assert.equal(m.dtype, 'bf16');
  const { findings } = analyzeDocument({ text, languageId: 'yaml', fileName: '/ws/c.yml' }, envWith(tinyLlama(), gpus(2)));
  const dm008 = findings.find((f) => f.code === 'DM008')!;
  assert.equal(at(text, dm008), 'balance');
  assert.match(dm008.message, /Did you mean "balanced"/);
});

test('axolotl dtype as resolve_dtype picks it: bf16, then fp16 or 8-bit, else float32', () => {
  assert.equal(yml('base_model: t\ndevice_map: auto\n').maps[0]!.dtype, 'fp32');
  assert.equal(yml('base_model: t\nfp16: true\ndevice_map: auto\n').maps[0]!.dtype, 'fp16');
  assert.equal(yml('base_model: t\nload_in_8bit: true\ndevice_map: auto\n').maps[0]!.quantization?.method, 'bnb-8bit');
});

test('axolotl with FSDP passes no map; with max_memory it computes its own', () => {
  assert.equal(yml('base_model: t\nfsdp:\n  - full_shard\ndevice_map: balance\n').maps[0]!.reachesModel, false);
  assert.equal(yml('base_model: t\ndeepspeed: deepspeed_configs/zero3_bf16.json\ndevice_map: auto\n').maps[0]!.reachesModel, false);
  const computed = yml('base_model: t\ndevice_map: balance\nmax_memory:\n  0: 20GiB\n  cpu: 64GiB\n').maps[0]!;
  assert.equal(computed.kind, 'dict');
  assert.equal(computed.partial, true);
  assert.deepEqual(
    computed.maxMemory?.entries.map((e) => [e.key, e.value]),
    [
      [0, '20GiB'],
      ['cpu', '64GiB'],
    ],
  );
});

test('ms-swift: a mapping, or a JSON string json_parse_to_dict reads, with spans inside the quotes', () => {
  const flow = 'model: tiny\ntuner_type: lora\ndevice_map: {"model.layers.0": 0, "lm_head": 1}\nquant_method: bnb\nquant_bits: 4\n';
  const m = yml(flow).maps[0]!;
  assert.deepEqual(
    m.entries.map((e) => [at(flow, e.keySpan), at(flow, e.value.span)]),
    [
      ['"model.layers.0"', '0'],
      ['"lm_head"', '1'],
    ],
  );
  assert.ok(m.dictSpan);
  assert.equal(m.quantization?.method, 'bnb-4bit');
  const str = `model: tiny\ntrain_type: lora\ndevice_map: '{"lm_head": "cuda:1"}'\nmax_memory: '{0: "20GB"}'\n`;
  const s = yml(str).maps[0]!;
  assert.equal(s.kind, 'dict');
  assert.equal(at(str, s.entries[0]!.keySpan), '"lm_head"');
  assert.equal(s.entries[0]!.value.device, 1);
  assert.deepEqual(
    s.maxMemory?.entries.map((e) => [e.key, at(str, e.valueSpan)]),
    [[0, '"20GB"']],
  );
});

test('block mappings, anchors, aliases, merge keys and several documents', () => {
  const text = [
    'common: &common',
    '  model.embed_tokens: 0',
    '  lm_head: 1',
    'model_name_or_path: tiny',
    'device_map:',
    '  <<: *common',
    '  model.layers: 0',
    '---',
    'base_model: other',
    'device_map: *missing',
    '---',
    'base_model: third',
    'device_map: sequential',
  ].join('\n');
  const facts = yml(text);
  assert.equal(facts.maps.length, 2);
  const m = facts.maps[0]!;
  assert.deepEqual(
    m.entries.map((e) => [e.key, e.value.device, e.origin]),
    [
      ['model.embed_tokens', 0, 'merge'],
      ['lm_head', 1, 'merge'],
      ['model.layers', 0, 'literal'],
    ],
  );
  // A merged entry points where its anchor is written.
  assert.ok(m.entries[0]!.keySpan.start < text.indexOf('model_name_or_path'));
  assert.equal(facts.maps[1]!.value?.literal, 'sequential');
  assert.ok(
    facts.problems.some((p) => /YAML parser/.test(p.message)),
    'the missing anchor is said',
  );
});

test('bad YAML (tabs, unclosed flows) is said once and never throws; nothing else is invented', () => {
  const tabs = 'base_model: t\ndevice_map:\n\tlm_head: 0\n';
  const f = yml(tabs);
  assert.ok(f.problems.length >= 1 && f.problems.length <= 3);
  for (const bad of [
    'device_map: {',
    'device_map: [1, 2',
    ': : :',
    '- - -\n  device_map',
    'a: &x [*x]',
    '%YAML 9\n---\ndevice_map: 0',
    '{{ device_map }}',
  ])
    assert.doesNotThrow(() => yml(bad), bad);
  // A YAML file that never mentions a map, swift or max_memory is not read at all.
  assert.deepEqual(yml('name: ci\non: push\njobs: {build: {runs-on: x}}').maps, []);
  assert.deepEqual(yml('name: ci\n\tbad: tab').problems, []);
});
