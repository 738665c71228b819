// The flow on the real setup core: the answers become the request `device-map init` builds
// (same files as planSetup on that request), and the core's alternatives come back as answers.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { catalogueConfig, parseGpusFlag, planSetup, treeFor, DEFAULT_SETUP } from '../../../src/core/index';
import { runSetupFlow } from '../../../src/extension/setup/flow';
import { studioSetupCore } from '../../../src/extension/setup/setupCore';
import { FakeDriver, pick, type } from './fakeDriver';
import { fakeServices } from './fakeServices';

const machine = () => ({ contextBytes: DEFAULT_SETUP.contextBytes, trainingReserve: DEFAULT_SETUP.trainingReserve });
const services = () => ({ ...fakeServices(), core: studioSetupCore(machine) });
const tree = (id: string) => treeFor(catalogueConfig(id)!, { transformers: 5 }).tree;

function answers(model: string, count: string, task: string, placement: string, processes: string, format: string) {
  return [
    pick(model),
    pick('RTX 4090'),
    type(count),
    pick(task),
    pick(placement),
    pick(processes),
    pick(format),
    pick('The workspace folder'),
  ];
}

describe('New Setup on the real core', () => {
  test('Llama-2-7B, 2 × RTX 4090, LoRA, our planner, one process, Python: the files planSetup writes for that request', async () => {
    const id = 'meta-llama/Llama-2-7b-hf';
    const driver = new FakeDriver(answers(id, '2', 'LoRA', "Device Map Studio's planner", 'One process', 'Python script'));
    const r = await runSetupFlow(driver, services());
    assert.equal(r.kind, 'done');
    if (r.kind !== 'done') return;
    const expected = planSetup({
      model: { id, tree: tree(id) },
      cards: parseGpusFlag('2xrtx4090').gpus,
      task: 'lora',
      strategy: 'studio',
      processes: 1,
      formats: ['python'],
    });
    assert.ok(expected.fits && expected.files.length > 0);
    assert.deepEqual(
      r.files.map((f) => [f.path, f.content]),
      expected.files.map((f) => [f.relativePath, f.content]),
    );
    assert.deepEqual(
      r.files.map((f) => f.showLayout ?? false),
      expected.files.map((f) => f.languageId === 'python'),
    );
    assert.match(r.summary, /^cuda:0 [\d.]+ GiB \/ 23\.64 GiB · cuda:1 [\d.]+ GiB \/ 23\.64 GiB\./);
  });

  test("the placement step shows each strategy with the core's per-card line", async () => {
    const id = 'meta-llama/Llama-2-7b-hf';
    const driver = new FakeDriver([...answers(id, '2', 'LoRA', '', '', '').slice(0, 4), () => ({ kind: 'cancel' })]);
    await runSetupFlow(driver, services());
    const labels = driver.asked.at(-1)!.labels;
    assert.deepEqual(
      labels,
      [
        "Device Map Studio's planner",
        'device_map="auto"',
        'device_map="balanced"',
        'device_map="balanced_low_0"',
        'device_map="sequential"',
      ].map((l, i) => (labels[i]!.startsWith('$(warning)') ? `$(warning) ${l}` : l)),
    );
  });

  test('two processes × one card: no JSON map offered (each loads a whole copy); hybrid: per-rank maps', async () => {
    const id = 'Qwen/Qwen2.5-0.5B';
    const dp = new FakeDriver([
      ...answers(id, '4', 'Inference', "Device Map Studio's planner", '4 processes, data parallel', 'torchrun launch script'),
    ]);
    const r = await runSetupFlow(dp, services());
    assert.equal(r.kind, 'done');
    assert.ok(!dp.asked.at(-2)!.labels.includes('JSON map file'));
    const hybrid = new FakeDriver([
      ...answers(id, '4', 'Inference', "Device Map Studio's planner", '2 processes × 2 cards', 'JSON map file'),
    ]);
    const h = await runSetupFlow(hybrid, services());
    assert.equal(h.kind, 'done');
    // The request `device-map init --processes 2 --layout hybrid --format json` makes: one map per process.
    const expected = planSetup({
      model: { id, tree: tree(id) },
      cards: parseGpusFlag('4xrtx4090').gpus,
      task: 'inference',
      processes: 2,
      layout: 'hybrid',
      formats: ['json'],
    });
    assert.equal(expected.files.length, 2);
    if (h.kind === 'done')
      assert.deepEqual(
        h.files.map((f) => [f.path, f.content]),
        expected.files.map((f) => [f.relativePath, f.content]),
      );
  });

  test("Llama-2-13B LoRA on one RTX 4090 does not fit: the core's numbers, and QLoRA offered and planned", async () => {
    const id = 'meta-llama/Llama-2-13b-hf';
    const driver = new FakeDriver([
      ...answers(id, '1', 'LoRA', "Device Map Studio's planner", 'One process', 'Python script'),
      pick('QLoRA'),
    ]);
    const r = await runSetupFlow(driver, services());
    const misfit = driver.asked.at(-1)!;
    assert.equal(misfit.title, 'New Setup: does not fit');
    assert.match(misfit.problem ?? '', /does not fit 1 × RTX 4090 24 GB \(23\.64 GiB\) for LoRA/);
    assert.ok(
      misfit.labels.some((l) => /QLoRA \(4-bit\) instead of LoRA/.test(l)),
      misfit.labels.join(' | '),
    );
    assert.equal(r.kind, 'done');
    if (r.kind === 'done') assert.equal(r.answers.task, 'qlora');
  });
});
