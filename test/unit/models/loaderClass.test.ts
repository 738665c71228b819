/**
 * The loader class decides the tree: AutoModel builds the bare base model,
 * classification classes swap the LM head, T5EncoderModel keeps the encoder.
 * Shapes and names are checked against transformers 5.17's modeling files
 * (no recorded fixtures exist for these classes).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { numLabelsOf, treeFor, withLoaderClass } from '../../../src/core/models/loaderClass';
import { loaderIntent } from '../../../src/core/models/loaderTask';
import { modelFromConfig } from '../../../src/core/models/registry';
import { moduleIndex, namedTensors, type ModelTree } from '../../../src/core/models/tree';
import type { HFConfig } from '../../../src/core/models/config';
import { FIXTURES } from '../../helpers/fixtures';

const LLAMA: HFConfig = {
  model_type: 'llama',
  hidden_size: 256,
  intermediate_size: 512,
  num_hidden_layers: 3,
  num_attention_heads: 4,
  num_key_value_heads: 4,
  vocab_size: 1000,
  tie_word_embeddings: true,
};
const T5: HFConfig = { model_type: 't5', d_model: 64, d_ff: 128, d_kv: 16, num_heads: 4, num_layers: 2, vocab_size: 500 };

const children = (t: ModelTree): string[] => t.root.children.map((c) => c.name);
const tensorNames = (t: ModelTree): string[] => [...namedTensors(t.root)].map((x) => x.fullName);

test('loaderIntent reads Auto, concrete, peft and LMHead class names', () => {
  assert.deepEqual(loaderIntent('AutoModel'), { task: 'base' });
  assert.deepEqual(loaderIntent('AutoModelForCausalLM'), { task: 'causal-lm' });
  assert.deepEqual(loaderIntent('AutoPeftModelForCausalLM'), { task: 'causal-lm' });
  assert.deepEqual(loaderIntent('AutoPeftModelForSequenceClassification'), { task: 'seq-cls' });
  assert.deepEqual(loaderIntent('LlamaForSequenceClassification'), { task: 'seq-cls', architecture: 'Llama' });
  assert.deepEqual(loaderIntent('GPT2LMHeadModel'), { task: 'causal-lm', architecture: 'GPT2' });
  assert.deepEqual(loaderIntent('T5EncoderModel'), { task: 'encoder', architecture: 'T5' });
  assert.deepEqual(loaderIntent('T5Model'), { task: 'base', architecture: 'T5' });
  assert.deepEqual(loaderIntent('AutoModelForSeq2SeqLM'), { task: 'seq2seq-lm' });
  assert.equal(loaderIntent('AutoModelForImageClassification'), undefined);
  assert.equal(loaderIntent('AutoTokenizer'), undefined);
});

test('AutoModel on Llama: the bare LlamaModel, keys without "model.", no lm_head, no tied head', () => {
  const { tree, notes } = treeFor(LLAMA, { loaderClass: 'AutoModel' });
  assert.deepEqual(notes, []);
  assert.equal(tree.className, 'LlamaModel');
  assert.equal(tree.root.name, '');
  assert.deepEqual(children(tree), ['embed_tokens', 'layers', 'norm', 'rotary_emb']);
  assert.ok(moduleIndex(tree.root).has('layers.2.self_attn.q_proj'));
  assert.ok(tensorNames(tree).every((n) => !n.startsWith('model.') && !n.startsWith('lm_head')));
  assert.deepEqual(tree.tiedWeights, {});
  assert.deepEqual(tree.noSplitModules, ['LlamaDecoderLayer']);
  // Same tensors as the causal LM's base model, minus the head.
  const causal = modelFromConfig(LLAMA);
  const expected = tensorNames(causal)
    .filter((n) => n.startsWith('model.'))
    .map((n) => n.slice('model.'.length));
  assert.deepEqual(tensorNames(tree), expected);
});

test('the default class and neutral loaders keep the tree as built', () => {
  const causal = modelFromConfig(LLAMA);
  for (const cls of [undefined, 'AutoModelForCausalLM', 'LlamaForCausalLM', 'AutoPeftModelForCausalLM', 'pipeline', 'PeftModel']) {
    const r = withLoaderClass(causal, cls);
    assert.equal(r.tree, causal, String(cls));
    assert.deepEqual(r.notes, [], String(cls));
  }
});

test('sequence classification on Llama: model + score Linear(hidden, num_labels, bias=False)', () => {
  const { tree } = treeFor({ ...LLAMA, id2label: { 0: 'a', 1: 'b', 2: 'c' } }, { loaderClass: 'AutoModelForSequenceClassification' });
  assert.equal(tree.className, 'LlamaForSequenceClassification');
  assert.deepEqual(children(tree), ['model', 'score']);
  const score = moduleIndex(tree.root).get('score')!;
  assert.deepEqual(
    score.params.map((p) => [p.name, p.shape]),
    [['weight', [3, 256]]],
  );
  assert.deepEqual(tree.tiedWeights, {}, 'the tied lm_head is gone');
  assert.ok(moduleIndex(tree.root).has('model.layers.0'));
});

test('token classification: dropout + a biased head (score for Llama, classifier for GPT-2)', () => {
  const llama = treeFor(LLAMA, { loaderClass: 'LlamaForTokenClassification' }).tree;
  assert.deepEqual(children(llama), ['model', 'dropout', 'score']);
  assert.deepEqual(
    moduleIndex(llama.root)
      .get('score')!
      .params.map((p) => p.shape),
    [[2, 256], [2]],
  );
  const gpt2 = treeFor(
    { model_type: 'gpt2', n_layer: 2, n_embd: 64, n_head: 4, vocab_size: 300 },
    { loaderClass: 'AutoModelForTokenClassification' },
  ).tree;
  assert.equal(gpt2.className, 'GPT2ForTokenClassification');
  assert.deepEqual(children(gpt2), ['transformer', 'dropout', 'classifier']);
  assert.deepEqual(
    moduleIndex(gpt2.root)
      .get('classifier')!
      .params.map((p) => p.shape),
    [[2, 64], [2]],
  );
});

test('every decoder family re-roots under AutoModel and takes a score head', () => {
  for (const name of ['gpt2', 'falcon', 'opt', 'bloom', 'mistral', 'qwen2', 'gemma', 'phi3']) {
    const tree = modelFromConfig({ model_type: name, num_hidden_layers: 1, n_layer: 1 });
    const base = withLoaderClass(tree, 'AutoModel');
    assert.deepEqual(base.notes, [], name);
    assert.match(base.tree.className, /Model$/, name);
    assert.ok(!moduleIndex(base.tree.root).has('lm_head'), name);
    for (const k of Object.entries(base.tree.tiedWeights).flat())
      assert.ok(moduleIndex(base.tree.root).has(k.replace(/\.weight$/, '')), `${name}: ${k}`);
    const seq = withLoaderClass(tree, 'AutoModelForSequenceClassification', { numLabels: 5 });
    assert.deepEqual(seq.notes, [], name);
    assert.equal(moduleIndex(seq.tree.root).get('score')!.params[0]!.shape[0], 5, name);
  }
});

test('T5: T5Model drops lm_head, T5EncoderModel keeps shared + encoder, Seq2SeqLM is the default', () => {
  const full = modelFromConfig(T5);
  assert.equal(withLoaderClass(full, 'AutoModelForSeq2SeqLM').tree, full);
  assert.equal(withLoaderClass(full, 'T5ForConditionalGeneration').tree, full);
  const base = withLoaderClass(full, 'AutoModel').tree;
  assert.equal(base.className, 'T5Model');
  assert.deepEqual(children(base), ['shared', 'encoder', 'decoder']);
  assert.deepEqual(Object.keys(base.tiedWeights).sort(), ['decoder.embed_tokens.weight', 'encoder.embed_tokens.weight']);
  const enc = withLoaderClass(full, 'T5EncoderModel').tree;
  assert.equal(enc.className, 'T5EncoderModel');
  assert.deepEqual(children(enc), ['shared', 'encoder']);
  assert.deepEqual(enc.tiedWeights, { 'encoder.embed_tokens.weight': 'shared.weight' });
  // transformers 4: stacks share `shared` itself, so no tie is listed for the encoder.
  assert.deepEqual(withLoaderClass(modelFromConfig(T5, { transformers: 4 }), 'T5EncoderModel').tree.tiedWeights, {});
});

test('unknown or unsupported loader classes keep the default tree with a note, never throw', () => {
  const causal = modelFromConfig(LLAMA);
  for (const cls of ['MyCustomWrapper', 'AutoModelForImageClassification', 'AutoModelForSeq2SeqLM', 'T5EncoderModel', '']) {
    const r = withLoaderClass(causal, cls);
    assert.equal(r.tree, causal, cls);
    if (cls !== '') assert.ok(r.notes.length >= 1, cls);
  }
  assert.match(withLoaderClass(causal, 'MyCustomWrapper').notes[0]!, /MyCustomWrapper .*LlamaForCausalLM/);
  const t5 = modelFromConfig(T5);
  assert.match(withLoaderClass(t5, 'AutoModelForCausalLM').notes[0]!, /not built by a causal LM class/);
  assert.match(withLoaderClass(t5, 'AutoModelForSequenceClassification').notes[0]!, /not modelled/);
  const qwen = modelFromConfig({ model_type: 'qwen', num_hidden_layers: 1 });
  assert.equal(withLoaderClass(qwen, 'AutoModelForTokenClassification').tree, qwen);
});

test("a concrete class of another architecture keeps the config's architecture and says so", () => {
  const r = withLoaderClass(modelFromConfig(LLAMA), 'MistralModel');
  assert.equal(r.tree.className, 'LlamaModel');
  assert.match(r.notes[0]!, /another architecture/);
});

test('num_labels: id2label size, else num_labels, else 2', () => {
  assert.equal(numLabelsOf(undefined), 2);
  assert.equal(numLabelsOf({ num_labels: 7 }), 7);
  assert.equal(numLabelsOf({ id2label: { 0: 'x' } }), 1);
  assert.equal(numLabelsOf({ num_labels: -1 }), 2);
});

test('the recorded Llama fixture re-roots without losing a parameter', () => {
  const config = JSON.parse(readFileSync(join(FIXTURES, 'models', 'llama-3.2-1b', 'config.json'), 'utf8')) as HFConfig;
  const causal = modelFromConfig(config);
  const base = treeFor(config, { loaderClass: 'AutoModel' }).tree;
  const headParams = tensorNames(causal).filter((n) => n.startsWith('lm_head.')).length;
  assert.equal(headParams, 1);
  assert.equal(tensorNames(base).length, tensorNames(causal).length - headParams);
  assert.deepEqual(causal.tiedWeights, { 'lm_head.weight': 'model.embed_tokens.weight' });
  assert.deepEqual(base.tiedWeights, {});
});
