/** Small readers over a built model tree, for the family tests. */
import { modelFromConfig } from '../../src/core/models/registry';
import type { HFConfig } from '../../src/core/models/config';
import { moduleIndex, namedTensors, type ModelTree, type TransformersMajor } from '../../src/core/models/tree';

export function build(config: HFConfig, transformers: TransformersMajor = 5): ModelTree {
  return modelFromConfig(config, { transformers });
}

/** `named_parameters()` as [name, shape] pairs, in registration order. */
export function paramList(tree: ModelTree): [string, number[]][] {
  return [...namedTensors(tree.root)].filter((t) => t.tensor.kind === 'param').map((t) => [t.fullName, [...t.tensor.shape]]);
}

/** `named_buffers()` as [name, shape, persistent] triples, in registration order. */
export function bufferList(tree: ModelTree): [string, number[], boolean][] {
  return [...namedTensors(tree.root)]
    .filter((t) => t.tensor.kind === 'buffer')
    .map((t) => [t.fullName, [...t.tensor.shape], t.tensor.persistent === true]);
}

export function shapeOf(tree: ModelTree, name: string): number[] | undefined {
  return paramList(tree).find(([n]) => n === name)?.[1];
}

export function classOf(tree: ModelTree, module: string): string | undefined {
  return moduleIndex(tree.root).get(module)?.className;
}

/** Direct children of a module, by local name, in order. */
export function childrenOf(tree: ModelTree, module: string): string[] {
  const m = moduleIndex(tree.root).get(module);
  return m ? m.children.map((c) => c.name.slice(module === '' ? 0 : module.length + 1)) : [];
}

export function paramCount(tree: ModelTree): number {
  const tied = new Set(Object.keys(tree.tiedWeights));
  return paramList(tree)
    .filter(([n]) => !tied.has(n))
    .reduce((sum, [, shape]) => sum + shape.reduce((a, b) => a * b, 1), 0);
}
