/**
 * The tree each loader class builds, against transformers 5.17 itself
 * (test/fixtures/generated/loader-classes.json, from tools/gen_loader_reference.py):
 * where we model a class the tree must match exactly; where we do not, we must say so.
 * (`no_split_modules` as recorded there came out empty from the meta build, so the
 * per-model reference.json files remain the ground truth for it.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { GENERATED, readJson } from '../../helpers/fixtures';
import { treeFor } from '../../../src/core/models/loaderClass';
import { namedTensors } from '../../../src/core/models/tree';
import type { HFConfig } from '../../../src/core/models/config';

interface Built {
  class: string;
  parameters: [string, number[]][];
  buffers: [string, number[]][];
  tied_weights: Record<string, string>;
}
type Recorded = Record<string, { config: HFConfig } & Record<string, Built | { error: string }>>;

const recorded = readJson<Recorded>(join(GENERATED, 'loader-classes.json'));

for (const [model, byLoader] of Object.entries(recorded)) {
  for (const [loader, ref] of Object.entries(byLoader)) {
    if (loader === 'config') continue;
    test(`${model} loaded with ${loader}`, () => {
      const { tree, notes } = treeFor(byLoader.config, { loaderClass: loader });
      if ('error' in ref || notes.length > 0) {
        // transformers has no such class for this type, or we do not model it: the default tree, with a note.
        assert.ok(
          notes.length > 0,
          `${loader} on ${model}: transformers ${'error' in ref ? `raised ${ref.error}` : `builds ${ref.class}`} but we gave no note`,
        );
        return;
      }
      assert.equal(tree.className, ref.class);
      const tensors = [...namedTensors(tree.root)];
      assert.deepEqual(
        tensors.filter((t) => t.tensor.kind === 'param').map((t) => [t.fullName, [...t.tensor.shape]]),
        ref.parameters,
      );
      assert.deepEqual(
        tensors.filter((t) => t.tensor.kind === 'buffer').map((t) => [t.fullName, [...t.tensor.shape]]),
        ref.buffers,
      );
      assert.deepEqual(tree.tiedWeights, ref.tied_weights);
    });
  }
}
