import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  findDeviceMaps,
  formatDevice,
  insertEntries,
  moveModules,
  removeEntries,
  renameKey,
  replaceMap,
  setDevices,
  type EditResult,
  type FoundDeviceMap,
} from '../../../src/core/text/index';
import { applyEdits, asRecord, onlyMap } from './helpers';

const py = (text: string) => ({ text, languageId: 'python', fileName: '/ws/a.py' });
const js = (text: string) => ({ text, languageId: 'json', fileName: '/ws/a.json' });

/** Applies an edit to a document's single map and re-runs the finder on the result. */
function roundTrip(doc: { text: string; languageId: string; fileName: string }, edit: (map: FoundDeviceMap) => EditResult) {
  const map = onlyMap(findDeviceMaps(doc));
  const edits = edit(map);
  assert.equal(edits.refused, undefined, edits.refused);
  const text = applyEdits(doc.text, edits);
  return { text, edits, map: onlyMap(findDeviceMaps({ ...doc, text })) };
}

const LOAD = 'm = AutoModelForCausalLM.from_pretrained("x", device_map=dm)\n';
const MULTI = `dm = {
    # embeddings
    "model.embed_tokens": 0,
    "model.layers.0": 0,  # first block
    "model.layers.1": "cuda:0",
    'lm_head': 1,
}
${LOAD}`;

test('formatDevice keeps each style', () => {
  assert.equal(formatDevice(1, 'int'), '1');
  assert.equal(formatDevice(1, 'cuda-string', "'"), "'cuda:1'");
  assert.equal(formatDevice(1, 'torch-device'), 'torch.device("cuda:1")');
  assert.equal(formatDevice(1, 'torch-device', '"', true), 'torch.device("cuda", 1)');
  assert.equal(formatDevice('cpu', 'int'), '"cpu"');
  assert.equal(formatDevice('disk', 'torch-device'), '"disk"');
});

test('setDevices changes values in their own style and touches nothing else', () => {
  const { text, edits, map } = roundTrip(py(MULTI), (m) =>
    setDevices(
      py(MULTI),
      m,
      new Map([
        ['model.layers.0', 1],
        ['model.layers.1', 1],
        ['model.embed_tokens', 0],
      ]),
    ),
  );
  assert.deepEqual(asRecord(map), { 'model.embed_tokens': 0, 'model.layers.0': 1, 'model.layers.1': 1, lm_head: 1 });
  assert.equal(edits.length, 2);
  assert.ok(text.includes('"model.layers.0": 1,  # first block'));
  assert.ok(text.includes('"model.layers.1": "cuda:1",'));
  assert.ok(text.includes('    # embeddings\n'));
});

test('setDevices inserts a missing key next to its siblings, with the dict indentation and quotes', () => {
  const { text, map } = roundTrip(py(MULTI), (m) =>
    setDevices(
      py(MULTI),
      m,
      new Map([
        ['model.layers.2', 1],
        ['model.norm', 1],
      ]),
    ),
  );
  assert.deepEqual(Object.keys(asRecord(map)), [
    'model.embed_tokens',
    'model.layers.0',
    'model.layers.1',
    'model.layers.2',
    'model.norm',
    'lm_head',
  ]);
  assert.ok(text.includes('    "model.layers.1": "cuda:0",\n    "model.layers.2": 1,\n'), text);
});

test('inserting with a model order and into single-line dicts', () => {
  const src = `dm = {'model.embed_tokens': 0, 'lm_head': 1}\n${LOAD}`;
  const order = ['model.embed_tokens', 'model.layers.0', 'model.norm', 'lm_head'];
  const { text, map } = roundTrip(py(src), (m) =>
    insertEntries(
      py(src),
      m,
      [
        ['model.norm', 1],
        ['model.layers.0', 0],
      ],
      order,
    ),
  );
  assert.equal(text.split('\n')[0], "dm = {'model.embed_tokens': 0, 'model.layers.0': 0, 'model.norm': 1, 'lm_head': 1}");
  assert.deepEqual(Object.keys(asRecord(map)), order);
  const empty = `dm = {}\n${LOAD}`;
  const r = roundTrip(py(empty), (m) => insertEntries(py(empty), m, [['', 0]]));
  assert.equal(r.text.split('\n')[0], 'dm = {"": 0}');
});

