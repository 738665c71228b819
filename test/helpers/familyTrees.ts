/** Readers over a built model tree for the catalogue family tests (GPT-2, T5, Falcon, GPT-NeoX, OPT, BLOOM). */
import { modelFromConfig } from '../../src/core/models/registry';
import { ConfigError, type HFConfig } from '../../src/core/models/config';
import { computeModuleSizes } from '../../src/core/memory/moduleSizes';
import { moduleIndex, namedTensors, walkModules, type ModelTree, type TransformersMajor } from '../../src/core/models/tree';

export function build(config: HFConfig, transformers: TransformersMajor = 5): ModelTree {
  return modelFromConfig(config, { transformers });
}

/** Full parameter name -> shape. */
export function params(tree: ModelTree): Map<string, readonly number[]> {
  return new Map([...namedTensors(tree.root)].filter((t) => t.tensor.kind === 'param').map((t) => [t.fullName, t.tensor.shape]));
}

/** Full buffer name -> { shape, persistent, dtype }. */
export function buffers(tree: ModelTree): Map<string, { shape: readonly number[]; persistent: boolean; dtype?: string }> {
  return new Map(
    [...namedTensors(tree.root)]
      .filter((t) => t.tensor.kind === 'buffer')
      .map((t) => [t.fullName, { shape: t.tensor.shape, persistent: t.tensor.persistent === true, ...(t.tensor.dtype ? { dtype: t.tensor.dtype } : {}) }]),
  );
}

export function classOf(tree: ModelTree, module: string): string | undefined {
  return moduleIndex(tree.root).get(module)?.className;
}

/** Local names of a module's direct children, in registration order. */
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
  let n = 0;
  for (const [name, shape] of params(tree)) {
    if (name in tree.tiedWeights) continue;
    n += shape.reduce((a, b) => a * b, 1);
  }
  return n;
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
