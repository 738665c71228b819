/**
 * The Llama-template families against the recorded transformers 5.17 trees: every
 * parameter name and shape in registration order, every buffer with its persistence,
 * and (where recorded) every module's class in `named_modules()` order. The parity
 * test checks sizes and placements; this one checks the names users see.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { basename, join } from 'node:path';
import { GENERATED, modelFixtureDirs, readJson, type Reference } from '../../helpers/fixtures';
import { build, bufferList, paramList } from '../../helpers/trees';
import { walkModules } from '../../../src/core/models/tree';
import type { HFConfig } from '../../../src/core/models/config';

const FAMILY_TYPES = new Set(['mistral', 'mixtral', 'qwen2', 'qwen3', 'qwen', 'gemma', 'gemma2', 'phi3']);

const dirs = [...modelFixtureDirs(), ...modelFixtureDirs(GENERATED)].filter((dir) =>
  FAMILY_TYPES.has(String(readJson<HFConfig>(join(dir, 'config.json'))['model_type'])),
);

test('there is recorded ground truth for these families', () => {
  assert.ok(dirs.length >= 3, `found ${dirs.length} fixture folders`);
});

for (const dir of dirs) {
  const name = basename(dir);
  const config = readJson<HFConfig>(join(dir, 'config.json'));
  const ref = readJson<Reference & { class_of_module?: Record<string, string> }>(join(dir, 'reference.json'));
  const tree = build(config, ref.transformers_major ?? 5);

  test(`${name}: parameters in registration order`, () => {
    assert.deepEqual(paramList(tree), ref.parameters);
  });

  test(`${name}: buffers with persistence`, () => {
    assert.deepEqual(bufferList(tree), ref.buffers);
  });

  if (ref.class_of_module) {
    test(`${name}: module classes in named_modules order`, () => {
      const ours = [...walkModules(tree.root)].map((m) => [m.name, m.className]);
      assert.deepEqual(ours, Object.entries(ref.class_of_module!));
    });
  }
}