test('removeEntries removes whole lines, commas and keeps the trailing-comma style', () => {
  const { text, map } = roundTrip(py(MULTI), (m) => removeEntries(py(MULTI), m, ['model.layers.0', 'lm_head']));
  assert.deepEqual(asRecord(map), { 'model.embed_tokens': 0, 'model.layers.1': 0 });
  assert.ok(!text.includes('first block'));
  assert.ok(text.includes('"model.layers.1": "cuda:0",\n}'));
  const inline = `dm = {"a": 0, "b": 1, "c": 2}\n${LOAD}`;
  assert.equal(roundTrip(py(inline), (m) => removeEntries(py(inline), m, ['c'])).text.split('\n')[0], 'dm = {"a": 0, "b": 1}');
  assert.equal(roundTrip(py(inline), (m) => removeEntries(py(inline), m, ['a'])).text.split('\n')[0], 'dm = {"b": 1, "c": 2}');
  assert.equal(roundTrip(py(inline), (m) => removeEntries(py(inline), m, ['b', 'c'])).text.split('\n')[0], 'dm = {"a": 0}');
});

test('JSON: strict commas stay valid after removing the last entry', () => {
  const src = '{\n  "device_map": {\n    "a": 0,\n    "b": "cuda:1"\n  }\n}\n';
  const { text, map } = roundTrip(js(src), (m) => removeEntries(js(src), m, ['b']));
  assert.equal(text, '{\n  "device_map": {\n    "a": 0\n  }\n}\n');
  assert.deepEqual(asRecord(map), { a: 0 });
  const ins = roundTrip(js(src), (m) =>
    setDevices(
      js(src),
      m,
      new Map<string, number | string>([
        ['c', 'cpu'],
        ['b', 0],
      ]),
    ),
  );
  assert.equal(ins.text, '{\n  "device_map": {\n    "a": 0,\n    "b": "cuda:0",\n    "c": "cpu"\n  }\n}\n');
  assert.doesNotThrow(() => JSON.parse(ins.text));
});

test('renameKey keeps the quote', () => {
  const { text, map } = roundTrip(py(MULTI), (m) => renameKey(py(MULTI), m, 'lm_head', 'model.norm'));
  assert.ok(text.includes("'model.norm': 1,"));
  assert.ok('model.norm' in asRecord(map));
});

test('edits go to item assignments and update() where those entries were written', () => {
  const src = `dm = {"a": 0}\ndm["b"] = torch.device("cuda", 0)\ndm.update({"c": 0})\n${LOAD}`;
  const { text, map } = roundTrip(py(src), (m) =>
    setDevices(
      py(src),
      m,
      new Map([
        ['b', 1],
        ['c', 1],
      ]),
    ),
  );
  assert.ok(text.includes('dm["b"] = torch.device("cuda", 1)'));
  assert.ok(text.includes('dm.update({"c": 1})'));
  assert.deepEqual(asRecord(map), { a: 0, b: 1, c: 1 });
  const rm = roundTrip(py(src), (m) => removeEntries(py(src), m, ['b']));
  assert.ok(!rm.text.includes('dm["b"]'));
});

test('comprehension entries are refused one by one, and replaced whole by replaceMap', () => {
  const src = `dm = {f"model.layers.{i}": 0 if i < 2 else 1 for i in range(4)}\n${LOAD}`;
  const map = onlyMap(findDeviceMaps(py(src)));
  const r = setDevices(py(src), map, new Map([['model.layers.0', 1]]));
  assert.equal(r.length, 0);
  assert.match(r.refused ?? '', /comprehension on line 1/);
  const target = new Map<string, number>([
    ['model.layers.0', 0],
    ['model.layers.1', 1],
    ['model.layers.2', 1],
    ['model.layers.3', 1],
  ]);
  const out = roundTrip(py(src), (m) => replaceMap(py(src), m, target));
  assert.deepEqual(asRecord(out.map), Object.fromEntries(target));
  assert.equal(out.map.dictSpan !== undefined, true);
});

