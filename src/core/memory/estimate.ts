/**
 * Memory beyond weights, per card: weights (the bytes placed there), KV cache,
 * activations, LoRA training state and CUDA context, each the card's peak over
 * the step (issue 7). Calibrated against torch.cuda.max_memory_allocated on
 * H200s; see docs/calibration.md for estimate vs measured per case.
 */
import type { HFConfig } from '../models/config';
import { joinName, walkModules, type ModelTree } from '../models/tree';
import { assignTensors } from '../models/assign';
import { isGpu, type Device } from '../base/devices';
import { DTYPE_BYTES, type DType } from '../base/dtypes';
import type { DeviceEstimate, EstimateMode, MemoryEstimate } from './estimateTypes';
import { computeModuleSizes } from './moduleSizes';
import type { Quantization } from './quantization';
import { unmeasuredParts } from './unmeasured';
import { contextBytes, type ContextSettings } from './context';
import { blockKvBytes, kvFormula } from './kvCache';
import {
  blockTransientBytes,
  expertGatherBytes,
  headTransientBytes,
  scoreCount,
  scoresMaterialized,
  slidingMaskBytes,
  type AttentionKernel,
} from './activations';
import { ADAMW_BYTES_PER_TRAINABLE, loraAdapters, lossTransientBytes, savedPerToken } from './training';
import { fullTrainingPeak, trainableLinearInputsPerToken } from './fullTraining';
import { blockWeightBytes, largestBlockWeight, modelDims, type BlockDims } from './modelDims';
import { attentionKernelFor } from './attentionKernel';
import { attentionTerm, scoreBytesFor } from './attentionTerm';

export interface EstimateOptions {
  /** dtype the model is loaded in; default the config's, else fp32. */
  readonly dtype?: DType;
  readonly quantization?: Quantization;
  /** The model's config.json: splits fused q/k/v, names sliding windows and soft-capping. Default: the one the tree was built from. */
  readonly config?: HFConfig;
  readonly context?: ContextSettings;
  /** Forward mode: whether the pass builds a KV cache (transformers' default for decoders: yes). */
  readonly useCache?: boolean;
  /** `attn_implementation`: SDPA (transformers' default) or eager, which materializes attention scores. */
  readonly attention?: AttentionKernel;
}

type Mut = { -readonly [K in keyof DeviceEstimate]: DeviceEstimate[K] };
const ZERO = (): Mut => ({ weights: 0, kv_cache: 0, activations: 0, training: 0, context: 0, total: 0 });

/** The dtype the weights load in: the one asked for, else the config's, else fp32 (as from_pretrained does). */
export function loadDType(tree: Pick<ModelTree, 'configDType'>, asked?: DType): DType {
  return asked ?? tree.configDType ?? 'fp32';
}

/** Full names of every buffer in the tree. */
function bufferNames(tree: ModelTree): Set<string> {
  const out = new Set<string>();
  for (const m of walkModules(tree.root)) for (const b of m.buffers) out.add(joinName(m.name, b.name));
  return out;
}

