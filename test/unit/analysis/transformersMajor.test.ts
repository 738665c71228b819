/** The diagnostics follow the selected transformers major (SPEC §3, §6): the same map, a v4 tree and a v5 tree. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeFacts } from '../../../src/core/analysis/analyzeFacts';
import { analyzeDocument } from '../../../src/core/analysis/analyze';
import { codeActionsFor } from '../../../src/core/analysis/codeActions';
import { modelFromConfig } from '../../../src/core/models/registry';
import type { ModelTree } from '../../../src/core/models/tree';
import { OFFLOAD_FOLDER } from '../../../src/core/analysis/rules/v4OffloadFolder';
import { codes, envWith, gpus, pyMap, VALID_TINY } from './helpers';

function tiny(transformers: 4 | 5, tied = false): ModelTree {
  return modelFromConfig(
    {
      model_type: 'llama',
      hidden_size: 256,
      intermediate_size: 512,
      num_hidden_layers: 4,
      num_attention_heads: 4,
      num_key_value_heads: 4,
      vocab_size: 1000,
      tie_word_embeddings: tied,
      dtype: 'bfloat16',
    },
    { transformers },
  );
}

const run = (tree: ModelTree, entries: ReadonlyArray<readonly [string, string]>, opts: Parameters<typeof pyMap>[1] = {}) => {
  const { doc, facts } = pyMap(entries, opts);
  return analyzeFacts(doc, facts, envWith(tree, gpus(2)));
};

const SINGLE_WITH_GAP: ReadonlyArray<readonly [string, string]> = [
  ['model.embed_tokens', '0'],
  ['model.layers', '0'],
  ['model.norm', '0'],
];

test('single-device map with a gap: v5 warns DM018 (CPU), v4 is DM001 with the 4.x error text', () => {
  const v5 = run(tiny(5), SINGLE_WITH_GAP);
  assert.deepEqual(codes(v5), ['DM018']);
  const v4 = run(tiny(4), SINGLE_WITH_GAP);
  assert.deepEqual(codes(v4), ['DM001']);
  const dm001 = v4.find((f) => f.code === 'DM001')!;
  assert.equal(dm001.severity, 'error');
  assert.match(dm001.message, /ValueError: lm_head\.weight doesn't have any device set\./);
  assert.match(dm001.message, /transformers 4/);
  assert.deepEqual((dm001.data as { missing: string[] }).missing, ['lm_head']);
});

test('multi-device map with a gap: DM001 under both, each quoting its own error', () => {
  const entries = VALID_TINY.filter(([k]) => k !== 'model.layers.3');
  const v5 = run(tiny(5), entries).find((f) => f.code === 'DM001');
  const v4 = run(tiny(4), entries).find((f) => f.code === 'DM001');
  assert.ok(v5 && v4);
  assert.match(v5.message, /does not give any device for the following parameters/);
  assert.doesNotMatch(v5.message, /doesn't have any device set/);
  assert.match(v4.message, /model\.layers\.3\.[a-z_.]+ doesn't have any device set\./);
  assert.doesNotMatch(v4.message, /does not give any device/);
});

test('a complete single-device map is clean under both majors', () => {
  const full: ReadonlyArray<readonly [string, string]> = [...SINGLE_WITH_GAP, ['lm_head', '0']];
  assert.deepEqual(codes(run(tiny(4), full)), []);
  assert.deepEqual(codes(run(tiny(5), full)), []);
});

test('DM005: only the v4 message quotes the load-time "Tied parameters are on different devices" warning', () => {
  const entries = VALID_TINY.map(([k, v]) => [k, k === 'lm_head' ? '"cuda:1"' : k === 'model.embed_tokens' ? '0' : v] as const);
  const v4 = run(tiny(4, true), entries).find((f) => f.code === 'DM005');
  const v5 = run(tiny(5, true), entries).find((f) => f.code === 'DM005');
  assert.ok(v4 && v5);
  assert.match(v4.message, /Tied parameters are on different devices: \{'lm_head\.weight': 'cuda:1', 'model\.embed_tokens\.weight': 0\}/);
  assert.doesNotMatch(v5.message, /Tied parameters are on different devices/);
});

const WITH_DISK: ReadonlyArray<readonly [string, string]> = VALID_TINY.map(([k, v]) => [k, k === 'model.layers.3' ? '"disk"' : v] as const);

test('"disk" entry: v4 adds an offload_folder hint (info, no DM code) when the checkpoint format is unknown; v5 does not', () => {
  const v4 = run(tiny(4), WITH_DISK).filter((f) => f.code === OFFLOAD_FOLDER);
  assert.equal(v4.length, 1);
  assert.equal(v4[0]!.severity, 'info');
  assert.match(v4[0]!.message, /Please provide an `offload_folder` for them/);
  assert.ok(!run(tiny(4), WITH_DISK).some((f) => f.severity === 'error'), 'never an error');
  assert.deepEqual(
    run(tiny(5), WITH_DISK).filter((f) => f.code === OFFLOAD_FOLDER),
    [],
  );
});

test('"disk" entry under v4: no hint for a safetensors checkpoint, nor when offload_folder= is passed', () => {
  const fromHeaders: ModelTree = { ...tiny(4), source: 'safetensors headers (local folder)' };
  assert.deepEqual(
    run(fromHeaders, WITH_DISK).filter((f) => f.code === OFFLOAD_FOLDER),
    [],
  );
  const { doc, facts } = pyMap(WITH_DISK);
  const withFolder = { ...doc, text: doc.text.replace(/\)\n$/, ', offload_folder="off")\n') };
  const map = facts.maps[0]!;
  const widened = { ...facts, maps: [{ ...map, callSpan: { start: map.callSpan!.start, end: withFolder.text.length } }] };
  assert.deepEqual(
    analyzeFacts(withFolder, widened, envWith(tiny(4), gpus(2))).filter((f) => f.code === OFFLOAD_FOLDER),
    [],
  );
});

test("v4, tied model with only lm_head left out: the tied copy is not in the checkpoint, so accelerate's dispatch check raises", () => {
  const v4 = run(tiny(4, true), SINGLE_WITH_GAP).find((f) => f.code === 'DM001');
  assert.ok(v4);
  assert.match(v4.message, /does not give any device for the following parameters: lm_head\.weight/);
  assert.doesNotMatch(v4.message, /doesn't have any device set/);
  assert.deepEqual(codes(run(tiny(5, true), SINGLE_WITH_GAP)), ['DM018']);
});

test('v4 DM001 on a single-device map offers the fill fix, and the fixed text is clean under v4', () => {
  const text = 'from transformers import AutoModelForCausalLM\nm = AutoModelForCausalLM.from_pretrained("tiny", device_map={"model": 0})\n';
  const doc = { text, languageId: 'python', fileName: '/work/v4fill.py' };
  const env = envWith(tiny(4), gpus(2));
  const { findings } = analyzeDocument(doc, env);
  const f = findings.find((x) => x.code === 'DM001');
  assert.ok(f, JSON.stringify(findings));
  const fill = codeActionsFor(doc, f, findings, env).find((a) => a.fixes.includes('DM001'));
  assert.ok(fill, 'a fix is offered');
  let fixed = text;
  for (const e of [...fill.edits].sort((a, b) => b.offset - a.offset))
    fixed = fixed.slice(0, e.offset) + e.text + fixed.slice(e.offset + e.length);
  assert.match(fixed, /"lm_head": 0/);
  assert.deepEqual(
    analyzeDocument({ ...doc, text: fixed }, env).findings.map((x) => x.code),
    [],
  );
});
