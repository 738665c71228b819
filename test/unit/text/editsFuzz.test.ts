// Random sequences of edits, each applied and re-parsed: the map must read back exactly
// as intended, stay complete, and strict JSON must stay valid JSON.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { findDeviceMaps, removeEntries, renameKey, setDevices, type EditResult, type FoundDeviceMap } from '../../../src/core/text/index';
import { applyEdits, asRecord, onlyMap } from './helpers';

const KEYS = [
  'model.embed_tokens',
  'model.layers.0',
  'model.layers.1',
  'model.layers.2',
  'model.layers.10',
  'model.norm',
  'lm_head',
  'model.rotary_emb',
  '',
];
const DEVICES: Array<number | string> = [0, 1, 2, 'cpu', 'disk'];

type Op =
  { kind: 'set'; key: string; device: number | string } | { kind: 'remove'; pick: number } | { kind: 'rename'; pick: number; to: string };
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), key: fc.constantFrom(...KEYS), device: fc.constantFrom(...DEVICES) }),
  fc.record({ kind: fc.constant('remove' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('rename' as const), pick: fc.nat(), to: fc.constantFrom(...KEYS.map((k) => `${k}.x`)) }),
);

const DOCS = [
  {
    languageId: 'python',
    fileName: '/ws/a.py',
    text: `import torch\ndm = {\n    # embeddings first\n    "model.embed_tokens": 0,\n    'model.layers.0': "cuda:0",  # block 0\n\n    "lm_head": torch.device("cuda", 1),\n}\nm = AutoModelForCausalLM.from_pretrained("x", device_map=dm)\n`,
  },
  {
    languageId: 'python',
    fileName: '/ws/b.py',
    text: `m = AutoModelForCausalLM.from_pretrained("x", device_map={"model.embed_tokens": 0, "lm_head": 1})\n`,
  },
  {
    languageId: 'python',
    fileName: '/ws/c.py',
    text: `dm = {"model.norm": 1, **base}\ndm["lm_head"] = 1\nm = AutoModel.from_pretrained("x", device_map=dm)\n`,
  },
  {
    languageId: 'json',
    fileName: '/ws/a.json',
    text: `{\n  "model_name_or_path": "x",\n  "device_map": {\n    "model.embed_tokens": 0,\n    "lm_head": "cuda:1"\n  }\n}\n`,
  },
  { languageId: 'json', fileName: '/ws/b.json', text: `{"device_map": {"model.embed_tokens": 0}}` },
  {
    languageId: 'python',
    fileName: '/ws/d.py',
    text: `m = AutoModel.from_pretrained(\n    "x",\n    device_map={'model.norm': 1, 'lm_head': 'cuda:1',\n                'model.layers.0': 0,},  # mixed layout\n)\n`,
  },
  {
    languageId: 'python',
    fileName: '/ws/f.py',
    text: `dm = {"model.norm": 1, "lm_head": 0}\ndm["lm_head"] = "cuda:1"\ndm.update({"model.layers.0": 0})\nm = AutoModel.from_pretrained("x", device_map=dm)\n`,
  },
  { languageId: 'python', fileName: '/ws/e.py', text: `dm = {}\nm = AutoModel.from_pretrained("x", device_map=dm)\n` },
  { languageId: 'json', fileName: '/ws/llama_device_map.json', text: `{\n\t"model.embed_tokens": 0,\n\t"lm_head": "disk"\n}\n` },
  {
    languageId: 'jsonc',
    fileName: '/ws/c.jsonc',
    text: `{\n  // comment\n  "device_map": {\n    "a": 0, // first\n    "b": 1,\n  },\n}\n`,
  },
];

function run(doc: (typeof DOCS)[number], ops: Op[]): void {
  let text = doc.text;
  const find = (t: string): FoundDeviceMap => onlyMap(findDeviceMaps({ ...doc, text: t }));
  let map = find(text);
  const expected = new Map(Object.entries(asRecord(map)));
  const strictJson = doc.languageId === 'json';
  for (const o of ops) {
    let result: EditResult;
    const keys = [...expected.keys()];
    if (o.kind === 'set') {
      result = setDevices({ ...doc, text }, map, new Map([[o.key, o.device]]));
      if (!result.refused) expected.set(o.key, o.device);
    } else if (keys.length === 0) continue;
    else if (o.kind === 'remove') {
      const key = keys[o.pick % keys.length]!;
      result = removeEntries({ ...doc, text }, map, [key]);
      if (!result.refused) expected.delete(key);
    } else {
      const key = keys[o.pick % keys.length]!;
      if (expected.has(o.to)) continue;
      result = renameKey({ ...doc, text }, map, key, o.to);
      if (!result.refused) {
        expected.set(o.to, expected.get(key)!);
        expected.delete(key);
      }
    }
    if (result.refused) {
      assert.equal(result.length, 0);
      continue;
    }
    text = applyEdits(text, result);
    map = find(text);
    assert.deepEqual(asRecord(map), Object.fromEntries(expected), `after ${JSON.stringify(o)}:\n${text}`);
    if (doc.fileName !== '/ws/c.py') assert.equal(map.partial, false, text);
    if (strictJson) assert.doesNotThrow(() => JSON.parse(text), text);
  }
  if (doc.languageId === 'python' && doc.text.includes('# embeddings first')) assert.ok(text.includes('# embeddings first'));
}

