/**
 * Code shaped as people write it (issue 12, "Real code, as written"): each test
 * fixes the verdict from transformers' semantics first, then runs the whole
 * analysis on the text.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDocument } from '../../../src/core/analysis/analyze';
import type { AnalysisEnv } from '../../../src/core/analysis/api';
import { codes, envWith, gpus, tinyLlama } from './helpers';

function lint(text: string, env: AnalysisEnv) {
  return analyzeDocument({ text, languageId: 'python', fileName: '/ws/train.py' }, env);
}

const TINY_ALL = '{"model.embed_tokens": 0, "model.layers": 0, "model.norm": 0, "lm_head": 0}';

test('a tokenizer, processor or feature extractor given device_map loads no model: no findings on its map', () => {
  for (const cls of ['AutoTokenizer', 'LlamaTokenizerFast', 'AutoProcessor', 'AutoFeatureExtractor', 'AutoImageProcessor']) {
    const text = `from transformers import ${cls}\ntok = ${cls}.from_pretrained("acme/tiny", device_map={"model.layers.0": 0, "lm_head": 1})\n`;
    const { facts, findings } = lint(text, envWith(tinyLlama(), gpus(2)));
    assert.equal(facts.maps.length, 1, cls);
    assert.equal(facts.maps[0]!.reachesModel, false, cls);
    assert.deepEqual(codes(findings), [], cls);
  }
  // The model load next to it is still checked (DM001: the map leaves most of the model out).
  const both =
    'tok = AutoTokenizer.from_pretrained("acme/tiny", device_map={"model.layers.0": 0, "lm_head": 1})\n' +
    'model = AutoModelForCausalLM.from_pretrained("acme/tiny", device_map={"model.layers.0": 0, "lm_head": 1})\n';
  const { findings } = lint(both, envWith(tinyLlama(), gpus(2)));
  assert.ok(codes(findings).includes('DM001'));
  assert.ok(
    findings.every((f) => f.start > both.indexOf('\n')),
    'nothing on the tokenizer line',
  );
});

test('a GPU index in max_memory beyond the cards is a device like any other (DM007)', () => {
  const text = 'model = AutoModelForCausalLM.from_pretrained("acme/tiny", device_map="auto", max_memory={0: "80GiB", 1: "80GiB"})\n';
  const one = lint(text, envWith(tinyLlama(), gpus(1)));
  assert.deepEqual(codes(one.findings), ['DM007']);
  const f = one.findings[0]!;
  assert.equal(text.slice(f.start, f.end), '1');
  assert.match(f.message, /only cuda:0 exist/);
  // What the user sees first: accelerate 1.15 get_max_memory's warning, filled as Python prints it, then the CUDA error.
  assert.match(f.message, /accelerate only warns "Device 1 is not available, available devices are \[0\]"/);
  assert.match(f.message, /"CUDA error: invalid device ordinal"/);
  // Two cards: nothing to say.
  assert.deepEqual(codes(lint(text, envWith(tinyLlama(), gpus(2))).findings), []);
  // A fixed map ignores max_memory's extra budgets: no DM007 from them.
  const fixed = `model = AutoModelForCausalLM.from_pretrained("acme/tiny", device_map=${TINY_ALL}, max_memory={0: "80GiB", 1: "80GiB"})\n`;
  assert.ok(!codes(lint(fixed, envWith(tinyLlama(), gpus(1))).findings).includes('DM007'));
});

test('loaders that forward device_map are checked: AutoGPTQ, GPTQModel, unsloth, AutoPeftModelFor*', () => {
  const calls = [
    'AutoGPTQForCausalLM.from_quantized("acme/tiny", device_map={"model.layers.0": 0, "lm_head": 1})',
    'AutoGPTQForCausalLM.from_quantized(model_name_or_path="acme/tiny", device_map={"model.layers.0": 0, "lm_head": 1})',
    'GPTQModel.load("acme/tiny", device_map={"model.layers.0": 0, "lm_head": 1})',
    'FastLanguageModel.from_pretrained(model_name="acme/tiny", max_seq_length=2048, load_in_4bit=True, device_map={"model.layers.0": 0, "lm_head": 1})',
    'AutoPeftModelForCausalLM.from_pretrained("acme/tiny", device_map={"model.layers.0": 0, "lm_head": 1})',
  ];
  for (const call of calls) {
    const { facts, findings } = lint(`model = ${call}\n`, envWith(tinyLlama(), gpus(2)));
    assert.equal(facts.maps[0]?.model?.name, 'acme/tiny', call);
    assert.ok(codes(findings).includes('DM001'), `${call}: ${codes(findings)}`);
  }
});

test('a layer written as its children is not captured by a shorter key (DM015 agrees with DM001)', () => {
  const layers = Array.from({ length: 15 }, (_, i) => `"model.layers.${i}": 0`).join(', ');
  const children = ['self_attn', 'mlp', 'input_layernorm', 'post_attention_layernorm'].map((c) => `"model.layers.15.${c}": 1`).join(', ');
  const head = '"model.embed_tokens": 0, "model.norm": 1, "lm_head": 1';
  const env = envWith(tinyLlama(false, 16), gpus(2));
  const split = lint(`model = AutoModelForCausalLM.from_pretrained("acme/tiny", device_map={${head}, ${layers}, ${children}})\n`, env);
  assert.deepEqual(codes(split.findings), []);
  // Leave out one child: its weights do fall to "model.layers.1" (cuda:0), and DM015 says so.
  const three = children.split(', ').slice(0, 3).join(', ');
  const leaky = lint(`model = AutoModelForCausalLM.from_pretrained("acme/tiny", device_map={${head}, ${layers}, ${three}})\n`, env);
  const dm015 = leaky.findings.filter((f) => f.code === 'DM015');
  assert.equal(dm015.length, 1, codes(leaky.findings).join());
  assert.match(dm015[0]!.message, /"model\.layers\.1" also captures model\.layers\.15/);
});
