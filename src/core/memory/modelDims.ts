/**
 * The sizes the memory estimate needs (hidden width, attention widths, MLP width,
 * vocabulary, which blocks exist), read from the module tree's shapes so that any
 * family, or a tree from safetensors headers, works; the config, when given,
 * splits fused projections and names sliding windows and logit soft-capping.
 */
import type { HFConfig } from '../models/config';
import { numel, walkModules, type ModelTree, type ModuleNode } from '../models/tree';

export interface BlockDims {
  /** Full module name (`model.layers.3`). */
  readonly name: string;
  /** Index among the decoder blocks; encoder blocks (T5) keep no KV cache. */
  readonly decoderIndex: number | undefined;
  /** Width of the query projection output. */
  readonly qWidth: number;
  /** Width of key plus value outputs (what the KV cache stores per token). */
  readonly kvWidth: number;
  /** MLP intermediate width actually computed per token (top-k experts summed for MoE). */
  readonly intermediate: number;
  /** Gated MLP (SwiGLU / GeGLU: gate and up projections). */
  readonly gated: boolean;
  readonly norms: number;
  /** Tokens this block's cache keeps at most (sliding window), else undefined. */
  readonly window: number | undefined;
  /** Query heads (for attention-score tensors when they are materialized). */
  readonly heads: number;
  /** MoE: elements of one expert's weights (all its matrices) and experts each token visits (0 for dense blocks). */
  readonly expertElements: number;
  readonly topK: number;
}

export interface ModelDims {
  readonly hidden: number;
  readonly vocab: number;
  readonly blocks: readonly BlockDims[];
  /** Tensor that produces the logits (`lm_head.weight`), or the tied embedding. */
  readonly headTensor: string | undefined;
  /** The input embedding weight: its card receives the inputs and, through accelerate's root hook, the outputs. */
  readonly embedTensor: string | undefined;
  /** Logit soft-capping (Gemma 2) keeps a second vocab-sized tensor alive. */
  readonly logitSoftcap: boolean;
  /** Activation of the MLP (`silu`, `gelu_new`...), for its transient factor. */
  readonly activation: string;
  /** Falcon's multi-query attention (one K/V head broadcast) runs SDPA's math path: scores are materialized. */
  readonly broadcastMqa: boolean;
}

const Q_NAMES = /(^|\.)(q_proj|query|q|wq)$/;
const K_NAMES = /(^|\.)(k_proj|key|k|wk)$/;
const V_NAMES = /(^|\.)(v_proj|value|v|wv)$/;
const FUSED_QKV = /(^|\.)(query_key_value|c_attn|qkv_proj|Wqkv|qkv)$/;
const GATE_NAMES = /(^|\.)(gate_proj|wi_0|w1|gate_up_proj|fc1_g)$/;
const UP_NAMES = /(^|\.)(up_proj|fc1|c_fc|dense_h_to_4h|wi|wi_1|w3|fc_in|mlp\.fc1|gate_up_proj)$/;

function cfgNum(config: HFConfig | undefined, keys: readonly string[]): number | undefined {
  if (!config) return undefined;
  for (const k of keys) {
    const v = config[k];
    if (typeof v === 'number' && Number.isFinite(v)) return v;
  }
  return undefined;
}

/** Output width of a linear-like module: Linear weight [out, in], Conv1D weight [in, out]. */
function outWidth(m: ModuleNode): number | undefined {
  const w = m.params.find((p) => p.name === 'weight');
  if (!w || w.shape.length !== 2) return undefined;
  return m.className === 'Conv1D' ? w.shape[1] : w.shape[0];
}

function blockRoots(tree: ModelTree): ModuleNode[] {
  const noSplit = new Set(tree.noSplitModules);
  const out: ModuleNode[] = [];
  const visit = (m: ModuleNode): void => {
    if (m.name !== '' && noSplit.has(m.className)) {
      out.push(m);
      return;
    }
    for (const c of m.children) visit(c);
  };
  visit(tree.root);
  return out;
}

function layerWindows(config: HFConfig | undefined, layers: number): (number | undefined)[] {
  const win = cfgNum(config, ['sliding_window']);
  const types = config?.['layer_types'];
  if (win && Array.isArray(types)) return Array.from({ length: layers }, (_, i) => (types[i] === 'sliding_attention' ? win : undefined));
  // Gemma2Config without `layer_types` (every published Gemma 2 config.json) fills in
  // `"sliding_attention" if bool((i + 1) % 2) else "full_attention"`: even layers slide.
  if (win && config?.['model_type'] === 'gemma2') return Array.from({ length: layers }, (_, i) => ((i + 1) % 2 ? win : undefined));
  // Families that apply one window to every layer when the config sets one.
  const all = ['mistral', 'mixtral', 'starcoder2'].includes(String(config?.['model_type'])) || config?.['use_sliding_window'] === true;
  return Array.from({ length: layers }, () => (win && all ? win : undefined));
}

