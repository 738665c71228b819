/** Llama-2-70B's shape, the model every bench times (config.json fields as on the Hub). */
export const LLAMA_70B_CONFIG = {
  model_type: 'llama',
  hidden_size: 8192,
  intermediate_size: 28672,
  num_hidden_layers: 80,
  num_attention_heads: 64,
  num_key_value_heads: 8,
  vocab_size: 32000,
  tie_word_embeddings: false,
  dtype: 'bfloat16',
};