test('replaceMap expands a strategy string into a dict in the file style', () => {
  const src = `model = AutoModelForCausalLM.from_pretrained(\n    'x',\n    device_map='auto',\n)\n`;
  const target = new Map<string, number | string>([
    ['model.embed_tokens', 0],
    ['model.layers', 0],
    ['lm_head', 'cpu'],
  ]);
  const { text, map } = roundTrip(py(src), (m) => replaceMap(py(src), m, target));
  assert.equal(
    text,
    `model = AutoModelForCausalLM.from_pretrained(\n    'x',\n    device_map={\n        'model.embed_tokens': 0,\n        'model.layers': 0,\n        'lm_head': 'cpu',\n    },\n)\n`,
  );
  assert.deepEqual(asRecord(map), Object.fromEntries(target));
});

test('replaceMap on a written dict (rebalance) keeps comments and only changes what differs', () => {
  const target = new Map<string, number | string>([
    ['model.embed_tokens', 0],
    ['model.layers.0', 0],
    ['model.layers.1', 1],
    ['model.norm', 1],
    ['lm_head', 1],
  ]);
  const { text, edits, map } = roundTrip(py(MULTI), (m) => replaceMap(py(MULTI), m, target));
  assert.deepEqual(asRecord(map), Object.fromEntries(target));
  assert.ok(text.includes('# first block') && text.includes('# embeddings'));
  assert.ok(text.includes('"model.layers.1": "cuda:1"'));
  assert.ok(
    edits.every((e) => e.length < 20),
    JSON.stringify(edits),
  );
});

