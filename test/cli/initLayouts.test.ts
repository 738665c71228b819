/**
 * Issue 17, the other placement choices: transformers' strategies (the map in the file is
 * what the strategy gives for the `max_memory` written there), several processes (data
 * parallel, and hybrid with each process's map on its own cards), each checked clean by
 * `device-map check`, which reads the launch scripts next to the script; and mutations of
 * the written files that the check must catch, so a clean check is not a blind one.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  expandStrategy,
  launchesIn,
  mapEstimate,
  DEFAULT_SETUP,
  parseGpusFlag,
  planSetup,
  SETUP_FORMATS,
  STRATEGIES,
  type Device,
  type SetupTask,
} from '../../src/core/index';
import { catalogueTree, checkFolder, mapInFile, writeFiles } from '../helpers/setupCheck';

const TASKS: SetupTask[] = ['inference', 'lora', 'qlora'];
const ALL = [...SETUP_FORMATS];

function clean(found: Map<string, Array<{ severity: string; code: string; message: string }>>, what: string): void {
  for (const [path, diags] of found)
    assert.deepEqual(
      diags.filter((d) => d.severity === 'error' || d.severity === 'warning'),
      [],
      `${what}: ${path}`,
    );
}

for (const id of ['meta-llama/Llama-3.2-1B', 'mistralai/Mistral-7B-v0.1', 'google-t5/t5-small']) {
  test(`${id}: each transformers strategy's file holds the map that strategy gives for its max_memory`, async () => {
    const tree = catalogueTree(id);
    const gpus = '2xrtx4090';
    const cards = parseGpusFlag(gpus).gpus;
    for (const strategy of STRATEGIES)
      for (const task of TASKS) {
        const key = `${strategy}/${task}`;
        const plan = planSetup({ model: { id, tree }, cards, task, strategy, formats: ALL });
        assert.ok(plan.fits, `${key}: ${plan.limits?.message}`);
        const script = plan.files.find((f) => f.languageId === 'python')!;
        const inFile = mapInFile(script);
        assert.equal(inFile.strategy, strategy, key);
        assert.ok(inFile.maxMemory, `${key}: max_memory written`);
        const quantization = task === 'qlora' ? ({ method: 'bnb-4bit' } as const) : undefined;
        const theirs = expandStrategy(tree, strategy, inFile.maxMemory!, {
          dtype: 'bf16',
          ...(quantization ? { quantization } : {}),
          userSetMaxMemory: true,
        }).deviceMap;
        assert.deepEqual(new Map(theirs), new Map(plan.map), `${key}: transformers' map for the file's max_memory`);
        const est = mapEstimate(tree, theirs, plan.mode!, { ...DEFAULT_SETUP, gpus: cards }, 'bf16', quantization);
        for (const [d, e] of est.devices) assert.ok(typeof d === 'number' && e.total <= cards[d]!.memory, `${key}: ${String(d)} fits`);
        clean(await checkFolder(writeFiles(plan.files), gpus, id), key);
      }
  });
}

test('data parallel: {"": local_rank} per process, no map file, the launch scripts and ms-swift start 2 processes, checked clean', async () => {
  const id = 'meta-llama/Llama-3.2-1B';
  const tree = catalogueTree(id);
  const gpus = '2xrtx4090';
  for (const task of TASKS) {
    const plan = planSetup({ model: { id, tree }, cards: parseGpusFlag(gpus).gpus, task, processes: 2, formats: ALL });
    assert.ok(plan.fits, plan.limits?.message);
    assert.deepEqual(
      plan.ranks.map((k) => [k.cards, [...k.deviceMap]]),
      [
        [[0], [['', 0]]],
        [[1], [['', 1]]],
      ],
    );
    const script = plan.files.find((f) => f.languageId === 'python')!;
    assert.match(script.content, /device_map = \{"": local_rank\}/);
    assert.equal(plan.files.filter((f) => f.languageId === 'json').length, 0);
    // `swift infer` is no launch the check reads (it starts no Python script of ours); `swift sft` is.
    for (const f of plan.files.filter((x) => x.languageId === 'shellscript' && x.relativePath !== 'swift_infer.sh')) {
      const [l] = launchesIn(f.content);
      assert.equal(l?.processes, 2, f.relativePath);
    }
    const swift = plan.files.find((f) => f.relativePath.startsWith('swift_'))!.content;
    assert.match(swift, /CUDA_VISIBLE_DEVICES=0,1 NPROC_PER_NODE=2 swift/);
    assert.doesNotMatch(swift, /--device_map/);
    assert.equal(plan.perCard.length, 2);
    clean(await checkFolder(writeFiles(plan.files), gpus, id), `dp/${task}`);
  }
});

test('hybrid: process r gets cards r, r+P; its map is process 0s shifted by r (ms-swift), in setup_rank<r>.json, checked clean', async () => {
  const id = 'mistralai/Mistral-7B-v0.1';
  const tree = catalogueTree(id);
  const gpus = '4xrtx4090';
  for (const strategy of ['studio', 'balanced'] as const)
    for (const task of TASKS) {
      const key = `${strategy}/${task}`;
      const plan = planSetup({
        model: { id, tree },
        cards: parseGpusFlag(gpus).gpus,
        task,
        strategy,
        processes: 2,
        layout: 'hybrid',
        formats: ALL,
      });
      assert.ok(plan.fits, `${key}: ${plan.limits?.message}`);
      assert.deepEqual(
        plan.ranks.map((k) => k.cards),
        [
          [0, 2],
          [1, 3],
        ],
      );
      const shifted = new Map([...plan.ranks[0]!.deviceMap].map(([k, d]) => [k, typeof d === 'number' ? d + 1 : d] as [string, Device]));
      assert.deepEqual(new Map(plan.ranks[1]!.deviceMap), shifted, `${key}: rank 1 = rank 0 + 1`);
      for (const k of plan.ranks) {
        const f = plan.files.find((x) => x.relativePath === `setup_rank${k.rank}.json`)!;
        assert.deepEqual(mapInFile(f).devices, new Map(k.deviceMap), `${key}: rank ${k.rank}'s file`);
      }
      const script = plan.files.find((f) => f.languageId === 'python')!.content;
      assert.match(script, /os\.environ\["ACCELERATE_BYPASS_DEVICE_MAP"\] = "true"/);
      assert.match(script, /f"setup_rank\{local_rank\}\.json"/);
      const torchrun = plan.files.find((f) => f.relativePath === 'launch_torchrun.sh')!.content;
      assert.deepEqual([launchesIn(torchrun)[0]?.processes, launchesIn(torchrun)[0]?.bypass], [2, true]);
      const swift = plan.files.find((f) => f.relativePath.startsWith('swift_'))!.content;
      const inline = /--device_map '(\{[^']*\})'/.exec(swift)!;
      assert.deepEqual(
        new Map(Object.entries(JSON.parse(inline[1]!))),
        new Map(plan.ranks[0]!.deviceMap),
        `${key}: swift gets process 0's map`,
      );
      assert.match(swift, /CUDA_VISIBLE_DEVICES=0,1,2,3 NPROC_PER_NODE=2 swift/);
      clean(await checkFolder(writeFiles(plan.files), gpus, id), key);
    }
});

test('a clean check is not a blind one: the check catches what is wrong in each kind of written file', async () => {
  const run = async (
    id: string,
    gpus: string,
    req: Parameters<typeof planSetup>[0],
    path: string,
    edit: (s: string) => string,
    code: string,
  ) => {
    const plan = planSetup(req);
    assert.ok(plan.fits, plan.limits?.message);
    const dir = writeFiles(plan.files);
    const file = join(dir, path);
    const before = readFileSync(file, 'utf8');
    const after = edit(before);
    assert.notEqual(after, before, `${path}: the edit applies`);
    writeFileSync(file, after);
    const found = await checkFolder(dir, gpus, id);
    const codes = (found.get(path) ?? []).map((d) => d.code);
    assert.ok(codes.includes(code), `${path}: ${code} expected, got ${codes.join(', ') || 'nothing'}`);
  };
  const llama = { id: 'meta-llama/Llama-3.2-1B', tree: catalogueTree('meta-llama/Llama-3.2-1B') };
  const mistral = { id: 'mistralai/Mistral-7B-v0.1', tree: catalogueTree('mistralai/Mistral-7B-v0.1') };
  const two = parseGpusFlag('2xrtx4090').gpus;
  const four = parseGpusFlag('4xrtx4090').gpus;
  // A card the machine does not have, in the script's dict, the bare map and the QLoRA description.
  await run(
    llama.id,
    '2xrtx4090',
    { model: llama, cards: two, task: 'lora', formats: ['python'] },
    'train.py',
    (s) => s.replace(/": 1,/, '": 5,'),
    'DM007',
  );
  await run(
    llama.id,
    '2xrtx4090',
    { model: llama, cards: two, task: 'inference', formats: ['json'] },
    'device_map.json',
    (s) => s.replace(/("model\.[^"]+": )1/, '$15'),
    'DM007',
  );
  await run(
    llama.id,
    '2xrtx4090',
    { model: llama, cards: two, task: 'qlora', formats: ['json'] },
    'setup.json',
    (s) => s.replace(/("model\.[^"]+": )1/, '$15'),
    'DM007',
  );
  // Process 1's map of a hybrid run, on a card outside the machine.
  await run(
    mistral.id,
    '4xrtx4090',
    { model: mistral, cards: four, task: 'lora', processes: 2, layout: 'hybrid', formats: ['python'] },
    'setup_rank1.json',
    (s) => s.replace(/("model\.[^"]+": )3/, '$19'),
    'DM007',
  );
  // The data-parallel script with device_map="auto" instead: the launch script's 2 processes make it DM019.
  await run(
    llama.id,
    '2xrtx4090',
    { model: llama, cards: two, task: 'lora', processes: 2, formats: ['torchrun'] },
    'train.py',
    (s) => s.replace('device_map = {"": local_rank}', 'device_map = "auto"'),
    'DM019',
  );
  // Over a card: Qwen2.5-14B (29 GiB in bf16) all on card 0 in the dict; a strategy's max_memory naming a card the machine lacks.
  const qwen = { id: 'Qwen/Qwen2.5-14B', tree: catalogueTree('Qwen/Qwen2.5-14B') };
  await run(
    qwen.id,
    '2xrtx4090',
    { model: qwen, cards: two, task: 'inference', formats: ['python'] },
    'infer.py',
    (s) => s.replace(/": 1,/g, '": 0,'),
    'DM011',
  );
  await run(
    qwen.id,
    '2xrtx4090',
    { model: qwen, cards: two, task: 'inference', strategy: 'sequential', formats: ['python'] },
    'infer.py',
    (s) => s.replace(/^(\s+)1: "(\d+MiB)",/m, '$15: "$2",'),
    'DM007',
  );
});
