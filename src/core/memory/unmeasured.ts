/**
 * What the estimate states without a GPU measurement behind it (issue 19).
 * bitsandbytes could not be installed on the GPU host the estimate was
 * calibrated on, so every 4-bit and 8-bit runtime figure is derived, not
 * measured; weights of quantized models are exact (sizes from the quantizer's
 * own storage rules), the runtime around them is not. The hover and
 * `device-map estimate --json` show these lines.
 */
import type { EstimateMode } from './estimateTypes';
import type { Quantization } from './quantization';

export function unmeasuredParts(q: Quantization | undefined, mode: EstimateMode, offloadedBlocks: boolean): string[] {
  const out: string[] = [];
  if (q && mode.kind !== 'load') {
    const bits = q.method === 'bnb-4bit' ? '4-bit' : '8-bit';
    out.push(
      `${bits} runtime (bitsandbytes) is unmeasured: assumed activations, KV cache and logits in bf16 (the compute dtype), ` +
        `one block's largest weight dequantized to bf16 at a time, and the same per-block working set as the unquantized model` +
        (mode.kind === 'train-lora' ? '; LoRA adapters in fp32 with AdamW (16 B per trainable parameter), as measured unquantized' : ''),
    );
  }
  if (mode.kind === 'train-full' && q)
    out.push(
      'full fine-tuning of a 4/8-bit model is unmeasured (transformers refuses to train a purely quantized model without adapters): gradients and AdamW states assumed at the stored size',
    );
  if (mode.kind === 'train-full' && offloadedBlocks)
    out.push(
      'full fine-tuning with CPU-offloaded parameters is unmeasured: assumed their gradients and AdamW states stay on the CPU and autograd keeps every streamed weight on the GPU until backward',
    );
  if (offloadedBlocks && mode.kind === 'train-lora') {
    out.push(
      'training through CPU-offloaded blocks is unmeasured: assumed autograd keeps every streamed weight on the GPU until backward (a Linear saves its weight for the input gradient)' +
        (mode.gradientCheckpointing ? "; with checkpointing, one recomputed block's weights at a time" : ''),
    );
  }
  return out;
}
