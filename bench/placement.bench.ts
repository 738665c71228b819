/** Planning speed: a 70B model through every strategy, from config to device map. */
import { modelFromConfig } from '../src/core/models/registry';
import { expandStrategy } from '../src/core/placement/strategy';
import { computeModuleSizes } from '../src/core/memory/moduleSizes';
import type { Device } from '../src/core/base/devices';
import { LLAMA_70B_CONFIG } from './llama70b';
import { bench } from './harness';

const llama70b = LLAMA_70B_CONFIG;
const GiB = 2 ** 30;
const eightH100 = new Map<Device, number>([...Array.from({ length: 8 }, (_, i) => [i, 80 * GiB] as [Device, number]), ['cpu', 500 * GiB]]);
const twoSmall = new Map<Device, number>([
  [0, 24 * GiB],
  [1, 24 * GiB],
  ['cpu', 100 * GiB],
]);

const tree = modelFromConfig(llama70b);
const build = bench('build Llama-2-70B tree from config', () => modelFromConfig(llama70b));
// Cold: a fresh tree each run, so no cached sizes help (what the first hover or `device-map plan` pays).
const sizes = bench('module sizes, 70B (bf16), cold', () => computeModuleSizes(modelFromConfig(llama70b), { dtype: 'bf16' }));
const cold = bench('config -> tree -> balanced plan on 8x80GiB, cold', () =>
  expandStrategy(modelFromConfig(llama70b), 'balanced', eightH100, { dtype: 'bf16' }),
);
const balanced = bench(
  'plan 70B balanced on 8x80GiB, warm tree',
  () => expandStrategy(tree, 'balanced', eightH100, { dtype: 'bf16' }),
  50,
  5,
  'plan_70b_ms',
);
bench('plan 70B balanced_low_0 on 8x80GiB', () => expandStrategy(tree, 'balanced_low_0', eightH100, { dtype: 'bf16' }));
const offload = bench('plan 70B sequential on 2x24GiB + CPU offload', () =>
  expandStrategy(tree, 'sequential', twoSmall, { dtype: 'bf16' }),
);
console.log(
  `ratios: cold plan / warm plan ${(cold / balanced).toFixed(2)}x; tree build ${(build / cold).toFixed(2)}x and sizes ${(sizes / cold).toFixed(2)}x of a cold plan; offload plan / balanced ${(offload / balanced).toFixed(2)}x`,
);

// Our planner on the same 70B model: from scratch and against a current map.
import { planDeviceMap } from '../src/core/placement/planner/planner';
const ours = bench('our planner 70B on 8x80GiB, from scratch', () => planDeviceMap(tree, { dtype: 'bf16', gpus: Array(8).fill(80 * GiB) }));
const current = planDeviceMap(tree, { dtype: 'bf16', gpus: Array(8).fill(80 * GiB) }).deviceMap;
bench('our planner 70B on 8x80GiB, minimal change vs current map', () =>
  planDeviceMap(tree, { dtype: 'bf16', gpus: Array(8).fill(80 * GiB), current }),
);
console.log(`ratio: our planner / transformers balanced (warm) ${(ours / balanced).toFixed(2)}x`);
