/**
 * A small imperative builder so that each family file reads like the
 * `__init__` methods it mirrors: modules are registered in definition order,
 * and parameters/buffers are attached to the module being built.
 */
import type { DType } from '../base/dtypes';
import { joinName, type ModuleNode, type TensorSpec } from './tree';

interface MutableNode {
  name: string;
  className: string;
  params: TensorSpec[];
  buffers: TensorSpec[];
  children: MutableNode[];
}

export class TreeBuilder {
  private readonly stack: MutableNode[];

  constructor(rootClass: string) {
    this.stack = [{ name: '', className: rootClass, params: [], buffers: [], children: [] }];
  }

  private get current(): MutableNode {
    return this.stack[this.stack.length - 1]!;
  }

  /** Registers a child module and builds its contents inside `body`. */
  module(local: string, className: string, body?: () => void): this {
    const node: MutableNode = { name: joinName(this.current.name, local), className, params: [], buffers: [], children: [] };
    this.current.children.push(node);
    if (body) {
      this.stack.push(node);
      try {
        body();
      } finally {
        this.stack.pop();
      }
    }
    return this;
  }

  param(local: string, shape: readonly number[], dtype?: DType): this {
    this.current.params.push(dtype ? { name: local, shape, kind: 'param', dtype } : { name: local, shape, kind: 'param' });
    return this;
  }

  buffer(local: string, shape: readonly number[], persistent: boolean, dtype?: DType): this {
    this.current.buffers.push(
      dtype ? { name: local, shape, kind: 'buffer', persistent, dtype } : { name: local, shape, kind: 'buffer', persistent },
    );
    return this;
  }

  /** `nn.Linear(inF, outF, bias)`: weight `[out, in]`, then bias `[out]`. */
  linear(local: string, inF: number, outF: number, bias: boolean): this {
    return this.module(local, 'Linear', () => {
      this.param('weight', [outF, inF]);
      if (bias) this.param('bias', [outF]);
    });
  }

  /** transformers' `Conv1D(nf=outF, nx=inF)` (GPT-2): a transposed linear, weight `[in, out]`, then bias `[out]`. */
  conv1d(local: string, inF: number, outF: number): this {
    return this.module(local, 'Conv1D', () => {
      this.param('weight', [inF, outF]);
      this.param('bias', [outF]);
    });
  }

  /** `nn.Embedding(num, dim)`. */
  embedding(local: string, num: number, dim: number): this {
    return this.module(local, 'Embedding', () => this.param('weight', [num, dim]));
  }

  /** A norm with a weight and optionally a bias (`nn.LayerNorm`, `LlamaRMSNorm`...). */
  norm(local: string, className: string, dim: number, bias: boolean): this {
    return this.module(local, className, () => {
      this.param('weight', [dim]);
      if (bias) this.param('bias', [dim]);
    });
  }

  /** A module with no tensors (dropout, activation): it still exists in the tree. */
  empty(local: string, className: string): this {
    return this.module(local, className);
  }

  /** Repeats `body(i)` inside an `nn.ModuleList` named `local`. */
  moduleList(local: string, count: number, body: (i: number) => void): this {
    return this.module(local, 'ModuleList', () => {
      for (let i = 0; i < count; i++) body(i);
    });
  }

  build(): ModuleNode {
    return this.stack[0]!;
  }
}