function blockDims(block: ModuleNode, hidden: number, config: HFConfig | undefined): Omit<BlockDims, 'decoderIndex' | 'window'> {
  let q = 0,
    k = 0,
    v = 0,
    fused = 0,
    up = 0,
    gated = false,
    norms = 0,
    expertUp = 0,
    expertElements = 0;
  for (const m of walkModules(block)) {
    const rel = m.name.slice(block.name.length + 1);
    if (/Norm/i.test(m.className)) norms++;
    const w = outWidth(m);
    // Fused expert tensors (Mixtral in transformers 5): [experts, 2*I, hidden].
    for (const p of m.params) {
      if (p.shape.length !== 3) continue;
      expertElements += p.shape[1]! * p.shape[2]!;
      if (/gate_up|w1|up/.test(p.name)) expertUp = Math.max(expertUp, p.shape[1]! / (p.name.includes('gate_up') ? 2 : 1));
    }
    if (w === undefined) continue;
    if (/(^|\.)(cross_attn|EncDecAttention|encoder_attn)(\.|$)/.test(rel)) continue;
    if (FUSED_QKV.test(rel)) fused += w;
    else if (Q_NAMES.test(rel)) q += w;
    else if (K_NAMES.test(rel)) k += w;
    else if (V_NAMES.test(rel)) v += w;
    if (GATE_NAMES.test(rel)) gated = true;
    if (UP_NAMES.test(rel)) up = Math.max(up, rel.endsWith('gate_up_proj') ? w / 2 : w);
  }
  if (fused > 0) {
    const heads = cfgNum(config, ['num_attention_heads', 'n_head', 'num_heads']);
    let kvHeads = cfgNum(config, ['num_key_value_heads', 'num_kv_heads']);
    if (config?.['multi_query'] === true && config?.['new_decoder_architecture'] !== true) kvHeads = 1;
    if (heads && kvHeads && kvHeads !== heads) {
      const headDim = fused / (heads + 2 * kvHeads);
      q += heads * headDim;
      k += kvHeads * headDim;
      v += kvHeads * headDim;
    } else {
      q += fused / 3;
      k += fused / 3;
      v += fused / 3;
    }
  }
  const topK = cfgNum(config, ['num_experts_per_tok', 'moe_topk']) ?? 2;
  const intermediate = expertUp > 0 ? expertUp * topK : up || 4 * hidden;
  const qWidth = q || hidden;
  const heads = cfgNum(config, ['num_attention_heads', 'n_head', 'num_heads']) ?? Math.max(1, Math.round(qWidth / 128));
  return {
    name: block.name,
    qWidth,
    kvWidth: k + v || 2 * hidden,
    intermediate,
    gated: gated || expertUp > 0,
    norms: Math.max(norms, 1),
    heads,
    expertElements: expertUp > 0 ? expertElements : 0,
    topK: expertUp > 0 ? topK : 0,
  };
}

export function modelDims(tree: ModelTree, config?: HFConfig): ModelDims {
  // The input embedding: the first 2-D weight of an Embedding module.
  let embed: ModuleNode | undefined;
  for (const m of walkModules(tree.root)) {
    if (/Embedding/.test(m.className) && m.params.some((p) => p.name === 'weight' && p.shape.length === 2)) {
      embed = m;
      break;
    }
  }
  const embedW = embed?.params.find((p) => p.name === 'weight');
  const vocab = cfgNum(config, ['vocab_size']) ?? embedW?.shape[0] ?? 0;
  const hidden = cfgNum(config, ['hidden_size', 'n_embd', 'd_model']) ?? embedW?.shape[1] ?? 0;
  const roots = blockRoots(tree);
  const decoderRoots = roots.filter((b) => !/(^|\.)encoder(\.|$)/.test(b.name));
  const windows = layerWindows(config, decoderRoots.length);
  const blocks = roots.map((b) => {
    const d = decoderRoots.indexOf(b);
    return { ...blockDims(b, hidden, config), decoderIndex: d < 0 ? undefined : d, window: d < 0 ? undefined : windows[d] };
  });
  const embedTensor = embed ? (embed.name === '' ? 'weight' : `${embed.name}.weight`) : undefined;
  let headTensor: string | undefined;
  for (const m of tree.root.children) {
    if (/^(lm_head|embed_out|output)$/.test(m.name) && m.params.some((p) => p.name === 'weight')) headTensor = `${m.name}.weight`;
  }
  const activation = String(
    config?.['hidden_act'] ?? config?.['hidden_activation'] ?? config?.['activation_function'] ?? config?.['feed_forward_proj'] ?? 'silu',
  );
  return {
    hidden,
    vocab,
    blocks,
    headTensor: headTensor ?? embedTensor,
    embedTensor,
    logitSoftcap: typeof config?.['final_logit_softcapping'] === 'number',
    activation,
    broadcastMqa: config?.['model_type'] === 'falcon' && config?.['new_decoder_architecture'] !== true,
  };
}

/** Elements of the largest 2-D weight inside a block (what bnb dequantizes at once). */
export function largestBlockWeight(tree: ModelTree, blockName: string): number {
  let best = 0;
  for (const m of walkModules(tree.root)) {
    if (m.name !== blockName && !m.name.startsWith(`${blockName}.`)) continue;
    for (const p of m.params) if (p.shape.length >= 2) best = Math.max(best, numel(p.shape));
  }
  return best;
}

/** Bytes of every tensor inside a block (what an offloaded block brings to the GPU over its forward). */
export function blockWeightBytes(tree: ModelTree, blockName: string, sizes: ReadonlyMap<string, number>): number {
  let total = 0;
  for (const m of walkModules(tree.root)) {
    if (m.name !== blockName && !m.name.startsWith(`${blockName}.`)) continue;
    for (const p of m.params) total += sizes.get(`${m.name}.${p.name}`) ?? 0;
  }
  return total;
}
