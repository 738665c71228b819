/**
 * Issue 17, done when: for every catalogue family × task × format, the files `init`
 * writes pass `device-map check` with no error or warning, the map in them is the
 * one the planner computes, and its estimate fits the cards; what cannot fit gives
 * the honest-limits result instead (named below) and writes nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import {
  DEFAULT_SETUP,
  launchesIn,
  loraTargetsOf,
  mapEstimate,
  parseGpusFlag,
  planSetup,
  planWithPolicy,
  SETUP_FORMATS,
  type SetupPlan,
  type SetupTask,
} from '../../src/core/index';
import { REPO_ROOT } from '../helpers/fixtures';
import { catalogueTree, checkFolder, mapInFile, writeFiles } from '../helpers/setupCheck';

/** One checkpoint per family of the catalogue (src/core/models/catalogue), the smallest there is. */
const FAMILIES: Record<string, string> = {
  llama: 'meta-llama/Llama-3.2-1B',
  qwen: 'Qwen/Qwen-7B',
  qwen2: 'Qwen/Qwen2.5-0.5B',
  qwen3: 'Qwen/Qwen3-0.6B',
  mistral: 'mistralai/Mistral-7B-v0.1',
  mixtral: 'mistralai/Mixtral-8x7B-v0.1',
  gemma: 'google/gemma-2b',
  gemma2: 'google/gemma-2-2b',
  phi3: 'microsoft/Phi-3-mini-4k-instruct',
  gpt2: 'openai-community/gpt2',
  falcon: 'tiiuae/falcon-7b',
  gpt_neox: 'EleutherAI/gpt-neox-20b',
  opt: 'facebook/opt-125m',
  bloom: 'bigscience/bloom-560m',
  t5: 'google-t5/t5-small',
};

const GPUS = '2xrtx4090';
const cards = parseGpusFlag(GPUS).gpus;
const TASKS: SetupTask[] = ['inference', 'lora', 'qlora', 'full'];

/**
 * What does not fit two 24 GB cards. Mixtral-8x7B is 87 GiB in bf16 and about 24 GiB in
 * 4-bit; GPT-NeoX-20B's 38.5 GiB in bf16 leave too little room for a LoRA step's activations
 * and the training reserve on the two cards. Full fine-tuning keeps each parameter's gradient
 * and two AdamW states beside it (4 × the weights in bf16): the 7B models and larger do not fit.
 */
const DOES_NOT_FIT = [
  'mixtral/inference',
  'mixtral/lora',
  'mixtral/qlora',
  'gpt_neox/lora',
  'qwen/full',
  'mistral/full',
  'mixtral/full',
  'falcon/full',
  'gpt_neox/full',
];

const schema = JSON.parse(readFileSync(join(REPO_ROOT, 'schemas/device-map.schema.json'), 'utf8'));
const validMap = new Ajv({ strict: false }).compile(schema);

function fileOf(plan: SetupPlan, path: string) {
  const f = plan.files.find((x) => x.relativePath === path);
  assert.ok(f, `${path} written (have ${plan.files.map((x) => x.relativePath).join(', ')})`);
  return f;
}

test('the catalogue has one representative per family here, and each is in it', () => {
  for (const [family, id] of Object.entries(FAMILIES)) assert.equal(catalogueTree(id).modelType, family, id);
});

