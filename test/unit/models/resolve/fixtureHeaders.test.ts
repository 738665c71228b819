/**
 * The recorded transformers trees, written as bf16 safetensors headers the way
 * save_pretrained writes them (tied copies left out): sizes from the headers
 * must equal the recorded module sizes, with or without config.json.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join, basename } from 'node:path';
import { modelFixtureDirs, readJson, type Reference } from '../../../helpers/fixtures';
import { parseHeaderBytes } from '../../../../src/core/models/safetensors/header';
import { treeFromSafetensorsHeaders } from '../../../../src/core/models/safetensors/treeFromHeaders';
import { computeModuleSizes } from '../../../../src/core/memory/moduleSizes';
import { familyFor } from '../../../../src/core/models/registry';
import { safetensorsHeaderBytes, type TestTensor } from './safetensorsBytes';

for (const dir of modelFixtureDirs()) {
  const ref = readJson<Reference>(join(dir, 'reference.json'));
  const config = readJson<Record<string, unknown>>(join(dir, 'config.json'));
  const tensors: TestTensor[] = ref.parameters
    .filter(([n]) => !(n in ref.tied_weights))
    .map(([name, shape]) => ({ name, shape, dtype: 'BF16' }));
  const half = Math.ceil(tensors.length / 2);
  const headers = [tensors.slice(half), tensors.slice(0, half)].map((ts) =>
    parseHeaderBytes(safetensorsHeaderBytes(ts).bytes.subarray(8), 'fixture'),
  );
  const bufferModules = ref.buffers.map(([n]) => n);
  const holdsBuffer = (m: string): boolean => bufferModules.some((b) => m === '' || b.startsWith(`${m}.`));

  test(`${basename(dir)}: header tree without config matches every recorded module size that holds no buffer`, () => {
    const sizes = computeModuleSizes(treeFromSafetensorsHeaders(headers)).sizes;
    let compared = 0;
    for (const [m, bytes] of Object.entries(ref.module_sizes_bf16)) {
      if (holdsBuffer(m) || !sizes.has(m)) continue;
      assert.equal(sizes.get(m), bytes, m);
      compared++;
    }
    assert.ok(compared > 10, `compared ${compared} modules`);
  });

  const family = familyFor(String(config['model_type']));
  test(`${basename(dir)}: header tree with config.json ${family ? 'equals the recorded sizes exactly' : 'falls back to names (family not built yet)'}`, () => {
    const tree = treeFromSafetensorsHeaders(headers, config);
    const sizes = computeModuleSizes(tree).sizes;
    if (family) {
      assert.deepEqual(Object.fromEntries(sizes), ref.module_sizes_bf16);
      assert.deepEqual(tree.tiedWeights, ref.tied_weights);
    } else {
      assert.match(tree.source, /safetensors headers/);
      assert.deepEqual(
        Object.keys(tree.tiedWeights),
        Object.keys(ref.tied_weights).filter((k) => k === 'lm_head.weight'),
      );
    }
  });
}