export function estimateMemory(
  tree: ModelTree,
  deviceMap: ReadonlyMap<string, Device>,
  mode: EstimateMode,
  opts: EstimateOptions = {},
): MemoryEstimate {
  const dtype = loadDType(tree, opts.dtype);
  // Activations run in the compute dtype; bnb models compute in bf16.
  const act = opts.quantization && dtype === 'fp32' ? 2 : DTYPE_BYTES[dtype];
  // Memory really allocated, whichever major placed it (transformers 4 under-counted bitsandbytes models when placing).
  const { sizes } = computeModuleSizes(tree, {
    dtype,
    includeTensors: true,
    allocated: true,
    ...(opts.quantization ? { quantization: opts.quantization } : {}),
  });
  const { tensorDevice } = assignTensors(tree, deviceMap);
  const devices = new Map<Device, Mut>();
  const formulas = new Map<Device, Partial<Record<keyof DeviceEstimate, string>>>();
  const get = (d: Device): Mut => {
    let e = devices.get(d);
    if (!e) devices.set(d, (e = ZERO()));
    if (!formulas.has(d)) formulas.set(d, {});
    return e;
  };
  for (const d of deviceMap.values()) get(d);

  // Weights: exactly the bytes of the tensors each card holds (tied copies counted once).
  const gpusInMap = [...deviceMap.values()].filter(isGpu);
  const mainGpuOfMap = gpusInMap.length ? Math.min(...gpusInMap) : undefined;
  const buffers = bufferNames(tree);
  /** Parameter bytes per card (not buffers): full fine-tuning keeps each parameter's gradient and states there. */
  const paramBytesOn = new Map<Device, number>();
  for (const [name, dev] of tensorDevice) {
    const bytes = sizes.get(name);
    if (bytes === undefined) continue;
    if (!buffers.has(name)) paramBytesOn.set(dev, (paramBytesOn.get(dev) ?? 0) + bytes);
    // dispatch_model (offload_buffers=False, from_pretrained's default) keeps the buffers of CPU-offloaded modules on the main GPU.
    if ((dev === 'cpu' || dev === 'disk') && buffers.has(name) && mainGpuOfMap !== undefined) get(mainGpuOfMap).weights += bytes;
    else get(dev).weights += bytes;
  }
  for (const [d, e] of devices)
    formulas.get(d)!.weights =
      `Σ bytes of the parameters and buffers placed on ${String(d)} (${dtype}${opts.quantization ? `, ${opts.quantization.method}` : ''})`;

  const dims = modelDims(tree, opts.config ?? tree.config);
  const gpus = [...devices.keys()].filter(isGpu);
  const mainGpu = gpus.length ? Math.min(...gpus) : undefined;
  // Offloaded blocks execute on the main GPU (accelerate's hooks), and so do their activations and cache.
  const execDevice = (d: Device | undefined): Device | undefined => (d === undefined ? undefined : isGpu(d) ? d : (mainGpu ?? d));
  const deviceOfPrefix = (prefix: string): Device | undefined => {
    for (const [n, d] of tensorDevice) if (n.startsWith(`${prefix}.`)) return d;
    return undefined;
  };
  const blocksOn = new Map<Device, BlockDims[]>();
  const offloadedBlockBytes = new Map<Device, number>();
  /** Training: bytes of the offloaded blocks gradients flow through (autograd holds their streamed weights). */
  const offloadedBlockTotal = new Map<Device, number>();
  const largestOffloadedBlock = new Map<Device, number>();
  // Gradients flow back through a block only from the first block LoRA wraps on (earlier blocks run without autograd).
  const adapterModules = mode.kind === 'train-lora' ? loraAdapters(tree, mode.targets, mode.rank).map((a) => a.module) : [];
  const firstTrained =
    mode.kind === 'train-full' ? 0 : dims.blocks.findIndex((b) => adapterModules.some((m) => m.startsWith(`${b.name}.`)));
  for (const [i, b] of dims.blocks.entries()) {
    const home = deviceOfPrefix(b.name);
    const d = execDevice(home);
    if (d === undefined) continue;
    if (!blocksOn.has(d)) blocksOn.set(d, []);
    blocksOn.get(d)!.push(b);
    // accelerate streams an offloaded block's weights module by module: the largest one is the transient.
    if (home !== undefined && !isGpu(home)) {
      offloadedBlockBytes.set(d, Math.max(offloadedBlockBytes.get(d) ?? 0, largestBlockWeight(tree, b.name) * DTYPE_BYTES[dtype]));
      const whole = blockWeightBytes(tree, b.name, sizes);
      if (firstTrained >= 0 && i >= firstTrained) {
        offloadedBlockTotal.set(d, (offloadedBlockTotal.get(d) ?? 0) + whole);
        largestOffloadedBlock.set(d, Math.max(largestOffloadedBlock.get(d) ?? 0, whole));
      }
    }
  }
  const headHome = dims.headTensor
    ? (tensorDevice.get(dims.headTensor) ?? tensorDevice.get(tree.tiedWeights[dims.headTensor] ?? ''))
    : undefined;
  const headDev = execDevice(headHome);
  // An offloaded head (lm_head on the CPU) is brought to the execution GPU whole while it runs.
  const streamedHead = headHome !== undefined && !isGpu(headHome) && dims.headTensor ? (sizes.get(dims.headTensor) ?? 0) : 0;
  // The config's model_type when given, else the tree's (the editor passes no config).
  const modelType = String(opts.config?.['model_type'] ?? tree.modelType);
  const kernel = attentionKernelFor(modelType, opts.attention);
  // Bytes per materialized score: the family's eager path, or SDPA's math fallback (eagerAttention.ts, activations.ts).
  const perScore = scoreBytesFor(kernel, modelType, opts.config ?? tree.config, act);
  const embedDev = execDevice(dims.embedTensor ? tensorDevice.get(dims.embedTensor) : undefined);

  const ctxMode = mode.kind === 'load' ? 'load' : mode.kind === 'train-lora' || mode.kind === 'train-full' ? 'train' : 'infer';
  for (const [d, e] of devices) {
    if (!isGpu(d)) continue;
    const runsMatmuls = (blocksOn.get(d)?.length ?? 0) > 0 || headDev === d;
    const c = contextBytes(opts.context ?? {}, ctxMode, runsMatmuls);
    e.context = c.bytes;
    formulas.get(d)!.context = c.formula;
  }

  if (mode.kind !== 'load') {
    const batch = mode.batch;
    const seq = mode.kind === 'generate' ? mode.prompt : mode.seq;
    const tokens = batch * seq;
    for (const d of devices.keys()) {
      const e = get(d);
      const f = formulas.get(d)!;
      const blocks = blocksOn.get(d) ?? [];
      const holdsEmbed = embedDev === d;
      const materialized = (b: BlockDims): boolean => scoresMaterialized(kernel, dims.broadcastMqa, b, act);
      const scoresInfer = (b: BlockDims): number => (materialized(b) ? scoreCount(b, batch, seq, seq) * perScore.infer : 0);
      const streamed = offloadedBlockBytes.get(d) ?? 0;
      // accelerate's hook frees a streamed Linear's weight after that Linear runs, so the largest streamed weight
      // (an MLP projection) and the attention scores are never alive together.
      const blockPeak = Math.max(
        0,
        ...blocks.map(
          (b) => blockTransientBytes(b, dims.hidden, dims.activation, tokens, act, holdsEmbed) + Math.max(scoresInfer(b), streamed),
        ),
      );
      // Eager attention adds a 4-D mask (batch × seq × seq) to the scores, which also covers sliding windows.
      const mask = blocks.length && perScore.mask ? batch * seq * seq * perScore.mask : slidingMaskBytes(blocks, batch, seq);
      const dequant = opts.quantization && blocks.length ? Math.max(...blocks.map((b) => largestBlockWeight(tree, b.name))) * act : 0;
      const extra = mask + dequant;

      if (mode.kind === 'forward' || mode.kind === 'generate') {
        const cached = mode.kind === 'generate' ? mode.prompt + mode.newTokens : opts.useCache === false ? 0 : seq;
        const prefillKv = blocks.reduce((s, b) => s + blockKvBytes(b, batch, mode.kind === 'generate' ? mode.prompt : cached, act), 0);
        const finalKv = blocks.reduce((s, b) => s + blockKvBytes(b, batch, cached, act), 0);
        // Generation computes logits for the last position only (logits_to_keep=1).
        const logitTokens = mode.kind === 'generate' ? batch : tokens;
        const head = headDev === d ? headTransientBytes(logitTokens, dims.vocab, dims.hidden, act, dims.logitSoftcap) : 0;
        const copy = embedDev === d && headDev !== d ? logitTokens * dims.vocab * act : 0;
        // Phases: a block runs (its working set + its streamed weight), or the head runs (logits + the streamed head).
        const headPhase = head ? head + streamedHead : 0;
        const prefill = prefillKv + Math.max(blockPeak + extra, headPhase, copy);
        // A decoding step: one more cache row per block, and for MoE the gathered expert weights of one block.
        const gather = mode.kind === 'generate' ? Math.max(0, ...blocks.map((b) => expertGatherBytes(b, batch, DTYPE_BYTES[dtype]))) : 0;
        // Its query is one token: materialized scores are batch × heads × 1 × cached, one layer at a time.
        const decodeScores =
          mode.kind === 'generate'
            ? Math.max(0, ...blocks.map((b) => (materialized(b) ? scoreCount(b, batch, 1, cached) * perScore.infer : 0)))
            : 0;
        const decode = finalKv + (blocks.length ? batch * blocks[0]!.kvWidth * act * 2 : 0) + gather + decodeScores;
        e.kv_cache = finalKv;
        e.activations = Math.max(prefill, decode) - finalKv;
        f.kv_cache = kvFormula(
          blocks.filter((b) => b.decoderIndex !== undefined),
          batch,
          cached,
          act,
        );
        const attn = attentionTerm(blocks, materialized, batch, seq, perScore, 0);
        const scores = `${attn ? ` (incl. ${attn})` : ''}${streamed ? `, or the largest offloaded weight accelerate streams in ${streamed} B` : ''}`;
        f.activations = `peak of: prefill = one block's working set ${blockPeak} B${scores}${extra ? ` + ${extra} B (attention mask / dequantized weight)` : ''}, logits ${head} B${streamedHead && head ? ` + offloaded head streamed in ${streamedHead} B` : ''}${copy ? `, logits copied to the input's card ${copy} B` : ''}; last decoding step${gather ? ` with ${gather} B of gathered expert weights` : ''}`;
      } else {
        const gc = mode.gradientCheckpointing;
        const full = mode.kind === 'train-full';
        const scoresSaved = (b: BlockDims): number => (materialized(b) ? scoreCount(b, batch, seq, seq) * perScore.saved : 0);
        // Trainable weights keep their Linear inputs too (a frozen base needs only its weights for the input gradient).
        const perToken = (b: BlockDims): number =>
          savedPerToken(b, dims.hidden, dims.activation) + (full ? trainableLinearInputsPerToken(b, dims.activation) : 0);
        const saved = blocks.reduce((s, b) => s + (gc ? tokens * act * dims.hidden : tokens * act * perToken(b) + scoresSaved(b)), 0);
        const recompute = gc
          ? Math.max(0, ...blocks.map((b) => tokens * act * (perToken(b) + 3 * b.intermediate) + scoresSaved(b) + scoresInfer(b)))
          : 0;
        // Full fine-tuning: the head's weight gradient is made while the logits' gradient is alive.
        const headGrad = full && headDev === d && dims.headTensor ? (sizes.get(dims.headTensor) ?? 0) : 0;
        const loss = headDev === d ? lossTransientBytes(tokens, dims.vocab, act, dims.logitSoftcap) + headGrad : 0;
        const copy = embedDev === d && headDev !== d ? tokens * dims.vocab * act : 0;
        // Offloaded weights streamed in for the forward stay referenced by autograd (a Linear saves its weight
        // for the input gradient) until backward frees them; with checkpointing only the recomputed block's do.
        const heldStreamed = gc ? 0 : (offloadedBlockTotal.get(d) ?? 0);
        const recomputeStreamed = gc && recompute ? (largestOffloadedBlock.get(d) ?? 0) : 0;
        // The logits copy lives only at the end of the forward (the caller keeps the loss, not the outputs).
        e.activations =
          saved + heldStreamed + Math.max(blockPeak + extra, recompute + recomputeStreamed + extra, loss ? loss + streamedHead : 0, copy);
        const attn = attentionTerm(blocks, materialized, batch, seq, perScore, gc ? 0 : blocks.filter(materialized).length);
        f.activations = `saved for backward ${saved} B (${gc ? 'block inputs only: gradient checkpointing' : full ? 'every block, with every Linear input' : 'every block'}${attn ? `; ${attn}${gc ? ', saved again for the recomputed block' : ''}` : ''})${heldStreamed ? ` + offloaded block weights autograd keeps on the GPU until backward ${heldStreamed} B` : ''} + peak of: block working set ${blockPeak} B${gc ? `, one block recomputed ${recompute} B${recomputeStreamed ? ` + its offloaded weights held for its backward ${recomputeStreamed} B` : ''}` : ''}${extra ? ` (+ ${extra} B mask/dequantized)` : ''}, loss over fp32 logits ${loss} B${headGrad ? ` (incl. the head's weight gradient ${headGrad} B)` : ''}${streamedHead && loss ? ` + offloaded head ${streamedHead} B` : ''}${copy ? `, logits copy ${copy} B` : ''}`;
      }
    }
    if (mode.kind === 'train-full')
      for (const [d, e] of devices) {
        const embedBytes = dims.embedTensor && tensorDevice.get(dims.embedTensor) === d ? (sizes.get(dims.embedTensor) ?? 0) : 0;
        const accumulator = DTYPE_BYTES[dtype] < 4 ? (embedBytes / DTYPE_BYTES[dtype]) * 4 : 0;
        const peak = fullTrainingPeak(paramBytesOn.get(d) ?? 0, e.activations, accumulator);
        e.training = peak.training;
        e.activations = peak.activations;
        formulas.get(d)!.training = peak.formula;
      }
    if (mode.kind === 'train-lora') {
      for (const a of loraAdapters(tree, mode.targets, mode.rank)) {
        const d = execDevice(tensorDevice.get(`${a.module}.weight`));
        if (d === undefined) continue;
        get(d).training += a.params * ADAMW_BYTES_PER_TRAINABLE;
      }
      for (const [d, e] of devices)
        formulas.get(d)!.training =
          `LoRA r=${mode.rank} on ${mode.targets.join(',')}: ${e.training / ADAMW_BYTES_PER_TRAINABLE} params × 16 B (fp32 adapter 4 + grad 4 + AdamW moments 8)`;
    }
  }
  for (const e of devices.values()) e.total = e.weights + e.kv_cache + e.activations + e.training + e.context;
  return { devices, formulas, unmeasured: unmeasuredParts(opts.quantization, mode, offloadedBlockTotal.size > 0) };
}
