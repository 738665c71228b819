/** accelerate's calls: dispatch_model, load_checkpoint_and_dispatch and infer_auto_device_map, with the model found where it was built. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asRecord, findPy, onlyMap, slice } from './helpers';

const HEAD =
  'from accelerate import dispatch_model, infer_auto_device_map, init_empty_weights, load_checkpoint_and_dispatch\n' +
  'from transformers import AutoConfig, AutoModelForCausalLM\n';

test('dispatch_model(model, dm): a map passed positionally, under any name, is found', () => {
  // No `device_map` anywhere in this file: the positional argument alone makes it a map.
  const text = `from accelerate import dispatch_model
from transformers import AutoModelForCausalLM
model = AutoModelForCausalLM.from_pretrained("meta-llama/Llama-2-7b-hf", revision="main")
layout = {"model": 0, "lm_head": 1}
model = dispatch_model(model, layout)
`;
  assert.ok(!text.includes('device_map'));
  const m = onlyMap(findPy(text));
  assert.equal(m.kind, 'dict');
  assert.deepEqual(asRecord(m), { model: 0, lm_head: 1 });
  assert.equal(m.partial, false);
  assert.equal(slice(text, m.span), 'layout');
  assert.equal(slice(text, m.dictSpan!), '{"model": 0, "lm_head": 1}');
  assert.equal(slice(text, m.callSpan!), 'dispatch_model(model, layout)');
  assert.equal(m.reachesModel, true);
  assert.equal(m.model?.name, 'meta-llama/Llama-2-7b-hf');
  assert.equal(m.model?.loaderClass, 'AutoModelForCausalLM');
  assert.equal(m.model?.revision, 'main');
  // The reference points at the name where the model was built, not at the `model` argument.
  assert.equal(slice(text, m.model!.span), '"meta-llama/Llama-2-7b-hf"');
});

test('dispatch_model(model, device_map=dm) with a model from from_config(AutoConfig.from_pretrained(name))', () => {
  const text = `${HEAD}config = AutoConfig.from_pretrained("Qwen/Qwen2-7B", revision="v2")
with init_empty_weights():
    model = AutoModelForCausalLM.from_config(config)
dm = {"model.embed_tokens": 0, "model.layers": 1, "model.norm": 1, "lm_head": "cpu"}
dispatch_model(model, device_map=dm)
`;
  const m = onlyMap(findPy(text));
  assert.deepEqual(asRecord(m), { 'model.embed_tokens': 0, 'model.layers': 1, 'model.norm': 1, lm_head: 'cpu' });
  assert.equal(m.model?.name, 'Qwen/Qwen2-7B');
  assert.equal(m.model?.revision, 'v2');
  assert.equal(m.model?.loaderClass, 'AutoModelForCausalLM');
  assert.equal(slice(text, m.model!.span), '"Qwen/Qwen2-7B"');
  assert.equal(m.modelUnresolved, undefined);
});

test('load_checkpoint_and_dispatch: keyword or third positional map; the model object names the model before the checkpoint', () => {
  const built = `${HEAD}with init_empty_weights():\n    model = AutoModelForCausalLM.from_config(AutoConfig.from_pretrained("gpt2"))\n`;
  for (const call of [
    'load_checkpoint_and_dispatch(model, "/ckpt", device_map={"": 0})',
    'load_checkpoint_and_dispatch(model, "/ckpt", {"": 0})',
  ]) {
    const text = `${built}model = ${call}\n`;
    const m = onlyMap(findPy(text));
    assert.equal(m.kind, 'dict', call);
    assert.deepEqual(asRecord(m), { '': 0 }, call);
    assert.equal(m.model?.name, 'gpt2', call);
    assert.equal(m.model?.loaderClass, 'AutoModelForCausalLM', call);
  }
  // A model object of unknown origin: the checkpoint still names the model.
  const m = onlyMap(findPy('m = load_checkpoint_and_dispatch(get_model(), "/ckpt/llama", "balanced")\n'));
  assert.equal(m.kind, 'strategy');
  assert.equal(m.model?.name, '/ckpt/llama');
});

test('dispatch_model with a model built elsewhere: no model, and the reason for DM016', () => {
  const text = `${HEAD}model = build_model()\ndispatch_model(model, {"": 0})\n`;
  const m = onlyMap(findPy(text));
  assert.equal(m.model, undefined);
  assert.equal(m.modelUnresolved?.text, 'model');
  assert.equal(slice(text, m.modelUnresolved!.span), 'model');
  assert.match(m.modelUnresolved!.reason, /from_pretrained or from_config/);
});

test('infer_auto_device_map result assigned to a variable: a computed, partial dict map with its model and max_memory', () => {
  const text = `${HEAD}model = AutoModelForCausalLM.from_pretrained("meta-llama/Llama-2-7b-hf")
device_map = infer_auto_device_map(model, max_memory={0: "10GiB", "cpu": "30GiB"}, no_split_module_classes=["LlamaDecoderLayer"])
print(device_map)
`;
  const m = onlyMap(findPy(text));
  assert.equal(m.kind, 'dict');
  assert.equal(m.partial, true);
  assert.deepEqual(m.entries, []);
  assert.equal(m.dictSpan, undefined, 'nothing literal to edit');
  assert.ok(slice(text, m.span).startsWith('infer_auto_device_map(model'));
  assert.equal(m.reachesModel, false);
  assert.equal(m.model?.name, 'meta-llama/Llama-2-7b-hf');
  assert.deepEqual(
    m.maxMemory?.entries.map((e) => [e.key, e.value]),
    [
      [0, '10GiB'],
      ['cpu', '30GiB'],
    ],
  );
});

test('infer_auto_device_map result handed to a loader is reported once, at the loader', () => {
  for (const use of [
    'dispatch_model(model, dm)',
    'load_checkpoint_and_dispatch(model, "/ckpt", device_map=dm)',
    'AutoModelForCausalLM.from_pretrained("gpt2", device_map=dm)',
  ]) {
    const text = `${HEAD}model = AutoModelForCausalLM.from_pretrained("gpt2")\ndm = infer_auto_device_map(model)\nmodel = ${use}\n`;
    const m = onlyMap(findPy(text));
    assert.equal(slice(text, m.span), 'dm', use);
    assert.equal(m.kind, 'dict', use);
    assert.equal(m.partial, true, use);
    assert.equal(m.reachesModel, true, use);
    assert.equal(m.model?.name, 'gpt2', use);
  }
});

test('accelerate called through its module, inside a function', () => {
  const text =
    'import accelerate\ndef place(model):\n    dm = accelerate.infer_auto_device_map(model)\n    return accelerate.dispatch_model(model, dm)\n';
  const m = onlyMap(findPy(text));
  assert.equal(slice(text, m.callSpan!), 'accelerate.dispatch_model(model, dm)');
  assert.equal(m.partial, true);
  assert.equal(m.model, undefined);
  assert.equal(m.modelUnresolved?.text, 'model');
});
