/**
 * Which blocks are selected: one anchor and a contiguous forward-order range
 * (shift extends it), as a drag or a keyboard move carries them.
 */
import { rangeBetween } from './layout/geometry';

export class BlockSelection {
  private anchor = -1;
  private indices: number[] = [];

  get size(): number {
    return this.indices.length;
  }

  has(index: number): boolean {
    return this.indices.includes(index);
  }

  /** Selected indices in forward order. */
  all(): readonly number[] {
    return this.indices;
  }

  select(index: number): void {
    this.anchor = index;
    this.indices = [index];
  }

  /** Shift-click / shift-arrow: everything from the anchor to `index`. */
  extendTo(index: number): void {
    if (this.anchor < 0) return this.select(index);
    this.indices = rangeBetween(this.anchor, index);
  }

  clear(): void {
    this.anchor = -1;
    this.indices = [];
  }

  /** Keeps indices that still exist after a redraw with `count` blocks. */
  restore(indices: readonly number[], count: number): void {
    this.indices = indices.filter((i) => i >= 0 && i < count);
    this.anchor = this.indices[0] ?? -1;
  }
}
