/**
 * config.json values of the older families still loaded every day: GPT-2,
 * Falcon, GPT-NeoX, OPT, BLOOM, T5 and Flan-T5, as published on the Hub.
 */
import type { HFConfig } from '../config';

function gpt2(embd: number, layers: number, heads: number): HFConfig {
  return {
    architectures: ['GPT2LMHeadModel'], model_type: 'gpt2', vocab_size: 50257, n_positions: 1024, n_ctx: 1024,
    n_embd: embd, n_layer: layers, n_head: heads, n_inner: null, activation_function: 'gelu_new',
    layer_norm_epsilon: 1e-5, tie_word_embeddings: true,
  };
}

function opt(hidden: number, ffn: number, layers: number, heads: number, extra: Record<string, unknown> = {}): HFConfig {
  return {
    architectures: ['OPTForCausalLM'], model_type: 'opt', hidden_size: hidden, ffn_dim: ffn, num_hidden_layers: layers,
    num_attention_heads: heads, vocab_size: 50272, max_position_embeddings: 2048, word_embed_proj_dim: hidden,
    do_layer_norm_before: true, enable_bias: true, layer_norm_elementwise_affine: true, activation_function: 'relu',
    tie_word_embeddings: true, torch_dtype: 'float16', ...extra,
  };
}

function bloom(hidden: number, layers: number, heads: number, dtype: string): HFConfig {
  return {
    architectures: ['BloomForCausalLM'], model_type: 'bloom', hidden_size: hidden, n_layer: layers, n_head: heads,
    vocab_size: 250880, layer_norm_epsilon: 1e-5, apply_residual_connection_post_layernorm: false,
    tie_word_embeddings: true, torch_dtype: dtype,
  };
}

function t5(dModel: number, dFf: number, dKv: number, layers: number, heads: number, gated: boolean, dtype: string): HFConfig {
  return {
    architectures: ['T5ForConditionalGeneration'], model_type: 't5', vocab_size: 32128, d_model: dModel, d_ff: dFf,
    d_kv: dKv, num_layers: layers, num_decoder_layers: layers, num_heads: heads, relative_attention_num_buckets: 32,
    relative_attention_max_distance: 128, layer_norm_epsilon: 1e-6, is_encoder_decoder: true,
    feed_forward_proj: gated ? 'gated-gelu' : 'relu', dense_act_fn: gated ? 'gelu_new' : 'relu', is_gated_act: gated,
    // Original T5 ties lm_head to the shared embedding; T5 v1.1 / Flan-T5 do not.
    tie_word_embeddings: !gated, decoder_start_token_id: 0, pad_token_id: 0, eos_token_id: 1, torch_dtype: dtype,
  };
}

export const CLASSIC_CHECKPOINTS: Readonly<Record<string, HFConfig>> = {
  'openai-community/gpt2': gpt2(768, 12, 12),
  'openai-community/gpt2-medium': gpt2(1024, 24, 16),
  'openai-community/gpt2-large': gpt2(1280, 36, 20),
  'openai-community/gpt2-xl': gpt2(1600, 48, 25),
  'tiiuae/falcon-7b': {
    architectures: ['FalconForCausalLM'], model_type: 'falcon', hidden_size: 4544, num_hidden_layers: 32,
    num_attention_heads: 71, vocab_size: 65024, multi_query: true, parallel_attn: true, new_decoder_architecture: false,
    bias: false, alibi: false, layer_norm_epsilon: 1e-5, tie_word_embeddings: true, torch_dtype: 'bfloat16',
  },
  'tiiuae/falcon-40b': {
    architectures: ['FalconForCausalLM'], model_type: 'falcon', hidden_size: 8192, num_hidden_layers: 60,
    num_attention_heads: 128, num_kv_heads: 8, vocab_size: 65024, new_decoder_architecture: true, parallel_attn: true,
    bias: false, alibi: false, layer_norm_epsilon: 1e-5, tie_word_embeddings: true, torch_dtype: 'bfloat16',
  },
  'EleutherAI/gpt-neox-20b': {
    architectures: ['GPTNeoXForCausalLM'], model_type: 'gpt_neox', hidden_size: 6144, intermediate_size: 24576,
    num_hidden_layers: 44, num_attention_heads: 64, vocab_size: 50432, rotary_pct: 0.25, rotary_emb_base: 10000,
    max_position_embeddings: 2048, use_parallel_residual: true, hidden_act: 'gelu_fast', layer_norm_eps: 1e-5,
    attention_bias: true, tie_word_embeddings: false, torch_dtype: 'float16',
  },
  'facebook/opt-125m': opt(768, 3072, 12, 12),
  'facebook/opt-350m': opt(1024, 4096, 24, 16, { word_embed_proj_dim: 512, do_layer_norm_before: false }),
  'facebook/opt-1.3b': opt(2048, 8192, 24, 32),
  'facebook/opt-6.7b': opt(4096, 16384, 32, 32),
  'facebook/opt-13b': opt(5120, 20480, 40, 40),
  'facebook/opt-30b': opt(7168, 28672, 48, 56),
  'bigscience/bloom-560m': bloom(1024, 24, 16, 'float16'),
  'bigscience/bloom-1b7': bloom(2048, 24, 16, 'float16'),
  'bigscience/bloom-7b1': bloom(4096, 30, 32, 'float16'),
  'bigscience/bloom': bloom(14336, 70, 112, 'bfloat16'),
  'google-t5/t5-small': t5(512, 2048, 64, 6, 8, false, 'float32'),
  'google-t5/t5-base': t5(768, 3072, 64, 12, 12, false, 'float32'),
  'google-t5/t5-large': t5(1024, 4096, 64, 24, 16, false, 'float32'),
  'google-t5/t5-3b': t5(1024, 16384, 128, 24, 32, false, 'float32'),
  'google-t5/t5-11b': t5(1024, 65536, 128, 24, 128, false, 'float32'),
  'google/flan-t5-small': t5(512, 1024, 64, 8, 6, true, 'float32'),
  'google/flan-t5-base': t5(768, 2048, 64, 12, 12, true, 'float32'),
  'google/flan-t5-large': t5(1024, 2816, 64, 24, 16, true, 'float32'),
  'google/flan-t5-xl': t5(2048, 5120, 64, 24, 32, true, 'float32'),
  'google/flan-t5-xxl': t5(4096, 10240, 64, 24, 64, true, 'float32'),
};
