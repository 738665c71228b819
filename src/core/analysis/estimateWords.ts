/**
 * The words around the per-card estimate (the step, the parts, the table's columns) that the
 * hover, the CodeLens, the status bar, DM012 and the rebalance titles share: templates like a
 * rule's, so a locale words every face at once.
 */
import { voice } from './messages';

export const ESTIMATE_MESSAGES = {
  modeLoad: 'loading',
  modeForward: 'a forward pass of {batch} × {seq} tokens',
  modeGenerate: 'generating {newTokens} tokens after {batch} × {prompt}',
  modeTrainLora: 'a LoRA step (r={rank}) at {batch} × {seq} tokens',
  modeTrainFull: 'a full fine-tuning step (AdamW) at {batch} × {seq} tokens',
  modeTrainFullGc: 'a full fine-tuning step (AdamW) at {batch} × {seq} tokens with gradient checkpointing',
  weightsAndContext: 'weights + CUDA context:',
  peakOver: 'Peak over {mode}:',
  howComputed: 'How each number is computed:',
  notMeasured: 'Not measured on a GPU:',
  over: '⚠ over',
  colDevice: 'device',
  colKeys: 'keys',
  colWeights: 'weights',
  colKvCache: 'KV cache',
  colActivations: 'activations',
  colTraining: 'training',
  colContext: 'context',
  colTotal: 'total',
  colCapacity: 'capacity',
  colUse: 'use',
  colModules: 'modules',
  partWeights: 'weights {bytes}',
  partKvCache: 'KV cache {bytes}',
  partKv: 'KV {bytes}',
  partActivations: 'activations {bytes}',
  partTraining: 'training {bytes}',
  partLora: 'LoRA {bytes}',
  partContext: 'context {bytes}',
  partCudaContext: 'CUDA context {bytes}',
  resolvingModel: 'resolving model…',
  openLayout: 'Open layout',
  setGpusForSplit: 'set the GPUs (deviceMapStudio.gpus) to see the split',
  modulesCount: '{count} modules',
  amountWeights: '{bytes} weights',
  amountKvCache: '{bytes} KV cache',
  amountActivations: '{bytes} activations',
  amountLora: '{bytes} LoRA training state',
  amountFullTraining: '{bytes} gradients and AdamW states',
  amountContext: '{bytes} CUDA context',
  breakdownOfStep: '{parts}, {mode}',
} as const;

export const estimateSay = voice('estimate', ESTIMATE_MESSAGES);
