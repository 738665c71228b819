/** The panel saves exactly the cards the user set, keeping the spelling of the entries they did not touch. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseGpuSetting } from '../../../src/core/gpuSpecs';
import { GB, GIB, GPU_PRESETS } from '../../../src/core/settings';
import { gpuSettingEntries, gpuSettingEntry } from '../../../src/core/view/gpuSettingEntries';
import { addCard, removeCard, setCardMemory, setCardPreset } from '../../../src/webview/gpuCards';

const setting = [{ name: 'A6000', memoryGiB: 48 }, '2x24GiB', 'a100-80', '48GB'];
const cards = parseGpuSetting(setting).gpus;

describe('gpuSettingEntries', () => {
  it('an untouched setup is written back entry for entry', () => {
    assert.deepEqual(gpuSettingEntries(cards, setting), setting);
  });

  it('one edited card changes its entry only; the rest keep their spelling', () => {
    const edited = setCardMemory(cards, 0, 46);
    assert.deepEqual(gpuSettingEntries(edited, setting), [{ name: 'A6000', memoryGiB: 46 }, '2x24GiB', 'a100-80', '48GB']);
    // Editing one of the "2x24GiB" pair splits it into two entries, one per card.
    const split = setCardPreset(cards, 2, 'rtx4090');
    assert.deepEqual(gpuSettingEntries(split, setting), [{ name: 'A6000', memoryGiB: 48 }, '24GiB', 'rtx4090', 'a100-80', '48GB']);
  });

  it('removed and added cards', () => {
    assert.deepEqual(gpuSettingEntries(removeCard(cards, 3), setting), [{ name: 'A6000', memoryGiB: 48 }, '2x24GiB', '48GB']);
    assert.deepEqual(gpuSettingEntries(addCard(cards), setting), [...setting, '48GB']);
  });

  it('a new card gets the plainest entry that reads back exactly', () => {
    assert.equal(gpuSettingEntry({ name: 'A100 80 GB', memory: GPU_PRESETS.find((p) => p.id === 'a100-80')!.memory }), 'a100-80');
    // The preset's name at another size is a named card, not the preset.
    assert.deepEqual(gpuSettingEntry({ name: 'A100 80 GB', memory: 80 * GIB }), { name: 'A100 80 GB', memoryGiB: 80 });
    assert.equal(gpuSettingEntry({ name: 'GPU', memory: 22.5 * GIB }), '22.5GiB');
    assert.equal(gpuSettingEntry({ name: 'GPU', memory: 48 * GB }), '48GB');
    assert.deepEqual(gpuSettingEntry({ name: 'A6000', memory: 48 * GB }), { name: 'A6000', memoryGiB: (48 * GB) / GIB });
    assert.deepEqual(gpuSettingEntry({ name: 'GPU', memory: Math.round(22.37 * GIB) }), { name: 'GPU', memoryGiB: 22.37 });
  });

  it('no previous setting, or one that is not a list, still writes every card', () => {
    assert.deepEqual(gpuSettingEntries(cards, undefined), [{ name: 'A6000', memoryGiB: 48 }, '24GiB', '24GiB', 'a100-80', '48GB']);
    assert.deepEqual(gpuSettingEntries(cards, '4x24GiB'), gpuSettingEntries(cards, undefined));
  });

  it('property: whatever the previous setting, the entries read back as exactly the cards', () => {
    const entry = fc.oneof(
      fc.constantFrom('a100-80', 'rtx4090', '24GiB', '2x24GiB', '48GB', 'bogus'),
      fc.record({ name: fc.constantFrom('A6000', 'GPU'), memoryGiB: fc.integer({ min: 1, max: 96 }) }).map((o) => ({ ...o })),
    );
    const card = fc
      .record({
        name: fc.constantFrom('GPU', 'A6000', 'RTX 4090 24 GB'),
        memory: fc.oneof(
          fc.integer({ min: 1, max: 96 }).map((g) => g * GIB),
          fc.integer({ min: 1, max: 2 ** 37 }),
        ),
      })
      .map((c) => ({ ...c }));
    fc.assert(
      fc.property(fc.array(card, { minLength: 1, maxLength: 6 }), fc.array(entry, { maxLength: 6 }), (list, previous) => {
        const back = parseGpuSetting(gpuSettingEntries(list, previous));
        assert.deepEqual(back.errors, []);
        assert.deepEqual(back.gpus, list);
      }),
      { numRuns: 300 },
    );
  });
});
