/**
 * config.json values of popular decoder-only checkpoints (Llama, Qwen, Mistral,
 * Mixtral, Gemma, Phi-3), as published on the Hub. Only the keys the module tree
 * and sizes depend on are kept; everything else takes transformers' defaults.
 */
import type { HFConfig } from '../config';

type Extra = Record<string, unknown>;

function llama(hidden: number, inter: number, layers: number, heads: number, kv: number, vocab: number, extra: Extra): HFConfig {
  return {
    architectures: ['LlamaForCausalLM'],
    model_type: 'llama',
    hidden_size: hidden,
    intermediate_size: inter,
    num_hidden_layers: layers,
    num_attention_heads: heads,
    num_key_value_heads: kv,
    vocab_size: vocab,
    hidden_act: 'silu',
    attention_bias: false,
    mlp_bias: false,
    tie_word_embeddings: false,
    ...extra,
  };
}

const LLAMA2 = { max_position_embeddings: 4096, rms_norm_eps: 1e-5, rope_theta: 10000.0, torch_dtype: 'float16' };
const LLAMA3 = { max_position_embeddings: 8192, rms_norm_eps: 1e-5, rope_theta: 500000.0, torch_dtype: 'bfloat16' };
const LLAMA31_ROPE = {
  rope_type: 'llama3',
  factor: 8.0,
  low_freq_factor: 1.0,
  high_freq_factor: 4.0,
  original_max_position_embeddings: 8192,
};
const LLAMA31 = { ...LLAMA3, max_position_embeddings: 131072, rope_scaling: LLAMA31_ROPE };
const LLAMA32 = { ...LLAMA31, rope_scaling: { ...LLAMA31_ROPE, factor: 32.0 }, tie_word_embeddings: true };

function qwen2(
  hidden: number,
  inter: number,
  layers: number,
  heads: number,
  kv: number,
  vocab: number,
  tie: boolean,
  maxPos: number,
): HFConfig {
  return {
    architectures: ['Qwen2ForCausalLM'],
    model_type: 'qwen2',
    hidden_size: hidden,
    intermediate_size: inter,
    num_hidden_layers: layers,
    num_attention_heads: heads,
    num_key_value_heads: kv,
    vocab_size: vocab,
    hidden_act: 'silu',
    max_position_embeddings: maxPos,
    rms_norm_eps: 1e-6,
    rope_theta: 1000000.0,
    tie_word_embeddings: tie,
    use_sliding_window: false,
    max_window_layers: layers,
    torch_dtype: 'bfloat16',
  };
}

function qwen3(hidden: number, inter: number, layers: number, heads: number, tie: boolean): HFConfig {
  return {
    architectures: ['Qwen3ForCausalLM'],
    model_type: 'qwen3',
    hidden_size: hidden,
    intermediate_size: inter,
    num_hidden_layers: layers,
    num_attention_heads: heads,
    num_key_value_heads: 8,
    head_dim: 128,
    vocab_size: 151936,
    hidden_act: 'silu',
    attention_bias: false,
    max_position_embeddings: 40960,
    rms_norm_eps: 1e-6,
    rope_theta: 1000000.0,
    tie_word_embeddings: tie,
    use_sliding_window: false,
    max_window_layers: layers,
    torch_dtype: 'bfloat16',
  };
}

function qwenV1(hidden: number, inter: number, layers: number, heads: number, vocab: number): HFConfig {
  return {
    architectures: ['QWenLMHeadModel'],
    model_type: 'qwen',
    hidden_size: hidden,
    intermediate_size: inter,
    num_hidden_layers: layers,
    num_attention_heads: heads,
    vocab_size: vocab,
    kv_channels: 128,
    layer_norm_epsilon: 1e-6,
    max_position_embeddings: 8192,
    seq_length: 8192,
    no_bias: true,
    rotary_emb_base: 10000,
    rotary_pct: 1.0,
    tie_word_embeddings: false,
    bf16: true,
    fp16: false,
    fp32: false,
  };
}