for (const [family, id] of Object.entries(FAMILIES)) {
  test(`${family} (${id}) on ${GPUS}: every task in every format is checked clean and is the planner's map, or says why not`, async () => {
    const tree = catalogueTree(id);
    const seenLimits: string[] = [];
    for (const task of TASKS) {
      const plan = planSetup({ model: { id, tree }, cards, task, formats: [...SETUP_FORMATS] });
      const key = `${family}/${task}`;
      if (!plan.fits) {
        seenLimits.push(key);
        assert.ok(DOES_NOT_FIT.includes(key), `${key} does not fit: ${plan.limits?.message}`);
        assert.equal(plan.limits?.reason, 'over-capacity', `${key}: ${plan.limits?.message}`);
        assert.equal(plan.files.length, 0, `${key}: nothing written when it does not fit`);
        // Per card, or (past 16 cards: Mixtral's full fine-tuning) the whole step against all the cards hold.
        assert.match(
          plan.limits!.message,
          /does not fit 2 × RTX 4090 .*: (.*cuda:0 (takes|needs) [\d.]+ GiB.* of 23\.64 GiB|the whole model's step needs about [\d.]+ GiB .* the cards hold 47\.28 GiB)/,
        );
        assert.ok(plan.limits!.cards.length > 0);
        for (const c of plan.limits!.cards) assert.ok(c.needed > 0 && c.available === cards[c.device]!.memory);
        for (const a of plan.alternatives) {
          const again = planSetup({ model: { id, tree }, cards, task, ...a.change });
          assert.ok(again.fits, `${key}: the alternative "${a.what}" fits when asked for`);
        }
        continue;
      }
      assert.ok(!DOES_NOT_FIT.includes(key), `${key} fits, but the test expects it not to`);
      const script = fileOf(plan, task === 'inference' ? 'infer.py' : 'train.py');
      // QLoRA's map is written inside its run description (a bare map cannot say 4-bit); the others bare.
      const json = fileOf(plan, task === 'qlora' ? 'setup.json' : 'device_map.json');
      // 1. device-map check: no error, no warning, in any file.
      const dir = writeFiles(plan.files);
      const found = await checkFolder(dir, GPUS, id);
      for (const [path, diags] of found) {
        const bad = diags.filter((d) => d.severity === 'error' || d.severity === 'warning');
        assert.deepEqual(bad, [], `${key}: ${path}`);
      }
      assert.ok(found.has(script.relativePath) && found.has(json.relativePath), `${key}: both files were checked`);
      // 2. The map in the files is the planner policy's plan for this step, asked here directly.
      const quantization = task === 'qlora' ? ({ method: 'bnb-4bit' } as const) : undefined;
      const setup = { ...DEFAULT_SETUP, gpus: cards };
      const planned = planWithPolicy({
        tree,
        setup,
        sizes: { dtype: 'bf16', ...(quantization ? { quantization } : {}) },
        mode: plan.mode!,
        trains: task !== 'inference',
      });
      assert.ok(planned.fits);
      const inScript = mapInFile(script).devices;
      assert.deepEqual(inScript, new Map(planned.deviceMap), `${key}: the script's map`);
      const jsonMap = task === 'qlora' ? JSON.parse(json.content).device_map : JSON.parse(json.content);
      assert.deepEqual(new Map(Object.entries(jsonMap)), inScript, `${key}: the JSON map`);
      assert.deepEqual(mapInFile(json).devices, inScript, `${key}: the JSON map as the check reads it`);
      assert.ok(validMap(jsonMap), `${key}: schema: ${JSON.stringify(validMap.errors)}`);
      // 3. Its estimate fits every card, the training reserve kept on card 0.
      const est = mapEstimate(tree, inScript, plan.mode!, setup, 'bf16', quantization);
      for (const [d, e] of est.devices) {
        assert.equal(typeof d, 'number', `${key}: nothing offloaded`);
        const reserve = task !== 'inference' && d === 0 ? setup.trainingReserve : 0;
        assert.ok(e.total + reserve <= cards[d as number]!.memory, `${key}: cuda:${String(d)} ${e.total} + ${reserve} fits`);
      }
      // 4. LoRA on the model's own projections; QLoRA in 4-bit NF4; full fine-tuning with no peft (the editor's train-full).
      assert.equal(plan.mode!.kind, task === 'inference' ? 'forward' : task === 'full' ? 'train-full' : 'train-lora');
      if (task === 'full') assert.doesNotMatch(script.content, /peft|LoraConfig/);
      if (task === 'lora' || task === 'qlora') {
        assert.ok(
          script.content.includes(
            `target_modules=[${loraTargetsOf(tree)
              .map((t) => JSON.stringify(t))
              .join(', ')}]`,
          ),
        );
        assert.ok(loraTargetsOf(tree).length > 0);
      }
      assert.equal(script.content.includes('load_in_4bit=True'), task === 'qlora');
      // 5. The launch scripts start this script with one process; ms-swift reads the same map file.
      for (const [path, launcher] of [
        ['launch_torchrun.sh', 'torchrun'],
        ['launch_accelerate.sh', 'accelerate'],
      ] as const) {
        const [l] = launchesIn(fileOf(plan, path).content);
        assert.deepEqual([l?.launcher, l?.script, l?.processes], [launcher, script.relativePath, 1], `${key}: ${path}`);
      }
      const swift = fileOf(plan, task === 'inference' ? 'swift_infer.sh' : 'swift_sft.sh').content;
      const inline = /--device_map '(\{[^']*\})'/.exec(swift);
      assert.deepEqual(new Map(Object.entries(JSON.parse(inline![1]!))), inScript, `${key}: ms-swift's --device_map`);
      assert.equal(/--quant_bits 4/.test(swift), task === 'qlora');
      if (task !== 'inference') assert.match(swift, task === 'full' ? /--tuner_type full/ : /--tuner_type lora/);
    }
    assert.deepEqual(
      seenLimits,
      DOES_NOT_FIT.filter((k) => k.startsWith(`${family}/`)),
      `${family}: the combinations that do not fit`,
    );
  });
}