for (const doc of DOCS) {
  test(`random edit sequences round-trip: ${doc.fileName}`, () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 12 }), (ops) => run(doc, ops)),
      { numRuns: 150 },
    );
  });
}

import { replaceMap } from '../../../src/core/text/index';

test('replaceMap to random targets reads back exactly, from dicts, strategies and comprehensions', () => {
  const docs = [
    ...DOCS,
    {
      languageId: 'python',
      fileName: '/ws/s.py',
      text: `m = AutoModel.from_pretrained(\n    "x",\n    device_map="auto",  # let accelerate decide\n)\n`,
    },
    {
      languageId: 'python',
      fileName: '/ws/k.py',
      text: `dm = {f"model.layers.{i}": i // 2 for i in range(4)}\nm = AutoModel.from_pretrained("x", device_map=dm)\n`,
    },
    { languageId: 'json', fileName: '/ws/s.json', text: `{\n    "model": "gpt2",\n    "device_map": "balanced"\n}\n` },
  ];
  const target = fc.uniqueArray(fc.tuple(fc.constantFrom(...KEYS), fc.constantFrom(...DEVICES)), { selector: (t) => t[0], maxLength: 8 });
  fc.assert(
    fc.property(fc.constantFrom(...docs), target, (doc, entries) => {
      const map = onlyMap(findDeviceMaps(doc));
      if (map.partial) return;
      const edits = replaceMap(doc, map, new Map(entries));
      if (edits.refused) {
        // Only maps assembled across statements may refuse, and then with no edits at all.
        assert.equal(edits.length, 0);
        assert.ok(
          map.entries.some((e) => e.origin === 'update' || e.origin === 'merge' || e.origin === 'loop'),
          edits.refused,
        );
        return;
      }
      const text = applyEdits(doc.text, edits);
      const after = onlyMap(findDeviceMaps({ ...doc, text }));
      assert.deepEqual(asRecord(after), Object.fromEntries(entries), text);
      if (doc.languageId === 'json') assert.doesNotThrow(() => JSON.parse(text), text);
    }),
    { numRuns: 400 },
  );
});

import { moveModules } from '../../../src/core/text/index';
import { modelFromConfig } from '../../../src/core/models/registry';
import { namedTensors, walkModules } from '../../../src/core/models/tree';

test('moveModules: every tensor ends where the move says, every other tensor stays put', () => {
  const tree = modelFromConfig({
    model_type: 'llama',
    hidden_size: 64,
    intermediate_size: 128,
    num_hidden_layers: 4,
    num_attention_heads: 4,
    num_key_value_heads: 4,
    vocab_size: 100,
    tie_word_embeddings: false,
  });
  const modules = [...walkModules(tree.root)].map((m) => m.name).filter((n) => n !== '');
  const tensors = [...namedTensors(tree.root)].map((t) => t.fullName);
  /** The device a tensor gets: the longest key that is a prefix of it, as accelerate matches. */
  const placed = (rec: Record<string, number | string>, t: string) => {
    let best: string | undefined;
    for (const k of Object.keys(rec))
      if ((k === '' || t === k || t.startsWith(`${k}.`)) && (best === undefined || k.length > best.length)) best = k;
    return best === undefined ? undefined : rec[best];
  };
  const starts = [
    `dm = {"": 0}\n`,
    `dm = {\n    "model.embed_tokens": 0,\n    "model.layers": 0,\n    "model.norm": 1,\n    "lm_head": 1,\n}\n`,
    `dm = {"model": 0, "lm_head": "cpu"}\n`,
    `dm = {${Array.from({ length: 4 }, (_, i) => `"model.layers.${i}": ${i % 2}`).join(', ')}, "model.embed_tokens": 0, "model.norm": 1, "model.rotary_emb": 1, "lm_head": 1}\n`,
  ].map((s) => `${s}m = AutoModelForCausalLM.from_pretrained("x", device_map=dm)\n`);
  fc.assert(
    fc.property(
      fc.constantFrom(...starts),
      fc.uniqueArray(fc.constantFrom(...modules), { minLength: 1, maxLength: 4 }),
      fc.constantFrom<number | string>(0, 1, 'cpu'),
      (src, names, device) => {
        const doc = { text: src, languageId: 'python', fileName: '/ws/m.py' };
        const before = asRecord(onlyMap(findDeviceMaps(doc)));
        const edits = moveModules(doc, onlyMap(findDeviceMaps(doc)), names, device, tree);
        assert.equal(edits.refused, undefined, edits.refused);
        const text = applyEdits(src, edits);
        const after = asRecord(onlyMap(findDeviceMaps({ ...doc, text })));
        for (const t of tensors) {
          const moved = names.some((n) => t.startsWith(`${n}.`));
          assert.equal(
            placed(after, t),
            moved ? device : placed(before, t),
            `${t} after moving ${names.join(', ')} to ${device}:\n${text}`,
          );
        }
      },
    ),
    { numRuns: 300 },
  );
});