function mistral(extra: Extra): HFConfig {
  return {
    architectures: ['MistralForCausalLM'],
    model_type: 'mistral',
    hidden_size: 4096,
    intermediate_size: 14336,
    num_hidden_layers: 32,
    num_attention_heads: 32,
    num_key_value_heads: 8,
    head_dim: 128,
    vocab_size: 32000,
    hidden_act: 'silu',
    max_position_embeddings: 32768,
    rms_norm_eps: 1e-5,
    rope_theta: 10000.0,
    sliding_window: 4096,
    tie_word_embeddings: false,
    torch_dtype: 'bfloat16',
    ...extra,
  };
}

function mixtral(hidden: number, inter: number, layers: number, heads: number, maxPos: number): HFConfig {
  return {
    architectures: ['MixtralForCausalLM'],
    model_type: 'mixtral',
    hidden_size: hidden,
    intermediate_size: inter,
    num_hidden_layers: layers,
    num_attention_heads: heads,
    num_key_value_heads: 8,
    vocab_size: 32000,
    num_local_experts: 8,
    num_experts_per_tok: 2,
    router_aux_loss_coef: 0.02,
    hidden_act: 'silu',
    max_position_embeddings: maxPos,
    rms_norm_eps: 1e-5,
    rope_theta: 1000000.0,
    sliding_window: null,
    tie_word_embeddings: false,
    torch_dtype: 'bfloat16',
  };
}

function gemma(hidden: number, inter: number, layers: number, heads: number, kv: number): HFConfig {
  return {
    architectures: ['GemmaForCausalLM'],
    model_type: 'gemma',
    hidden_size: hidden,
    intermediate_size: inter,
    num_hidden_layers: layers,
    num_attention_heads: heads,
    num_key_value_heads: kv,
    head_dim: 256,
    vocab_size: 256000,
    hidden_act: 'gelu',
    hidden_activation: 'gelu_pytorch_tanh',
    max_position_embeddings: 8192,
    rms_norm_eps: 1e-6,
    rope_theta: 10000.0,
    attention_bias: false,
    tie_word_embeddings: true,
    torch_dtype: 'bfloat16',
  };
}

function gemma2(hidden: number, inter: number, layers: number, heads: number, kv: number, headDim: number, scalar: number): HFConfig {
  return {
    architectures: ['Gemma2ForCausalLM'],
    model_type: 'gemma2',
    hidden_size: hidden,
    intermediate_size: inter,
    num_hidden_layers: layers,
    num_attention_heads: heads,
    num_key_value_heads: kv,
    head_dim: headDim,
    vocab_size: 256000,
    hidden_act: 'gelu_pytorch_tanh',
    hidden_activation: 'gelu_pytorch_tanh',
    query_pre_attn_scalar: scalar,
    sliding_window: 4096,
    final_logit_softcapping: 30.0,
    attn_logit_softcapping: 50.0,
    max_position_embeddings: 8192,
    rms_norm_eps: 1e-6,
    rope_theta: 10000.0,
    attention_bias: false,
    tie_word_embeddings: true,
    torch_dtype: 'float32',
  };
}

function phi3(hidden: number, inter: number, layers: number, heads: number, kv: number): HFConfig {
  return {
    architectures: ['Phi3ForCausalLM'],
    model_type: 'phi3',
    hidden_size: hidden,
    intermediate_size: inter,
    num_hidden_layers: layers,
    num_attention_heads: heads,
    num_key_value_heads: kv,
    vocab_size: 32064,
    hidden_act: 'silu',
    max_position_embeddings: 4096,
    original_max_position_embeddings: 4096,
    rms_norm_eps: 1e-5,
    rope_theta: 10000.0,
    sliding_window: 2047,
    tie_word_embeddings: false,
    torch_dtype: 'bfloat16',
    bos_token_id: 1,
    eos_token_id: 32000,
    pad_token_id: 32000,
  };
}

