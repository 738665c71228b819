/** Qwen v1 (remote code `QWenLMHeadModel`): names, buffers and sizes, with no recorded ground truth. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { build, bufferList, childrenOf, classOf, paramCount, paramList, shapeOf } from '../../helpers/trees';
import { computeModuleSizes } from '../../../src/core/memory/moduleSizes';
import { ConfigError } from '../../../src/core/models/config';

// Qwen/Qwen-7B config.json (the keys that shape the tree).
const QWEN_7B = {
  architectures: ['QWenLMHeadModel'],
  auto_map: { AutoConfig: 'configuration_qwen.QWenConfig', AutoModelForCausalLM: 'modeling_qwen.QWenLMHeadModel' },
  model_type: 'qwen',
  vocab_size: 151936,
  hidden_size: 4096,
  num_hidden_layers: 32,
  num_attention_heads: 32,
  kv_channels: 128,
  intermediate_size: 22016,
  no_bias: true,
  rotary_pct: 1.0,
  rotary_emb_base: 10000,
  seq_length: 8192,
  max_position_embeddings: 32768,
  bf16: false,
  fp16: false,
  fp32: false,
  use_flash_attn: 'auto',
  tie_word_embeddings: false,
};

test('remote-code names: transformer.wte / drop / rotary_emb / h.N / ln_f and lm_head', () => {
  const t = build(QWEN_7B);
  assert.equal(t.className, 'QWenLMHeadModel');
  assert.deepEqual(childrenOf(t, ''), ['transformer', 'lm_head']);
  assert.deepEqual(childrenOf(t, 'transformer'), ['wte', 'drop', 'rotary_emb', 'h', 'ln_f']);
  assert.deepEqual(childrenOf(t, 'transformer.h.0'), ['ln_1', 'attn', 'ln_2', 'mlp']);
  assert.deepEqual(childrenOf(t, 'transformer.h.0.attn'), ['c_attn', 'c_proj', 'attn_dropout']);
  assert.deepEqual(childrenOf(t, 'transformer.h.0.mlp'), ['w1', 'w2', 'c_proj']);
  assert.equal(classOf(t, 'transformer'), 'QWenModel');
  assert.equal(classOf(t, 'transformer.h.31'), 'QWenBlock');
  assert.equal(classOf(t, 'transformer.h.31.attn'), 'QWenAttention');
  assert.equal(classOf(t, 'transformer.h.31.mlp'), 'QWenMLP');
  assert.equal(classOf(t, 'transformer.h.31.ln_1'), 'RMSNorm');
  assert.equal(classOf(t, 'transformer.rotary_emb'), 'RotaryEmbedding');
  assert.equal(classOf(t, 'transformer.drop'), 'Dropout');
  assert.deepEqual(t.noSplitModules, ['QWenBlock']);
  assert.deepEqual(t.tiedWeights, {});
});

test('block 0 parameters in order: c_attn has a bias, no_bias drops the others; the MLP is intermediate_size / 2 wide', () => {
  const block = paramList(build(QWEN_7B)).filter(([n]) => n.startsWith('transformer.h.0.'));
  assert.deepEqual(block, [
    ['transformer.h.0.ln_1.weight', [4096]],
    ['transformer.h.0.attn.c_attn.weight', [3 * 4096, 4096]],
    ['transformer.h.0.attn.c_attn.bias', [3 * 4096]],
    ['transformer.h.0.attn.c_proj.weight', [4096, 4096]],
    ['transformer.h.0.ln_2.weight', [4096]],
    ['transformer.h.0.mlp.w1.weight', [11008, 4096]],
    ['transformer.h.0.mlp.w2.weight', [11008, 4096]],
    ['transformer.h.0.mlp.c_proj.weight', [4096, 11008]],
  ]);
});

test('Qwen-7B has its published 7,721,324,544 parameters', () => {
  assert.equal(paramCount(build(QWEN_7B)), 7_721_324_544);
});

test('buffers: inv_freq of kv_channels / 2, and masked_bias + logn_tensor in every attention, none persistent', () => {
  const bufs = bufferList(build({ ...QWEN_7B, num_hidden_layers: 2 }));
  assert.deepEqual(bufs, [
    ['transformer.rotary_emb.inv_freq', [64], false],
    ['transformer.h.0.attn.masked_bias', [], false],
    ['transformer.h.0.attn.logn_tensor', [1, 32767, 1, 1], false],
    ['transformer.h.1.attn.masked_bias', [], false],
    ['transformer.h.1.attn.logn_tensor', [1, 32767, 1, 1], false],
  ]);
  const sizes = computeModuleSizes(build(QWEN_7B), { dtype: 'bf16' }).sizes;
  // 202,395,648 weights + a 1-element and a 32767-element buffer, all bf16.
  assert.equal(sizes.get('transformer.h.5'), (202_395_648 + 1 + 32767) * 2);
});

test('no_bias: false adds biases to c_proj and the MLP; rotary_pct shrinks inv_freq', () => {
  const t = build({ ...QWEN_7B, no_bias: false, rotary_pct: 0.5, num_hidden_layers: 1 });
  assert.deepEqual(shapeOf(t, 'transformer.h.0.attn.c_proj.bias'), [4096]);
  assert.deepEqual(shapeOf(t, 'transformer.h.0.mlp.w1.bias'), [11008]);
  assert.deepEqual(shapeOf(t, 'transformer.h.0.mlp.c_proj.bias'), [4096]);
  assert.deepEqual(bufferList(t)[0], ['transformer.rotary_emb.inv_freq', [32], false]);
});

test('QWenConfig defaults fill a bare config (Qwen-7B sizes)', () => {
  assert.equal(paramCount(build({ model_type: 'qwen' })), 7_721_324_544);
});

test('tie_word_embeddings ties only in transformers 4 (the remote code declares no _tied_weights_keys)', () => {
  const cfg = { ...QWEN_7B, tie_word_embeddings: true, num_hidden_layers: 1 };
  assert.deepEqual(build(cfg, 5).tiedWeights, {});
  assert.deepEqual(build(cfg, 4).tiedWeights, { 'lm_head.weight': 'transformer.wte.weight' });
});

test('bad values are ConfigErrors naming the key, never a crash', () => {
  for (const [key, value] of [
    ['kv_channels', '128'],
    ['rotary_pct', 2],
    ['no_bias', 'yes'],
    ['num_hidden_layers', -1],
  ] as const) {
    assert.throws(
      () => build({ ...QWEN_7B, [key]: value }),
      (e: unknown) => {
        assert.ok(e instanceof ConfigError, `${key}: ${String(e)}`);
        assert.ok(e.message.includes(`"${key}"`), e.message);
        return true;
      },
    );
  }
});
