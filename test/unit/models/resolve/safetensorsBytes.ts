/** Builds real safetensors header bytes (8-byte length + JSON) for tests; the data part is left to the caller. */
export interface TestTensor {
  readonly name: string;
  readonly dtype: string;
  readonly shape: readonly number[];
}

export const ST_BYTES: Readonly<Record<string, number>> = {
  F64: 8,
  F32: 4,
  F16: 2,
  BF16: 2,
  F8_E4M3: 1,
  I64: 8,
  I32: 4,
  I16: 2,
  I8: 1,
  U8: 1,
  BOOL: 1,
  U32: 4,
};

/** Header prefix and the byte length of the data section that should follow it. */
export function safetensorsHeaderBytes(
  tensors: readonly TestTensor[],
  metadata?: Record<string, string>,
): { bytes: Uint8Array; dataBytes: number } {
  const header: Record<string, unknown> = {};
  if (metadata) header['__metadata__'] = metadata;
  let offset = 0;
  // Real files list tensors sorted by name, which is not definition order: keep that here too.
  for (const t of [...tensors].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const n = t.shape.reduce((a, b) => a * b, 1) * (ST_BYTES[t.dtype] ?? 1);
    header[t.name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + n] };
    offset += n;
  }
  let json = JSON.stringify(header);
  // The format pads the header with spaces to an 8-byte boundary.
  while ((json.length + 8) % 8 !== 0) json += ' ';
  const body = new TextEncoder().encode(json);
  const bytes = new Uint8Array(8 + body.length);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(body.length), true);
  bytes.set(body, 8);
  return { bytes, dataBytes: offset };
}

/** Byte count a tensor list takes at its stored dtypes. */
export function storedBytes(tensors: readonly TestTensor[]): number {
  return tensors.reduce((s, t) => s + t.shape.reduce((a, b) => a * b, 1) * ST_BYTES[t.dtype]!, 0);
}

/** The tensors of a tiny Llama-shaped checkpoint (as `LlamaForCausalLM.state_dict()` names them). */
export function tinyLlamaTensors(opts: {
  layers: number;
  hidden: number;
  inter: number;
  vocab: number;
  kvHeads: number;
  heads: number;
  dtype: (name: string) => string;
  lmHead: boolean;
}): TestTensor[] {
  const { hidden: h, inter: i, vocab: v } = opts;
  const hd = h / opts.heads;
  const out: TestTensor[] = [{ name: 'model.embed_tokens.weight', dtype: opts.dtype('model.embed_tokens.weight'), shape: [v, h] }];
  for (let l = 0; l < opts.layers; l++) {
    const p = `model.layers.${l}`;
    const add = (n: string, shape: number[]): void => void out.push({ name: `${p}.${n}`, dtype: opts.dtype(`${p}.${n}`), shape });
    add('self_attn.q_proj.weight', [opts.heads * hd, h]);
    add('self_attn.k_proj.weight', [opts.kvHeads * hd, h]);
    add('self_attn.v_proj.weight', [opts.kvHeads * hd, h]);
    add('self_attn.o_proj.weight', [h, opts.heads * hd]);
    add('mlp.gate_proj.weight', [i, h]);
    add('mlp.up_proj.weight', [i, h]);
    add('mlp.down_proj.weight', [h, i]);
    add('input_layernorm.weight', [h]);
    add('post_attention_layernorm.weight', [h]);
  }
  out.push({ name: 'model.norm.weight', dtype: opts.dtype('model.norm.weight'), shape: [h] });
  if (opts.lmHead) out.push({ name: 'lm_head.weight', dtype: opts.dtype('lm_head.weight'), shape: [v, h] });
  return out;
}

export function tinyLlamaConfig(o: {
  layers: number;
  hidden: number;
  inter: number;
  vocab: number;
  kvHeads: number;
  heads: number;
  tie: boolean;
  dtype?: string;
}): Record<string, unknown> {
  return {
    architectures: ['LlamaForCausalLM'],
    model_type: 'llama',
    hidden_size: o.hidden,
    intermediate_size: o.inter,
    num_hidden_layers: o.layers,
    num_attention_heads: o.heads,
    num_key_value_heads: o.kvHeads,
    vocab_size: o.vocab,
    tie_word_embeddings: o.tie,
    torch_dtype: o.dtype ?? 'bfloat16',
  };
}