export const DECODER_CHECKPOINTS: Readonly<Record<string, HFConfig>> = {
  'meta-llama/Llama-2-7b-hf': llama(4096, 11008, 32, 32, 32, 32000, LLAMA2),
  'meta-llama/Llama-2-13b-hf': llama(5120, 13824, 40, 40, 40, 32000, LLAMA2),
  'meta-llama/Llama-2-70b-hf': llama(8192, 28672, 80, 64, 8, 32000, LLAMA2),
  'meta-llama/Meta-Llama-3-8B': llama(4096, 14336, 32, 32, 8, 128256, LLAMA3),
  'meta-llama/Meta-Llama-3-70B': llama(8192, 28672, 80, 64, 8, 128256, LLAMA3),
  'meta-llama/Llama-3.1-8B': llama(4096, 14336, 32, 32, 8, 128256, LLAMA31),
  'meta-llama/Llama-3.1-70B': llama(8192, 28672, 80, 64, 8, 128256, LLAMA31),
  'meta-llama/Llama-3.2-1B': llama(2048, 8192, 16, 32, 8, 128256, { ...LLAMA32, head_dim: 64 }),
  'meta-llama/Llama-3.2-3B': llama(3072, 8192, 28, 24, 8, 128256, { ...LLAMA32, head_dim: 128 }),
  'Qwen/Qwen-7B': qwenV1(4096, 22016, 32, 32, 151936),
  'Qwen/Qwen-14B': qwenV1(5120, 27392, 40, 40, 152064),
  'Qwen/Qwen2-0.5B': qwen2(896, 4864, 24, 14, 2, 151936, true, 131072),
  'Qwen/Qwen2-1.5B': qwen2(1536, 8960, 28, 12, 2, 151936, true, 131072),
  'Qwen/Qwen2-7B': qwen2(3584, 18944, 28, 28, 4, 152064, false, 131072),
  'Qwen/Qwen2-72B': qwen2(8192, 29568, 80, 64, 8, 152064, false, 131072),
  'Qwen/Qwen2.5-0.5B': qwen2(896, 4864, 24, 14, 2, 151936, true, 32768),
  'Qwen/Qwen2.5-1.5B': qwen2(1536, 8960, 28, 12, 2, 151936, true, 131072),
  'Qwen/Qwen2.5-3B': qwen2(2048, 11008, 36, 16, 2, 151936, true, 32768),
  'Qwen/Qwen2.5-7B': qwen2(3584, 18944, 28, 28, 4, 152064, false, 131072),
  'Qwen/Qwen2.5-14B': qwen2(5120, 13824, 48, 40, 8, 152064, false, 131072),
  'Qwen/Qwen2.5-32B': qwen2(5120, 27648, 64, 40, 8, 152064, false, 131072),
  'Qwen/Qwen2.5-72B': qwen2(8192, 29568, 80, 64, 8, 152064, false, 131072),
  'Qwen/Qwen3-0.6B': qwen3(1024, 3072, 28, 16, true),
  'Qwen/Qwen3-1.7B': qwen3(2048, 6144, 28, 16, true),
  'Qwen/Qwen3-4B': qwen3(2560, 9728, 36, 32, true),
  'Qwen/Qwen3-8B': qwen3(4096, 12288, 36, 32, false),
  'Qwen/Qwen3-14B': qwen3(5120, 17408, 40, 40, false),
  'Qwen/Qwen3-32B': qwen3(5120, 25600, 64, 64, false),
  'mistralai/Mistral-7B-v0.1': mistral({}),
  'mistralai/Mistral-7B-Instruct-v0.2': mistral({ rope_theta: 1000000.0, sliding_window: null }),
  'mistralai/Mistral-7B-v0.3': mistral({ vocab_size: 32768, rope_theta: 1000000.0, sliding_window: null }),
  'mistralai/Mixtral-8x7B-v0.1': mixtral(4096, 14336, 32, 32, 32768),
  'mistralai/Mixtral-8x22B-v0.1': mixtral(6144, 16384, 56, 48, 65536),
  'google/gemma-2b': gemma(2048, 16384, 18, 8, 1),
  'google/gemma-7b': gemma(3072, 24576, 28, 16, 16),
  'google/gemma-2-2b': gemma2(2304, 9216, 26, 8, 4, 256, 256),
  'google/gemma-2-9b': gemma2(3584, 14336, 42, 16, 8, 256, 256),
  'google/gemma-2-27b': gemma2(4608, 36864, 46, 32, 16, 128, 144),
  'microsoft/Phi-3-mini-4k-instruct': phi3(3072, 8192, 32, 32, 32),
  'microsoft/Phi-3-medium-4k-instruct': phi3(5120, 17920, 40, 40, 10),
};