test('moveModules splits a parent key into its children with a model tree', () => {
  const leaf = (name: string) => ({ name, className: 'LlamaDecoderLayer', params: [], buffers: [], children: [] });
  const layers = {
    name: 'model.layers',
    className: 'ModuleList',
    params: [],
    buffers: [],
    children: Array.from({ length: 4 }, (_, i) => leaf(`model.layers.${i}`)),
  };
  const tree = {
    root: {
      name: '',
      className: 'LlamaForCausalLM',
      params: [],
      buffers: [],
      children: [
        {
          name: 'model',
          className: 'LlamaModel',
          params: [],
          buffers: [],
          children: [leaf('model.embed_tokens'), layers, leaf('model.norm')],
        },
        leaf('lm_head'),
      ],
    },
    modelType: 'llama',
    className: 'LlamaForCausalLM',
    noSplitModules: ['LlamaDecoderLayer'],
    tiedWeights: {},
    transformers: 5 as const,
    source: 'test',
  };
  const src = `dm = {\n    "model.embed_tokens": 0,\n    "model.layers": 0,\n    "model.norm": 1,\n    "lm_head": 1,\n}\n${LOAD}`;
  const { map } = roundTrip(py(src), (m) => moveModules(py(src), m, ['model.layers.2', 'model.layers.3'], 1, tree));
  assert.deepEqual(asRecord(map), {
    'model.embed_tokens': 0,
    'model.layers.0': 0,
    'model.layers.1': 0,
    'model.layers.2': 1,
    'model.layers.3': 1,
    'model.norm': 1,
    lm_head: 1,
  });
  const noTree = moveModules(py(src), onlyMap(findDeviceMaps(py(src))), ['model.layers.2'], 1);
  assert.match(noTree.refused ?? '', /needs the model's structure/);
  const direct = roundTrip(py(src), (m) => moveModules(py(src), m, ['model.norm'], 0));
  assert.equal(asRecord(direct.map)['model.norm'], 0);
});

import { modelFromConfig } from '../../../src/core/models/registry';

const tinyLlama = () =>
  modelFromConfig({
    model_type: 'llama',
    hidden_size: 64,
    intermediate_size: 128,
    num_hidden_layers: 4,
    num_attention_heads: 4,
    num_key_value_heads: 4,
    vocab_size: 100,
    tie_word_embeddings: false,
  });

test('moveModules on a real Llama tree: the root key is split, existing keys keep their devices', () => {
  const src = `dm = {"": 0, "lm_head": 1}\n${LOAD}`;
  const { map } = roundTrip(py(src), (m) => moveModules(py(src), m, ['model.layers.3'], 1, tinyLlama()));
  const rec = asRecord(map);
  assert.equal(rec['lm_head'], 1);
  assert.equal(rec['model.layers.3'], 1);
  assert.equal(rec['model.layers.2'], 0);
  assert.equal(rec['model.embed_tokens'], 0);
  assert.equal(rec[''], undefined);
});

test('moveModules: moving every part of a split parent writes the parent back as one key', () => {
  const src = `dm = {\n    "model.embed_tokens": 0,\n    "model.layers": 0,\n    "model.norm": 1,\n    "lm_head": 1,\n}\n${LOAD}`;
  const names = ['model.layers.0', 'model.layers.1', 'model.layers.2', 'model.layers.3'];
  const { text, map } = roundTrip(py(src), (m) => moveModules(py(src), m, names, 1, tinyLlama()));
  assert.deepEqual(asRecord(map), { 'model.embed_tokens': 0, 'model.layers': 1, 'model.norm': 1, lm_head: 1 });
  assert.ok(text.includes('    "model.layers": 1,\n'));
});

test('moveModules: a module under a moved one loses its own key', () => {
  const src = `dm = {"model": 0, "model.layers.1.mlp": 1, "lm_head": 0}\n${LOAD}`;
  const { map } = roundTrip(py(src), (m) => moveModules(py(src), m, ['model.layers.1'], 0, tinyLlama()));
  assert.deepEqual(asRecord(map), { model: 0, lm_head: 0 });
});

test('pipeline and load_checkpoint_and_dispatch name their model in the second argument', () => {
  const f = findDeviceMaps(py('from transformers import pipeline\np = pipeline("text-generation", "gpt2", device_map="auto")\n'));
  assert.equal(onlyMap(f).model?.name, 'gpt2');
  const a = findDeviceMaps(py('m = load_checkpoint_and_dispatch(model, "/ckpt/llama", device_map="balanced")\n'));
  assert.equal(onlyMap(a).model?.name, '/ckpt/llama');
});

test('removing a key that is written twice removes both spellings', () => {
  const src = `dm = {"a": 0, "b": 1}\ndm["a"] = 1\n${LOAD}`;
  const { text, map } = roundTrip(py(src), (m) => removeEntries(py(src), m, ['a']));
  assert.deepEqual(asRecord(map), { b: 1 });
  assert.equal(text.split('\n')[0], 'dm = {"b": 1}');
});

test('style detection skips comments: quotes and commas inside them do not count', () => {
  const src = `dm = {  # it's the map, by hand\n    "a": 0  # first, only\n}\n${LOAD}`;
  const map = onlyMap(findDeviceMaps(py(src)));
  assert.deepEqual(map.style, { indent: '    ', quote: '"', multiline: true, trailingComma: false });
  const { text } = roundTrip(py(src), (m) => insertEntries(py(src), m, [['b', 1]]));
  assert.equal(text.split('\n').slice(0, 4).join('\n'), `dm = {  # it's the map, by hand\n    "a": 0,  # first, only\n    "b": 1\n}`);
});

test('new keys go after a **spread, which would otherwise override them', () => {
  const src = `dm = {"a": 0, **base, "z": 1}\n${LOAD}`;
  const map = onlyMap(findDeviceMaps(py(src)));
  const text = applyEdits(src, setDevices(py(src), map, new Map([['b', 1]])));
  assert.equal(text.split('\n')[0], 'dm = {"a": 0, **base, "b": 1, "z": 1}');
});
