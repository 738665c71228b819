/**
 * End to end through the engine: a map written for `AutoModel` (keys `layers.N`,
 * no `lm_head`) analyses clean once the lookup honours the loader class, and the
 * same map against the causal LM tree is what used to give false DM001/DM002.
 * Placements on the base model carry no `model.` prefix.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDocument } from '../../../src/core/analysis/index';
import type { AnalysisEnv, Finding, SourceDocument } from '../../../src/core/analysis/api';
import { treeFor } from '../../../src/core/models/loaderClass';
import type { HFConfig } from '../../../src/core/models/config';
import { modelFromConfig } from '../../../src/core/models/registry';
import type { ModelTree } from '../../../src/core/models/tree';
import type { Device } from '../../../src/core/base/devices';
import { expandStrategy } from '../../../src/core/placement/strategy';
import { DEFAULT_SETUP, GIB } from '../../../src/core/settings';
import type { ModelRef } from '../../../src/core/text/types';

const CONFIG: HFConfig = {
  model_type: 'llama',
  hidden_size: 256,
  intermediate_size: 512,
  num_hidden_layers: 4,
  num_attention_heads: 4,
  num_key_value_heads: 4,
  vocab_size: 1000,
  dtype: 'bfloat16',
};

const setup = { ...DEFAULT_SETUP, gpus: [0, 1].map(() => ({ name: '24 GiB GPU', memory: 24 * GIB })) };

function doc(loader: string, entries: string): SourceDocument {
  const text = [
    `from transformers import ${loader}`,
    '',
    `device_map = {${entries}}`,
    `model = ${loader}.from_pretrained("acme/tiny-llama", device_map=device_map)`,
    '',
  ].join('\n');
  return { text, languageId: 'python', fileName: '/work/train.py' };
}

/** An env whose lookup builds the tree for the loader class the finder saw, and records what it was asked. */
function envFor(seen: Array<ModelRef | undefined>, build: (ref: ModelRef | undefined) => ModelTree): AnalysisEnv {
  return { setup, lookupModel: (ref) => (seen.push(ref), { status: 'ok', tree: build(ref), origin: 'test' }) };
}

const errors = (f: readonly Finding[]): string[] => [...new Set(f.filter((x) => x.severity === 'error').map((x) => x.code))].sort();

const BASE_MAP = '"embed_tokens": 0, "layers.0": 0, "layers.1": 0, "layers.2": 1, "layers.3": 1, "norm": 1, "rotary_emb": 1';

test('an AutoModel Llama map with layers.N keys analyses clean', () => {
  const seen: Array<ModelRef | undefined> = [];
  const env = envFor(seen, (ref) => treeFor(CONFIG, { ...(ref?.loaderClass ? { loaderClass: ref.loaderClass } : {}) }).tree);
  const { findings } = analyzeDocument(doc('AutoModel', BASE_MAP), env);
  assert.equal(seen[0]?.loaderClass, 'AutoModel', 'the finder hands the loader class to the lookup');
  assert.deepEqual(errors(findings), []);
  assert.ok(!findings.some((f) => f.code === 'DM001' || f.code === 'DM002'), findings.map((f) => `${f.code} ${f.message}`).join('\n'));
});

test('the same map against the causal LM tree is flagged (what ignoring the loader class did)', () => {
  const env = envFor([], () => modelFromConfig(CONFIG));
  const { findings } = analyzeDocument(doc('AutoModel', BASE_MAP), env);
  const codes = new Set(findings.map((f) => f.code));
  assert.ok(codes.has('DM001') && codes.has('DM002'), [...codes].join(', '));
});

test('a causal-LM map under AutoModel is flagged: the base model has no lm_head nor model.*', () => {
  const causalMap = '"model.embed_tokens": 0, "model.layers": 0, "model.norm": 1, "model.rotary_emb": 1, "lm_head": 1';
  const env = envFor([], (ref) => treeFor(CONFIG, { ...(ref?.loaderClass ? { loaderClass: ref.loaderClass } : {}) }).tree);
  assert.ok(errors(analyzeDocument(doc('AutoModel', causalMap), env).findings).length > 0);
  assert.deepEqual(errors(analyzeDocument(doc('AutoModelForCausalLM', causalMap), env).findings), []);
});

test('expandStrategy on the base model places keys without the model. prefix', () => {
  const base = treeFor(CONFIG, { loaderClass: 'AutoModel' }).tree;
  // Budgets small enough that the layers must split over two GPUs.
  const maxMemory = new Map<Device, number>([
    [0, 2_000_000],
    [1, 4_000_000],
    ['cpu', 100 * GIB],
  ]);
  for (const strategy of ['sequential', 'balanced'] as const) {
    const { deviceMap } = expandStrategy(base, strategy, maxMemory, { dtype: 'bf16' });
    const keys = [...deviceMap.keys()];
    assert.ok(keys.length > 1, `${strategy}: the map splits (${keys.join(', ')})`);
    assert.ok(
      keys.every((k) => !k.startsWith('model') && !k.startsWith('lm_head')),
      `${strategy}: ${keys.join(', ')}`,
    );
    assert.ok(
      keys.some((k) => /^layers(\.\d+)?$/.test(k)),
      `${strategy}: ${keys.join(', ')}`,
    );
    assert.ok(new Set(deviceMap.values()).size > 1, `${strategy}: more than one device`);
  }
  const causal = expandStrategy(modelFromConfig(CONFIG), 'sequential', maxMemory, { dtype: 'bf16' }).deviceMap;
  assert.ok(
    [...causal.keys()].some((k) => k.startsWith('model.')),
    'the causal LM keeps its prefix',
  );
});
