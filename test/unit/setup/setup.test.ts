/** The setup core (issue 17): LoRA targets from the tree, the preview, limits and alternatives, --force, layouts. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  mapEstimate,
  DEFAULT_SETUP,
  loraTargetsOf,
  parseGpusFlag,
  planSetup,
  previewSetup,
  SETUP_STRATEGIES,
} from '../../../src/core/index';
import { catalogueTree } from '../../helpers/setupCheck';

const model = (id: string) => ({ id, tree: catalogueTree(id) });

test("LoRA targets are the attention projections each family's tree really has", () => {
  const cases: Record<string, string[]> = {
    'meta-llama/Llama-3.2-1B': ['q_proj', 'k_proj', 'v_proj', 'o_proj'],
    'openai-community/gpt2': ['c_attn'], // c_proj is in the MLP too: peft would wrap both
    'Qwen/Qwen-7B': ['c_attn'],
    'tiiuae/falcon-7b': ['query_key_value', 'dense'],
    'bigscience/bloom-560m': ['query_key_value', 'dense'],
    'EleutherAI/gpt-neox-20b': ['query_key_value', 'dense'],
    'microsoft/Phi-3-mini-4k-instruct': ['o_proj', 'qkv_proj'],
    'facebook/opt-125m': ['k_proj', 'v_proj', 'q_proj', 'out_proj'],
    'google-t5/t5-small': ['q', 'k', 'v', 'o'], // not relative_attention_bias (an Embedding)
  };
  for (const [id, want] of Object.entries(cases)) assert.deepEqual(loraTargetsOf(catalogueTree(id)), want, id);
});

test('previewSetup: one entry per placement choice, each the same estimate planSetup gives for it', () => {
  const m = model('mistralai/Mistral-7B-v0.1');
  const cards = parseGpusFlag('2xrtx4090').gpus;
  const preview = previewSetup({ model: m, cards, task: 'lora' });
  assert.deepEqual(
    preview.map((p) => p.strategy),
    [...SETUP_STRATEGIES],
  );
  for (const p of preview) {
    const plan = planSetup({ model: m, cards, task: 'lora', strategy: p.strategy });
    assert.deepEqual(p.perCard, plan.perCard, p.strategy);
    assert.equal(p.fits, plan.fits, p.strategy);
    for (const c of plan.perCard) {
      const own = mapEstimate(m.tree, plan.ranks[0]!.deviceMap, plan.mode!, { ...DEFAULT_SETUP, gpus: cards }, 'bf16').devices.get(
        c.device,
      )!;
      assert.deepEqual(c.estimate, own, `${p.strategy}: cuda:${c.device} is mapEstimate's figure`);
    }
    assert.match(p.summary, /^cuda:\d [\d.]+ GiB \/ 23\.64 GiB/);
  }
});

test('over capacity with a placement: no files, unless forced; the limits give needed vs available per card', () => {
  const req = { model: model('meta-llama/Llama-2-7b-hf'), cards: parseGpusFlag('2xt4').gpus, task: 'lora' as const, processes: 2 };
  const plan = planSetup(req);
  assert.equal(plan.fits, false);
  assert.equal(plan.limits?.reason, 'over-capacity');
  assert.equal(plan.files.length, 0);
  for (const c of plan.limits!.cards)
    assert.ok(c.needed > c.available, `cuda:${c.device}: a whole 7B copy and its step are more than a T4`);
  assert.ok(plan.alternatives.some((a) => a.change.layout === 'hybrid' || a.change.processes === 1 || a.change.task === 'qlora'));
  for (const a of plan.alternatives) assert.ok(planSetup({ ...req, ...a.change }).fits, a.what);
  const forced = planSetup(req, { force: true });
  assert.ok(forced.files.some((f) => f.relativePath === 'train.py'));
  assert.equal(forced.fits, false);
});

test('inference that does not fit offers CPU offload, and with it the map sends the rest to the CPU', () => {
  const req = { model: model('meta-llama/Llama-2-70b-hf'), cards: parseGpusFlag('2xrtx4090').gpus, task: 'inference' as const };
  const plan = planSetup(req);
  assert.equal(plan.fits, false);
  const offload = plan.alternatives.find((a) => a.change.cpuOffload !== undefined);
  assert.ok(offload, plan.alternatives.map((a) => a.what).join('; '));
  const withIt = planSetup({ ...req, ...offload.change });
  assert.ok(withIt.fits);
  assert.ok([...withIt.map.values()].includes('cpu'));
  assert.match(withIt.files[0]!.content, /"lm_head": "cpu",|: "cpu",/);
});

test('layouts the cards cannot take say why instead of guessing; full fine-tuning is sized, or says what would fit', () => {
  const m = model('meta-llama/Llama-3.2-1B');
  const two = parseGpusFlag('2xrtx4090').gpus;
  const three = parseGpusFlag('3xrtx4090').gpus;
  assert.match(
    planSetup({ model: m, cards: two, task: 'lora', processes: 3 }).limits!.message,
    /3 data-parallel processes need 3 cards; there are 2/,
  );
  assert.match(
    planSetup({ model: m, cards: three, task: 'lora', processes: 2, layout: 'hybrid' }).limits!.message,
    /cannot share 3 cards equally/,
  );
  // Llama-3.2-1B full fine-tuning on two RTX 4090: weights, gradients and two AdamW states per card, sized.
  const full = planSetup({ model: m, cards: two, task: 'full' });
  assert.ok(full.fits, full.limits?.message);
  assert.equal(full.mode?.kind, 'train-full');
  for (const c of full.perCard) assert.ok(c.estimate.training >= 2 * c.estimate.weights * 0.99, `cuda:${c.device} states`);
  // Mistral-7B (14.5 GB in bf16, about 58 GB with gradients and states) does not fit them: the numbers, and LoRA instead.
  const big = planSetup({ model: model('mistralai/Mistral-7B-v0.1'), cards: two, task: 'full' });
  assert.equal(big.fits, false);
  assert.equal(big.limits?.reason, 'over-capacity');
  assert.match(big.limits!.message, /does not fit 2 × RTX 4090 .* for full fine-tuning, a full fine-tuning step \(AdamW\)/);
  assert.ok(big.alternatives.some((a) => a.change.task === 'lora'));
  const forced = planSetup({ model: m, cards: two, task: 'full', formats: ['python', 'swift'] }, { force: true });
  const swift = forced.files.find((f) => f.relativePath === 'swift_sft.sh')!.content;
  assert.match(swift, /--tuner_type full/);
  assert.doesNotMatch(forced.files.find((f) => f.relativePath === 'train.py')!.content, /LoraConfig/);
});

test('gradient checkpointing: the step the estimate covers is the one the script and ms-swift run', () => {
  const m = model('meta-llama/Llama-3.2-1B');
  for (const on of [false, true]) {
    const plan = planSetup({
      model: m,
      cards: parseGpusFlag('2xrtx4090').gpus,
      task: 'qlora',
      gradientCheckpointing: on,
      formats: ['python', 'swift'],
    });
    assert.equal(plan.mode?.kind === 'train-lora' && plan.mode.gradientCheckpointing, on);
    const py = plan.files.find((f) => f.languageId === 'python')!.content;
    const word = on ? 'True' : 'False';
    assert.match(py, new RegExp(`prepare_model_for_kbit_training\\(model, use_gradient_checkpointing=${word}\\)`));
    assert.match(py, new RegExp(`gradient_checkpointing=${word},`));
    assert.match(plan.files.find((f) => f.relativePath === 'swift_sft.sh')!.content, new RegExp(`--gradient_checkpointing ${String(on)}`));
  }
});

test('a hybrid run whose processes each use one card says data parallel would do', () => {
  const req = {
    model: model('mistralai/Mistral-7B-v0.1'),
    cards: parseGpusFlag('4xrtx4090').gpus,
    task: 'qlora' as const,
    processes: 2,
    layout: 'hybrid' as const,
  };
  const plan = planSetup(req);
  const used = plan.ranks.map((k) => new Set(k.deviceMap.values()).size);
  assert.equal(
    plan.notes.some((n) => /data parallel \(one whole copy per card\) would run on fewer cards/.test(n)),
    used.every((n) => n === 1),
  );
  const split = planSetup({ ...req, task: 'lora', model: model('meta-llama/Llama-2-13b-hf') });
  assert.ok(split.fits && split.ranks.every((k) => new Set(k.deviceMap.values()).size === 2));
  assert.ok(!split.notes.some((n) => /data parallel/.test(n)));
});
