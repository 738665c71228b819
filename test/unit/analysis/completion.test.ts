/** Completion at a `|` cursor: keys in model order, device values in the map's style, strategies, max_memory. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { completeAt } from '../../../src/core/analysis/completion';
import { withCursor } from './cursor';
import { envWith, gpus, tinyLlama } from './helpers';

const env = envWith(tinyLlama(), gpus(2));
const CALL = 'model = AutoModelForCausalLM.from_pretrained("tiny", ';

function complete(src: string, e = env) {
  const { doc, offset } = withCursor(src);
  return { doc, offset, items: completeAt(doc, offset, e) };
}

test('keys: whole blocks in model order before sub-modules, keys already written left out', () => {
  const { items } = complete(`${CALL}device_map={\n    "model.embed_tokens": 0,\n    "model.layers.0": 0,\n    "model.l|"\n})`);
  const modules = items
    .filter((i) => i.kind === 'module')
    .sort((a, b) => a.sortText!.localeCompare(b.sortText!))
    .map((i) => i.label);
  assert.ok(!modules.includes('model.embed_tokens') && !modules.includes('model.layers.0'));
  const blocks = modules.filter((m) => /^model\.layers\.\d$/.test(m));
  assert.deepEqual(blocks, ['model.layers.1', 'model.layers.2', 'model.layers.3']);
  // Every whole block comes before the first sub-module of any block.
  assert.ok(modules.indexOf('model.layers.3') < modules.indexOf('model.layers.1.self_attn'));
  assert.ok(modules.indexOf('model.norm') < modules.indexOf('model.layers.0.self_attn.q_proj'));
  const layer1 = items.find((i) => i.label === 'model.layers.1')!;
  assert.match(layer1.detail!, /LlamaDecoderLayer/);
  assert.equal(layer1.insertText, '"model.layers.1"');
});

test('keys inside a string replace the whole string literal, quotes included', () => {
  const { doc, items } = complete(`${CALL}device_map={\n    "model.embed_tokens": 0,\n    'model.la|'\n})`);
  const it = items.find((i) => i.label === 'model.layers.1')!;
  assert.equal(doc.text.slice(it.replace.start, it.replace.end), "'model.la'");
  assert.equal(it.insertText, "'model.layers.1'");
});

test('a snippet fills every remaining module, split over the configured cards', () => {
  const { items } = complete(`${CALL}device_map={\n    "model.embed_tokens": 0,\n    "model.layers.0": 0,\n    |\n})`);
  const fill = items.find((i) => i.kind === 'snippet')!;
  assert.ok(fill.snippet);
  assert.match(fill.label, /5 remaining/);
  for (const k of ['model.layers.1', 'model.layers.2', 'model.layers.3', 'model.norm', 'lm_head'])
    assert.ok(fill.insertText.includes(`"${k}": `), k);
  assert.match(fill.insertText, /"lm_head": \$\{5:1\}/);
  assert.match(fill.insertText, /\n {4}"model.layers.2"/);
});

test('device values follow the map style and the GPU setting', () => {
  const ints = complete(`${CALL}device_map={\n    "model.embed_tokens": 0,\n    "model.layers.0": |\n})`).items.map((i) => i.label);
  assert.deepEqual(ints, ['0', '1', '"cpu"', '"disk"']);
  const strings = complete(`${CALL}device_map={\n    "model.embed_tokens": "cuda:0",\n    "model.layers.0": |\n})`).items.map(
    (i) => i.label,
  );
  assert.deepEqual(strings, ['"cuda:0"', '"cuda:1"', '"cpu"', '"disk"']);
  const four = complete(
    `${CALL}device_map={\n    "model.embed_tokens": 0,\n    "model.layers.0": |\n})`,
    envWith(tinyLlama(), gpus(4)),
  ).items;
  assert.equal(four.filter((i) => i.kind === 'device').length, 6);
  const npu = complete(
    `${CALL}device_map={\n    "model.embed_tokens": 0,\n    "model.layers.0": |\n})`,
    envWith(tinyLlama(), { ...gpus(2), accelerator: 'npu' }),
  ).items.map((i) => i.label);
  assert.ok(npu.includes('"npu:1"'));
});

test('strategy strings say what each does for this model on these cards', () => {
  const { doc, items } = complete(`${CALL}device_map="bal|")`);
  assert.deepEqual(
    items.map((i) => i.label),
    ['"auto"', '"balanced"', '"balanced_low_0"', '"sequential"'],
  );
  assert.equal(doc.text.slice(items[0]!.replace.start, items[0]!.replace.end), '"bal"');
  assert.match(items.find((i) => i.label === '"balanced"')!.detail!, /cuda:0 .* · cuda:1 /);
  assert.doesNotMatch(items.find((i) => i.label === '"balanced_low_0"')!.detail!, /cuda:0/);
  const typing = complete(`${CALL}device_map="|`);
  assert.equal(typing.items.length, 4);
});

test('max_memory: keys are ints and cpu/disk; sizes follow the card', () => {
  const keys = complete(`${CALL}device_map="auto", max_memory={|})`).items.map((i) => i.label);
  assert.deepEqual(keys.slice(0, 3), ['0', '1', '"cpu"']);
  const sizes = complete(`${CALL}device_map="auto", max_memory={0: "|"})`).items.map((i) => i.label);
  assert.deepEqual(sizes.slice(0, 2), ['"22GiB"', '"24GiB"']);
});

test('outside any map there is nothing to offer', () => {
  assert.deepEqual(complete('x = {"a": |}').items, []);
});

test('JSON: strategies after "device_map": and keys inside a JSON map', () => {
  const { doc, offset } = withCursor('{\n  "model_name_or_path": "tiny",\n  "device_map": "seq|"\n}', '/w/train_config.json');
  const items = completeAt(doc, offset, env);
  assert.ok(
    items.some((i) => i.label === '"sequential"'),
    JSON.stringify(items.map((i) => i.label)),
  );
});
