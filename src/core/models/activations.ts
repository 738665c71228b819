/**
 * The module class transformers registers for an activation name.
 * Mirrors transformers 5.17 `activations.ACT2CLS` (what `ACT2FN[name]` instantiates):
 * activations are modules, so they exist in the tree and placements may name them.
 * Only parameter-free activations are listed (`prelu`/`xielu` hold weights and no family here uses them).
 */
import { ConfigError } from './config';
import type { TransformersMajor } from './tree';

const ACT2CLS: Readonly<Record<string, string>> = {
  gelu: 'GELUActivation',
  gelu_10: 'ClippedGELUActivation',
  gelu_fast: 'FastGELUActivation',
  gelu_new: 'NewGELUActivation',
  gelu_python: 'GELUActivation',
  gelu_pytorch_tanh: 'GELUTanh',
  gelu_python_tanh: 'GELUTanh',
  gelu_accurate: 'AccurateGELUActivation',
  hardswish: 'Hardswish',
  laplace: 'LaplaceActivation',
  leaky_relu: 'LeakyReLU',
  linear: 'LinearActivation',
  mish: 'MishActivation',
  quick_gelu: 'QuickGELUActivation',
  relu: 'ReLU',
  relu2: 'ReLUSquaredActivation',
  relu6: 'ReLU6',
  sigmoid: 'Sigmoid',
  silu: 'SiLUActivation',
  swish: 'SiLU', // torch's nn.SiLU, unlike "silu"
  tanh: 'Tanh',
};

/** transformers 4 used torch's `nn.SiLU` for "silu" too. */
const V4_OVERRIDES: Readonly<Record<string, string>> = {
  silu: 'SiLU',
};

/** Class name of `ACT2FN[name]`; an unknown name is a ConfigError, as transformers raises a KeyError. */
export function activationClass(name: string, major: TransformersMajor = 5): string {
  const cls = (major === 4 ? V4_OVERRIDES[name] : undefined) ?? ACT2CLS[name];
  if (!cls) {
    throw new ConfigError(`unknown activation "${name}" (known: ${Object.keys(ACT2CLS).sort().join(', ')})`);
  }
  return cls;
}
