/** Property tests: any header JSON and any tensor names give a tree or a clear SafetensorsError, never a crash, and bytes add up. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { headerFromJson, SafetensorsError } from '../../../../src/core/models/safetensors/header';
import { treeFromSafetensorsHeaders } from '../../../../src/core/models/safetensors/treeFromHeaders';
import { computeModuleSizes } from '../../../../src/core/memory/moduleSizes';
import { namedTensors } from '../../../../src/core/models/tree';
import { ST_BYTES } from './safetensorsBytes';

test('arbitrary JSON as a header: a header or a SafetensorsError', () => {
  fc.assert(
    fc.property(fc.jsonValue(), (json) => {
      try {
        headerFromJson(json, 'prop');
      } catch (e) {
        assert.ok(e instanceof SafetensorsError, String(e));
      }
    }),
    { numRuns: 500 },
  );
});

const segment = fc.oneof(
  fc.constantFrom('model', 'layers', 'h', 'block', 'mlp', 'attn', 'norm', 'lm_head', 'embed_tokens', 'wte'),
  fc.nat({ max: 12 }).map(String),
);
const tensorName = fc
  .array(segment, { minLength: 0, maxLength: 4 })
  .chain((parts) => fc.constantFrom('weight', 'bias').map((leaf) => [...parts, leaf].join('.')));
const dtype = fc.constantFrom('F32', 'F16', 'BF16', 'I64', 'U8', 'BOOL');
const tensor = fc.record({ name: tensorName, dtype, shape: fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 3 }) });

test('any set of tensor names: a tree holding every tensor once, sizes equal to the stored bytes', () => {
  fc.assert(
    fc.property(fc.uniqueArray(tensor, { selector: (t) => t.name, minLength: 1, maxLength: 40 }), (tensors) => {
      // A name that is both a module and a tensor (`a.weight` and `a.weight.bias`) cannot come from torch: skip those sets.
      const names = new Set(tensors.map((t) => t.name));
      fc.pre(![...names].some((n) => [...names].some((m) => m.startsWith(`${n}.`))));
      const header = {
        tensors: tensors.map((t) => [t.name, { dtype: t.dtype, shape: t.shape, data_offsets: [0, 0] as [number, number] }] as const),
      };
      const tree = treeFromSafetensorsHeaders([header]);
      const seen = [...namedTensors(tree.root)].map((t) => t.fullName).sort();
      assert.deepEqual(seen, [...names].sort());
      const expected = tensors.reduce((s, t) => s + t.shape.reduce((a, b) => a * b, 1) * ST_BYTES[t.dtype]!, 0);
      assert.equal(computeModuleSizes(tree).sizes.get(''), expected);
    }),
    { numRuns: 300 },
  );
});
