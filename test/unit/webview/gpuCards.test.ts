/** The toolbar's GPU edits change only the card the user touched and keep a mixed machine mixed. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseGpuSetting } from '../../../src/core/gpuSpecs';
import { GIB, GPU_PRESETS } from '../../../src/core/settings';

/** Preset sizes are the bytes the card reports (core/settings.ts), not round GiB. */
const presetMemory = (id: string): number => GPU_PRESETS.find((p) => p.id === id)!.memory;
import {
  MAX_CARDS,
  addCard,
  cardLabel,
  isUniform,
  presetIdOf,
  removeCard,
  sameCards,
  setCardMemory,
  setCardPreset,
  setUniformCount,
  setUniformMemory,
  setUniformPreset,
} from '../../../src/webview/gpuCards';

const mixed = parseGpuSetting([{ name: 'A6000', memoryGiB: 48 }, '24GiB', 'a100-80']).gpus;

describe('gpuCards', () => {
  it('parses the mixed setting the tests start from', () => {
    assert.deepEqual(mixed, [
      { name: 'A6000', memory: 48 * GIB },
      { name: 'GPU', memory: 24 * GIB },
      { name: 'A100 80 GB', memory: presetMemory('a100-80') },
    ]);
    assert.equal(isUniform(mixed), false);
    assert.equal(isUniform(parseGpuSetting(['4xrtx4090']).gpus), true);
  });

  it('a memory edit changes that card only; a user name stays, a preset name goes', () => {
    const a = setCardMemory(mixed, 0, 46);
    assert.deepEqual(a, [{ name: 'A6000', memory: 46 * GIB }, mixed[1], mixed[2]]);
    const b = setCardMemory(mixed, 2, 40);
    assert.deepEqual(b[2], { name: 'GPU', memory: 40 * GIB });
    assert.deepEqual(b.slice(0, 2), mixed.slice(0, 2));
  });

  it('a bad index or size, or the value already shown, leaves the list as it is', () => {
    for (const next of [
      setCardMemory(mixed, 5, 10),
      setCardMemory(mixed, 0, 0),
      setCardMemory(mixed, 0, Number.NaN),
      setCardMemory(mixed, 1, 24),
    ]) {
      assert.ok(sameCards(next, mixed));
    }
  });

  it('a preset edit sets that card to the preset; custom keeps the memory', () => {
    const a = setCardPreset(mixed, 1, 'rtx4090');
    assert.deepEqual(a, [mixed[0], { name: 'RTX 4090 24 GB', memory: presetMemory('rtx4090') }, mixed[2]]);
    assert.equal(presetIdOf(a[1]!), 'rtx4090');
    const b = setCardPreset(a, 1, '');
    assert.deepEqual(b[1], { name: 'GPU', memory: presetMemory('rtx4090') });
    assert.deepEqual(setCardPreset(mixed, 0, '')[0], mixed[0]);
  });

  it('adds a copy of the last card and removes exactly one, never the last', () => {
    assert.deepEqual(addCard(mixed), [...mixed, mixed[2]]);
    assert.deepEqual(removeCard(mixed, 1), [mixed[0], mixed[2]]);
    assert.deepEqual(removeCard([mixed[0]!], 0), [mixed[0]]);
    assert.equal(addCard(setUniformCount(mixed, 500)).length, MAX_CARDS);
    assert.deepEqual(addCard([]), [{ name: 'GPU', memory: 24 * GIB }]);
  });

  it('compact controls on identical cards resize, resize and re-preset all of them', () => {
    const four = parseGpuSetting(['2xrtx4090']).gpus;
    assert.deepEqual(setUniformCount(four, 3), [four[0], four[0], four[0]]);
    assert.deepEqual(setUniformMemory(four, 20), [
      { name: 'GPU', memory: 20 * GIB },
      { name: 'GPU', memory: 20 * GIB },
    ]);
    assert.deepEqual(setUniformPreset(four, 'a100-40').map(presetIdOf), ['a100-40', 'a100-40']);
  });

  it('edits never return the input array, so the toolbar can compare before and after', () => {
    const next = setCardMemory(mixed, 9, 1);
    assert.notEqual(next, mixed);
    next[0] = { name: 'x', memory: 1 };
    assert.equal(mixed[0]!.name, 'A6000');
  });

  it('labels say the index, the user name and the memory of custom cards', () => {
    assert.equal(cardLabel(mixed[0]!, 0), 'GPU 0 · A6000 48 GiB');
    assert.equal(cardLabel(mixed[1]!, 1), 'GPU 1 24 GiB');
    assert.equal(cardLabel(mixed[2]!, 2), 'GPU 2 · A100 80 GB');
  });

  it('property: a one-card edit changes at most that card', () => {
    const card = fc
      .record({ name: fc.constantFrom('GPU', 'A6000', 'RTX 4090 24 GB'), memory: fc.integer({ min: 1, max: 200 }).map((g) => g * GIB) })
      .map((c) => ({ ...c }));
    fc.assert(
      fc.property(
        fc.array(card, { minLength: 1, maxLength: 8 }),
        fc.nat(),
        fc.double({ min: 0.5, max: 200, noNaN: true }),
        (cards, at, gib) => {
          const i = at % cards.length;
          const next = setCardMemory(cards, i, gib);
          assert.equal(next.length, cards.length);
          next.forEach((c, j) => {
            if (j !== i) assert.deepEqual(c, cards[j]);
          });
        },
      ),
    );
  });
});
