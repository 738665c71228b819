/** Small readers over a built model tree, for the family and catalogue tests (one helper file for all of them). */
import { modelFromConfig } from '../../src/core/models/registry';
import { ConfigError, type HFConfig } from '../../src/core/models/config';
import { computeModuleSizes } from '../../src/core/memory/moduleSizes';
import { moduleIndex, namedTensors, walkModules, type ModelTree, type TransformersMajor } from '../../src/core/models/tree';

export function build(config: HFConfig, transformers: TransformersMajor = 5): ModelTree {
  return modelFromConfig(config, { transformers });
}

/** `named_parameters()` as [name, shape] pairs, in registration order. */
export function paramList(tree: ModelTree): [string, number[]][] {
  return [...namedTensors(tree.root)].filter((t) => t.tensor.kind === 'param').map((t) => [t.fullName, [...t.tensor.shape]]);
}

/** Full parameter name -> shape. */
export function params(tree: ModelTree): Map<string, readonly number[]> {
  return new Map([...namedTensors(tree.root)].filter((t) => t.tensor.kind === 'param').map((t) => [t.fullName, t.tensor.shape]));
}

/** `named_buffers()` as [name, shape, persistent] triples, in registration order. */
export function bufferList(tree: ModelTree): [string, number[], boolean][] {
  return [...namedTensors(tree.root)]
    .filter((t) => t.tensor.kind === 'buffer')
    .map((t) => [t.fullName, [...t.tensor.shape], t.tensor.persistent === true]);
}

/** Full buffer name -> { shape, persistent, dtype }. */
export function buffers(tree: ModelTree): Map<string, { shape: readonly number[]; persistent: boolean; dtype?: string }> {
  return new Map(
    [...namedTensors(tree.root)]
      .filter((t) => t.tensor.kind === 'buffer')
      .map((t) => [
        t.fullName,
        { shape: t.tensor.shape, persistent: t.tensor.persistent === true, ...(t.tensor.dtype ? { dtype: t.tensor.dtype } : {}) },
      ]),
  );
}

export function shapeOf(tree: ModelTree, name: string): number[] | undefined {
  return paramList(tree).find(([n]) => n === name)?.[1];
}

export function classOf(tree: ModelTree, module: string): string | undefined {
  return moduleIndex(tree.root).get(module)?.className;
}

/** Direct children of a module, by local name, in order ([] for an unknown module). */
export function childrenOf(tree: ModelTree, module: string): string[] {
  const m = moduleIndex(tree.root).get(module);
  return m ? m.children.map((c) => c.name.slice(module === '' ? 0 : module.length + 1)) : [];
}

/** Local names of a module's direct children, in registration order; throws for an unknown module. */
export function childNames(tree: ModelTree, module: string): string[] {
  const m = moduleIndex(tree.root).get(module);
  if (!m) throw new Error(`no module ${module}`);
  return m.children.map((c) => c.name.split('.').pop()!);
}

export function moduleNames(tree: ModelTree): string[] {
  return [...walkModules(tree.root)].map((m) => m.name);
}

/** Parameters counted the way transformers reports a model's size: tied copies once. */
export function paramCount(tree: ModelTree): number {
  const tied = new Set(Object.keys(tree.tiedWeights));
  return paramList(tree)
    .filter(([n]) => !tied.has(n))
    .reduce((sum, [, shape]) => sum + shape.reduce((a, b) => a * b, 1), 0);
}

export function bf16Total(tree: ModelTree): number {
  return computeModuleSizes(tree, { dtype: 'bf16' }).sizes.get('') ?? 0;
}

/** The message of the ConfigError `fn` throws (fails the test if it throws anything else or nothing). */
export function configErrorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError) return e.message;
    throw new Error(`expected a ConfigError, got ${String(e)}`);
  }
  throw new Error('expected a ConfigError, nothing was thrown');
}
