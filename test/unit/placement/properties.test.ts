/**
 * Properties of the placement port on random synthetic models: whatever the
 * shapes and budgets, a placement never exceeds a GPU or CPU budget, covers
 * every tensor, never cuts a no-split block, keeps tied weights together, and
 * never throws.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { TreeBuilder } from '../../../src/core/models/builder';
import type { ModelTree } from '../../../src/core/models/tree';
import { walkModules, joinName } from '../../../src/core/models/tree';
import { assignTensors } from '../../../src/core/models/assign';
import { bytesPerDevice } from '../../../src/core/placement/deviceBytes';
import { expandStrategy, STRATEGIES } from '../../../src/core/placement/strategy';
import type { Device } from '../../../src/core/base/devices';

interface Shape {
  vocab: number;
  hidden: number;
  inter: number;
  layers: number;
  tied: boolean;
  rotary: boolean;
  biases: boolean;
}

const shapeArb: fc.Arbitrary<Shape> = fc.record({
  vocab: fc.integer({ min: 8, max: 5000 }),
  hidden: fc.integer({ min: 4, max: 512 }),
  inter: fc.integer({ min: 4, max: 2048 }),
  layers: fc.integer({ min: 1, max: 40 }),
  tied: fc.boolean(),
  rotary: fc.boolean(),
  biases: fc.boolean(),
});

function synthetic(s: Shape): ModelTree {
  const b = new TreeBuilder('ToyForCausalLM');
  b.module('model', 'ToyModel', () => {
    b.embedding('embed_tokens', s.vocab, s.hidden);
    b.moduleList('layers', s.layers, (i) =>
      b.module(String(i), 'ToyBlock', () => {
        b.module('attn', 'ToyAttention', () => {
          b.linear('qkv', s.hidden, 3 * s.hidden, s.biases);
          b.linear('out', s.hidden, s.hidden, s.biases);
        });
        b.module('mlp', 'ToyMLP', () => {
          b.linear('up', s.hidden, s.inter, s.biases);
          b.linear('down', s.inter, s.hidden, s.biases);
          b.empty('act', 'GELU');
        });
        b.norm('norm', 'ToyNorm', s.hidden, s.biases);
      }),
    );
    b.norm('norm', 'ToyNorm', s.hidden, false);
    if (s.rotary) b.module('rotary', 'ToyRotary', () => b.buffer('inv_freq', [Math.max(1, s.hidden >> 1)], false, 'fp32'));
  });
  b.linear('lm_head', s.hidden, s.vocab, false);
  return {
    root: b.build(),
    modelType: 'toy',
    className: 'ToyForCausalLM',
    noSplitModules: ['ToyBlock'],
    tiedWeights: s.tied ? { 'lm_head.weight': 'model.embed_tokens.weight' } : {},
    transformers: 5,
    source: 'test',
  };
}

const memoryArb = fc.record({
  gpus: fc.array(fc.integer({ min: 0, max: 40_000_000 }), { minLength: 0, maxLength: 5 }),
  cpu: fc.option(fc.integer({ min: 0, max: 80_000_000 }), { nil: undefined }),
  disk: fc.boolean(),
});

test('random models and budgets: within budget, fully covered, blocks whole, ties together', () => {
  fc.assert(
    fc.property(
      shapeArb,
      memoryArb,
      fc.constantFrom(...STRATEGIES),
      fc.constantFrom('bf16' as const, 'fp32' as const),
      (shape, mem, strategy, dtype) => {
        const tree = synthetic(shape);
        const input = new Map<Device, number>();
        mem.gpus.forEach((m, i) => input.set(i, m));
        if (mem.cpu !== undefined) input.set('cpu', mem.cpu);
        if (mem.disk) input.set('disk', 1e12);
        const { deviceMap, budgets } = expandStrategy(tree, strategy, input, { dtype });

        // Every tensor lands somewhere.
        const a = assignTensors(tree, deviceMap);
        assert.deepEqual(a.uncoveredParams, []);
        assert.deepEqual(a.uncoveredBuffers, []);
        assert.deepEqual(a.unmatchedKeys, []);

        // No device receives more than its budget (disk is unlimited).
        for (const [device, bytes] of bytesPerDevice(tree, deviceMap, { dtype })) {
          if (device === 'disk') continue;
          assert.ok(bytes <= (budgets.get(device) ?? 0), `${String(device)} holds ${bytes} > ${budgets.get(device)}`);
        }

        // A no-split block never spans devices.
        for (const m of walkModules(tree.root)) {
          if (m.className !== 'ToyBlock') continue;
          const devices = new Set([...a.tensorDevice].filter(([t]) => t.startsWith(`${m.name}.`)).map(([, d]) => d));
          assert.ok(devices.size <= 1, `${m.name} split over ${[...devices].join(', ')}`);
        }

        // Tied weights end up on one device.
        for (const [tiedKey, source] of Object.entries(tree.tiedWeights)) {
          assert.equal(a.tensorDevice.get(tiedKey), a.tensorDevice.get(source), `${tiedKey} apart from ${source}`);
        }
        // Keys are real module (or tensor) names.
        for (const k of deviceMap.keys()) {
          if (k === '') continue;
          const parent = k.split('.').slice(0, -1).join('.');
          const last = k.split('.').pop()!;
          const exists = [...walkModules(tree.root)].some(
            (m) => m.name === k || (m.name === parent && m.params.some((p) => joinName(parent, p.name) === joinName(parent, last))),
          );
          assert.ok(exists, `unknown key ${k}`);
        }
      },
    ),
    { numRuns: 300 },
  );
});
