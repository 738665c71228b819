/**
 * KV cache of the blocks on one card: transformers' DynamicCache keeps, for
 * every decoder block, keys and values of every cached token on the block's own
 * device. Widths come from the tree's k/v projections, so GQA and MQA count
 * what they store; a sliding-window layer keeps at most its window.
 */
import type { BlockDims } from './modelDims';

export function blockKvBytes(b: BlockDims, batch: number, tokens: number, elementBytes: number): number {
  if (b.decoderIndex === undefined) return 0;
  const kept = b.window !== undefined ? Math.min(tokens, b.window) : tokens;
  return batch * kept * b.kvWidth * elementBytes;
}

export function kvFormula(blocks: readonly BlockDims[], batch: number, tokens: number, elementBytes: number): string {
  if (blocks.length === 0) return 'no decoder blocks on this card';
  const b = blocks[0]!;
  const win = blocks.some((x) => x.window !== undefined) ? ` (sliding layers keep ≤ ${blocks.find((x) => x.window)!.window} tokens)` : '';
  return `${blocks.length} blocks × batch ${batch} × ${tokens} tokens × (k+v width ${b.kvWidth}) × ${elementBytes} B${win}`;
}
