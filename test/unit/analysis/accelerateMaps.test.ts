/** Maps computed by accelerate's infer_auto_device_map are partial: never a false error, and DM016 only when the model is unknown. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDocument } from '../../../src/core/analysis/analyze';
import type { SourceDocument } from '../../../src/core/analysis/api';
import { envWith, gpus, tinyLlama } from './helpers';

function py(text: string): SourceDocument {
  return { text, languageId: 'python', fileName: '/ws/place.py' };
}

const HEAD = 'from accelerate import dispatch_model, infer_auto_device_map\nfrom transformers import AutoModelForCausalLM\n';

test('an infer_auto_device_map result, alone or handed to a loader, raises no finding when the model resolves', () => {
  for (const tail of ['', 'model = dispatch_model(model, dm)\n', 'model = AutoModelForCausalLM.from_pretrained("tiny", device_map=dm)\n']) {
    const doc = py(
      `${HEAD}model = AutoModelForCausalLM.from_pretrained("tiny")\ndm = infer_auto_device_map(model, max_memory={0: "1GiB", 1: "1GiB"})\n${tail}`,
    );
    const { findings } = analyzeDocument(doc, envWith(tinyLlama(), gpus(2)));
    assert.deepEqual(
      findings.map((f) => `${f.code} ${f.message}`),
      [],
      tail,
    );
  }
});

test('a dispatched computed map whose model is built elsewhere: only DM016', () => {
  const doc = py(`${HEAD}model = make_model()\nmodel = dispatch_model(model, infer_auto_device_map(model))\n`);
  const { findings } = analyzeDocument(doc, envWith(undefined, gpus(2)));
  assert.deepEqual(
    findings.map((f) => f.code),
    ['DM016'],
  );
  assert.equal(findings[0]!.severity, 'info');
});

test('a literal map dispatched by accelerate is checked like any other: a missing module is reported', () => {
  const doc = py(
    `${HEAD}model = AutoModelForCausalLM.from_pretrained("tiny")\ndispatch_model(model, {"model.embed_tokens": 0, "model.layers": 1, "lm_head": 1})\n`,
  );
  const { findings } = analyzeDocument(doc, envWith(tinyLlama(), gpus(2)));
  assert.ok(
    findings.some((f) => f.code === 'DM001' && f.message.includes('model.norm')),
    findings.map((f) => f.message).join('\n'),
  );
});

/** `dm = infer_auto_device_map(model, <args>)` then dispatched, on two 3 MiB budgets (a tiny Llama layer is ~1.3 MB). */
function inferred(args: string): { text: string; codes: string[]; at: string[] } {
  const text = `${HEAD}model = AutoModelForCausalLM.from_pretrained("tiny")\ndm = infer_auto_device_map(model, ${args})\nmodel = dispatch_model(model, device_map=dm)\n`;
  const { findings } = analyzeDocument(py(text), envWith(tinyLlama(), gpus(2)));
  return { text, codes: findings.map((f) => f.code), at: findings.map((f) => text.slice(f.start, f.end)) };
}
const BUDGETS = 'max_memory={0: "3MiB", 1: "3MiB", "cpu": "30GiB"}';

test('infer_auto_device_map without no_split_module_classes: the engine reruns it, and the split layer is DM003 at the call', () => {
  const r = inferred(BUDGETS);
  // Layer 1 ends card 0 and layer 3 ends card 1: one finding per split layer.
  assert.deepEqual(r.codes, ['DM003', 'DM003']);
  for (const at of r.at) assert.ok(at.startsWith('infer_auto_device_map(model, max_memory='), at);
  // Positional arguments are read as accelerate's signature orders them.
  assert.deepEqual(inferred('{0: "3MiB", 1: "3MiB", "cpu": "30GiB"}').codes, ['DM003', 'DM003']);
});

test("no_split_module_classes as a list, a string, the model's own _no_split_modules or positionally keeps every layer whole", () => {
  for (const ns of [
    'no_split_module_classes=["LlamaDecoderLayer"]',
    'no_split_module_classes="LlamaDecoderLayer"',
    'no_split_module_classes=model._no_split_modules',
  ])
    assert.deepEqual(inferred(`${BUDGETS}, ${ns}`).codes, [], ns);
  assert.deepEqual(inferred('{0: "3MiB", 1: "3MiB", "cpu": "30GiB"}, ["LlamaDecoderLayer"]').codes, []);
});

test('arguments known only at run time leave the computed map unknown: no finding', () => {
  for (const args of [
    `${BUDGETS}, no_split_module_classes=blocks`,
    'max_memory=budgets',
    `${BUDGETS}, no_split_module_classes=get_blocks()`,
  ])
    assert.deepEqual(inferred(args).codes, [], args);
});

test('the model may be built empty (init_empty_weights + from_config); load_checkpoint_and_dispatch takes the computed map', () => {
  const text = `from accelerate import init_empty_weights, infer_auto_device_map, load_checkpoint_and_dispatch
from transformers import AutoConfig, AutoModelForCausalLM
config = AutoConfig.from_pretrained("tiny")
with init_empty_weights():
    model = AutoModelForCausalLM.from_config(config)
dm = infer_auto_device_map(model, ${BUDGETS})
model = load_checkpoint_and_dispatch(model, "/ckpt", device_map=dm)
`;
  const { findings } = analyzeDocument(py(text), envWith(tinyLlama(), gpus(2)));
  assert.deepEqual(
    findings.map((f) => f.code),
    ['DM003', 'DM003'],
  );
});

test('load_checkpoint_and_dispatch expands a strategy with its own no_split_module_classes ([] when left out), unlike from_pretrained', () => {
  const call = (extra: string) =>
    `${HEAD}from accelerate import load_checkpoint_and_dispatch\nmodel = AutoModelForCausalLM.from_pretrained("tiny")\nmodel = load_checkpoint_and_dispatch(model, "/ckpt", device_map="auto", max_memory={0: "10MiB", 1: "30MiB", "cpu": "1GiB"}${extra})\n`;
  const codes = (text: string) => analyzeDocument(py(text), envWith(tinyLlama(false, 16), gpus(2))).findings.map((f) => f.code);
  assert.deepEqual(codes(call('')), ['DM003']);
  assert.deepEqual(codes(call(', no_split_module_classes=["LlamaDecoderLayer"]')), []);
  // from_pretrained passes the model's _no_split_modules: the same budgets keep every layer whole.
  const fp = `${HEAD}model = AutoModelForCausalLM.from_pretrained("tiny", device_map="auto", max_memory={0: "10MiB", 1: "30MiB", "cpu": "1GiB"})\n`;
  assert.deepEqual(codes(fp), []);
});
