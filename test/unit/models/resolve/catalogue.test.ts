/**
 * Every catalogue entry must build with its family, and the parameter count of
 * the built tree (tied weights once) must equal the count the model card
 * publishes: that checks the config values and the family together.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CATALOGUE, catalogueConfig, catalogueId, catalogueIds } from '../../../../src/core/models/catalogue/index';
import { familyFor, modelFromConfig, UnknownModelTypeError } from '../../../../src/core/models/registry';
import { namedTensors, numel, type ModelTree } from '../../../../src/core/models/tree';

/** Parameter counts of the checkpoints (model cards / safetensors metadata; recomputed by hand from the configs). */
const PUBLISHED: Readonly<Record<string, number>> = {
  'meta-llama/Llama-2-7b-hf': 6_738_415_616,
  'meta-llama/Llama-2-13b-hf': 13_015_864_320,
  'meta-llama/Llama-2-70b-hf': 68_976_648_192,
  'meta-llama/Meta-Llama-3-8B': 8_030_261_248,
  'meta-llama/Meta-Llama-3-70B': 70_553_706_496,
  'meta-llama/Llama-3.1-8B': 8_030_261_248,
  'meta-llama/Llama-3.1-70B': 70_553_706_496,
  'meta-llama/Llama-3.2-1B': 1_235_814_400,
  'meta-llama/Llama-3.2-3B': 3_212_749_824,
  'Qwen/Qwen-7B': 7_721_324_544,
  'Qwen/Qwen-14B': 14_167_290_880,
  'Qwen/Qwen2-0.5B': 494_032_768,
  'Qwen/Qwen2-1.5B': 1_543_714_304,
  'Qwen/Qwen2-7B': 7_615_616_512,
  'Qwen/Qwen2-72B': 72_706_203_648,
  'Qwen/Qwen2.5-0.5B': 494_032_768,
  'Qwen/Qwen2.5-1.5B': 1_543_714_304,
  'Qwen/Qwen2.5-3B': 3_085_938_688,
  'Qwen/Qwen2.5-7B': 7_615_616_512,
  'Qwen/Qwen2.5-14B': 14_770_033_664,
  'Qwen/Qwen2.5-32B': 32_763_876_352,
  'Qwen/Qwen2.5-72B': 72_706_203_648,
  'Qwen/Qwen3-0.6B': 596_049_920,
  'Qwen/Qwen3-1.7B': 1_720_574_976,
  'Qwen/Qwen3-4B': 4_022_468_096,
  'Qwen/Qwen3-8B': 8_190_735_360,
  'Qwen/Qwen3-14B': 14_768_307_200,
  'Qwen/Qwen3-32B': 32_762_123_264,
  'mistralai/Mistral-7B-v0.1': 7_241_732_096,
  'mistralai/Mistral-7B-Instruct-v0.2': 7_241_732_096,
  'mistralai/Mistral-7B-v0.3': 7_248_023_552,
  'mistralai/Mixtral-8x7B-v0.1': 46_702_792_704,
  'mistralai/Mixtral-8x22B-v0.1': 140_620_634_112,
  'google/gemma-2b': 2_506_172_416,
  'google/gemma-7b': 8_537_680_896,
  'google/gemma-2-2b': 2_614_341_888,
  'google/gemma-2-9b': 9_241_705_984,
  'google/gemma-2-27b': 27_227_128_320,
  'microsoft/Phi-3-mini-4k-instruct': 3_821_079_552,
  'microsoft/Phi-3-medium-4k-instruct': 13_960_238_080,
  'openai-community/gpt2': 124_439_808,
  'openai-community/gpt2-medium': 354_823_168,
  'openai-community/gpt2-large': 774_030_080,
  'openai-community/gpt2-xl': 1_557_611_200,
  'tiiuae/falcon-7b': 6_921_720_704,
  'tiiuae/falcon-40b': 41_303_293_952,
  'EleutherAI/gpt-neox-20b': 20_554_567_680,
  'facebook/opt-125m': 125_239_296,
  'facebook/opt-350m': 331_196_416,
  'facebook/opt-1.3b': 1_315_758_080,
  'facebook/opt-6.7b': 6_658_473_984,
  'facebook/opt-13b': 12_853_473_280,
  'facebook/opt-30b': 29_974_540_288,
  'bigscience/bloom-560m': 559_214_592,
  'bigscience/bloom-1b7': 1_722_408_960,
  'bigscience/bloom-7b1': 7_069_016_064,
  'bigscience/bloom': 176_247_271_424,
  'google-t5/t5-small': 60_506_624,
  'google-t5/t5-base': 222_903_552,
  'google-t5/t5-large': 737_668_096,
  'google-t5/t5-3b': 2_851_598_336,
  'google-t5/t5-11b': 11_307_321_344,
  'google/flan-t5-small': 76_961_152,
  'google/flan-t5-base': 247_577_856,
  'google/flan-t5-large': 783_150_080,
  'google/flan-t5-xl': 2_849_757_184,
  'google/flan-t5-xxl': 11_135_332_352,
};

/**
 * transformers 5.17 always ties T5's lm_head to `shared` (the flag now only picks
 * decoder-output scaling), so untied T5 v1.1 / Flan-T5 checkpoints lose one vocab x d_model matrix there.
 */
function expectedCount(id: string, config: Record<string, unknown>, major: 4 | 5): number {
  const untiedT5 = config['model_type'] === 't5' && config['tie_word_embeddings'] === false;
  return PUBLISHED[id]! - (untiedT5 && major === 5 ? (config['vocab_size'] as number) * (config['d_model'] as number) : 0);
}

function parameterCount(tree: ModelTree): number {
  let n = 0;
  for (const { fullName, tensor } of namedTensors(tree.root)) {
    if (tensor.kind === 'param' && !(fullName in tree.tiedWeights)) n += numel(tensor.shape);
  }
  return n;
}

test('the catalogue holds the ~40 checkpoints the issue lists, each with a published count', () => {
  assert.ok(catalogueIds().length >= 40, `${catalogueIds().length} entries`);
  assert.deepEqual(catalogueIds(), Object.keys(PUBLISHED).sort());
});

for (const id of catalogueIds()) {
  const config = CATALOGUE[id]!;
  const type = String(config['model_type']);
  test(`catalogue ${id} (${type}) builds and has its published parameter count`, () => {
    if (!familyFor(type)) {
      // Until the family lands, the entry must fail the documented way, not crash.
      assert.throws(() => modelFromConfig(config), UnknownModelTypeError);
      return;
    }
    for (const major of [5, 4] as const) {
      const tree = modelFromConfig(config, { transformers: major });
      assert.equal(parameterCount(tree), expectedCount(id, config, major), `transformers ${major}`);
      assert.ok(tree.noSplitModules.length > 0);
    }
  });
}

test('lookup is case-insensitive and follows legacy ids and instruct twins', () => {
  assert.equal(catalogueId('GPT2'), 'openai-community/gpt2');
  assert.equal(catalogueId('meta-llama/llama-2-7b-chat-hf'), 'meta-llama/Llama-2-7b-hf');
  assert.equal(catalogueConfig('t5-small'), CATALOGUE['google-t5/t5-small']);
  assert.equal(catalogueConfig('org/not-a-model'), undefined);
});
