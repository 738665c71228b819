/**
 * The catalogue of architectures: `config.json` -> module tree, for every family
 * we know by `model_type`. Unknown types get an error that names the families
 * and the safetensors route, which works for any architecture.
 */
import { ConfigError, configDType, type HFConfig } from './config';
import type { ModelFamily } from './family';
import { namedTensors, numel, type ModuleNode, type ModelTree, type TransformersMajor } from './tree';
import { FAMILIES } from './families/index';

const byType = new Map<string, ModelFamily>();
for (const f of FAMILIES) for (const t of f.modelTypes) byType.set(t, f);

export function supportedModelTypes(): string[] {
  return [...byType.keys()].sort();
}

export class UnknownModelTypeError extends ConfigError {}

export function familyFor(modelType: string): ModelFamily | undefined {
  return byType.get(modelType);
}

export interface FromConfigOptions {
  readonly transformers?: TransformersMajor;
}

/** Builds the tree transformers would build for this config, or throws a ConfigError that says why. */
export function modelFromConfig(config: HFConfig, opts: FromConfigOptions = {}): ModelTree {
  const major = opts.transformers ?? 5;
  const modelType = config['model_type'];
  if (typeof modelType !== 'string' || modelType === '') {
    throw new ConfigError('config.json has no "model_type": cannot tell which architecture it is');
  }
  const family = byType.get(modelType);
  if (!family) {
    throw new UnknownModelTypeError(
      `model_type "${modelType}" is not in the built-in catalogue (supported: ${supportedModelTypes().join(', ')}). ` +
        'Point the model at a folder with *.safetensors files: their headers give the exact tree and sizes for any architecture.',
    );
  }
  const built = family.build(config, major);
  assertExactSizes(built.root);
  const dtype = configDType(config);
  return {
    ...built,
    modelType,
    transformers: major,
    source: `catalogue: ${family.label}`,
    ...(dtype ? { configDType: dtype } : {}),
    config,
  };
}

/** Every tensor's element count and their sum must be exact integers: otherwise sizes would print as NaN or Infinity. */
export function assertExactSizes(root: ModuleNode): void {
  let total = 0;
  for (const { fullName, tensor } of namedTensors(root)) {
    const n = numel(tensor.shape);
    total += n;
    if (!Number.isSafeInteger(n) || !Number.isSafeInteger(total * 8)) {
      throw new ConfigError(
        `the tensor sizes cannot be represented exactly (at ${fullName}, shape [${tensor.shape.join(', ')}]): the config's dimensions are not a real model's`,
      );
    }
  }
}
