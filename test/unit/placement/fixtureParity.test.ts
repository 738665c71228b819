/** Every recorded placement and module size of transformers 5.17 must come out identical. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { basename, join } from 'node:path';
import { GENERATED, modelFixtureDirs, readJson, type Reference } from '../../helpers/fixtures';
import { modelFromConfig } from '../../../src/core/models/registry';
import { computeModuleSizes } from '../../../src/core/memory/moduleSizes';
import { expandStrategy } from '../../../src/core/placement/strategy';
import { maxMemoryFromRecord } from '../../../src/core/base/devices';
import type { HFConfig } from '../../../src/core/models/config';

// The shared fixtures, then the ground truth we recorded ourselves with tools/gen_reference.py.
for (const dir of [...modelFixtureDirs(), ...modelFixtureDirs(GENERATED)]) {
  const name = basename(dir);
  const config = readJson<HFConfig>(join(dir, 'config.json'));
  const ref = readJson<Reference>(join(dir, 'reference.json'));
  const transformers = ref.transformers_major ?? 5;

  test(`${name}: tree, no-split and ties match transformers`, () => {
    const tree = modelFromConfig(config, { transformers });
    assert.equal(tree.className, ref.class);
    assert.deepEqual([...tree.noSplitModules].sort(), [...ref.no_split_modules].sort());
    assert.deepEqual(tree.tiedWeights, ref.tied_weights);
  });

  test(`${name}: module sizes in bf16 equal compute_module_sizes`, () => {
    const tree = modelFromConfig(config, { transformers });
    const { sizes } = computeModuleSizes(tree, { dtype: 'bf16' });
    assert.deepEqual(Object.fromEntries(sizes), ref.module_sizes_bf16);
  });

  for (const p of ref.placements) {
    test(`${name}: ${p.strategy} ${p.dtype} on ${p.scenario}`, () => {
      const tree = modelFromConfig(config, { transformers });
      const { deviceMap } = expandStrategy(tree, p.strategy, maxMemoryFromRecord(p.max_memory), { dtype: p.dtype });
      assert.deepEqual(Object.fromEntries(deviceMap), p.device_map);
    });
  }
}
