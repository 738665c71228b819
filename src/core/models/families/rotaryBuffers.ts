/**
 * The rotary embedding module a model holds once at model level (Llama and its
 * descendants, Falcon, GPT-NeoX). Mirrors transformers 5.17 `modeling_rope_utils` default rope:
 * `inv_freq = 1 / base ** (arange(0, dim, 2) / dim)` with `dim = int(head_dim * partial_rotary_factor)`,
 * a float32 non-persistent buffer; transformers 5 registers a second copy, `original_inv_freq`
 * (4.x kept it as a plain attribute).
 */
import type { TreeBuilder } from '../builder';
import type { TransformersMajor } from '../tree';

export function rotaryModule(b: TreeBuilder, className: string, headDim: number, partialFactor: number, major: TransformersMajor): void {
  const dim = Math.floor(headDim * partialFactor);
  const half = Math.ceil(dim / 2); // arange(0, dim, 2) has ceil(dim / 2) entries
  b.module('rotary_emb', className, () => {
    b.buffer('inv_freq', [half], false, 'fp32');
    if (major === 5) b.buffer('original_inv_freq', [half], false, 'fp32');
  });
}
