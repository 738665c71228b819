/** `device-map init` (issue 17): files written, never over one without --force, --json, the exit codes, `--gpus detect`. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../helpers/cli';
import { REPO_ROOT } from '../helpers/fixtures';
import { offlineEnv } from '../helpers/setupCheck';

const env = offlineEnv();
const fresh = (): string => mkdtempSync(join(tmpdir(), 'dms-init-cli-'));
const LLAMA = ['--model', 'meta-llama/Llama-3.2-1B', '--gpus', '2xrtx4090'];

test('init writes the files, prints them with the per-card estimate, and what it wrote passes check', async () => {
  const dir = fresh();
  const r = await cli(['init', ...LLAMA, '--task', 'qlora', '--format', 'python,json,swift,torchrun'], dir, env);
  assert.equal(r.code, 0, r.stderr);
  for (const f of ['train.py', 'setup.json', 'swift_sft.sh', 'launch_torchrun.sh']) assert.ok(existsSync(join(dir, f)), f);
  assert.match(r.stdout, /^meta-llama\/Llama-3\.2-1B \(LlamaForCausalLM\), qlora, Device Map Studio planner, 1 process$/m);
  assert.match(r.stdout, /^device\s+rank\s+weights\s+kv_cache\s+activations\s+training\s+context\s+total\s+capacity\s+fits$/m);
  assert.match(r.stdout, /^cuda:\d\s+0\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+23\.64\s+yes$/m);
  assert.match(r.stdout, /^wrote train\.py, setup\.json, swift_sft\.sh, launch_torchrun\.sh$/m);
  assert.ok((statSync(join(dir, 'swift_sft.sh')).mode & 0o111) !== 0, 'shell scripts are executable');
  assert.match(readFileSync(join(dir, 'train.py'), 'utf8'), /bnb_4bit_quant_type="nf4"/);
  const checked = await cli(['check', '.', '--gpus', '2xrtx4090', '--json'], dir, env);
  assert.equal(checked.code, 0, checked.stdout);
  const report = JSON.parse(checked.stdout) as { files: Array<{ path: string; diagnostics: Array<{ severity: string }> }> };
  assert.deepEqual(
    report.files.map((f) => [f.path, f.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning').length]),
    // check reads the shell scripts too: the ms-swift script's --device_map passes like the others.
    [
      ['launch_torchrun.sh', 0],
      ['setup.json', 0],
      ['swift_sft.sh', 0],
      ['train.py', 0],
    ],
  );
});

test('init never writes over a file without --force (exit 2, naming it), and does with --force', async () => {
  const dir = fresh();
  writeFileSync(join(dir, 'infer.py'), '# mine\n');
  const r = await cli(['init', ...LLAMA, '--task', 'inference'], dir, env);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^device-map init: infer\.py already exists; pass --force to overwrite$/);
  assert.equal(readFileSync(join(dir, 'infer.py'), 'utf8'), '# mine\n');
  const forced = await cli(['init', ...LLAMA, '--task', 'inference', '--force'], dir, env);
  assert.equal(forced.code, 0, forced.stderr);
  assert.match(readFileSync(join(dir, 'infer.py'), 'utf8'), /AutoModelForCausalLM\.from_pretrained\(/);
});

test('init --json: the plan, the per-card estimate and the files written, in --out', async () => {
  const dir = fresh();
  const r = await cli(['init', ...LLAMA, '--task', 'lora', '--format', 'json', '--out', 'run', '--json'], dir, env);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as {
    fits: boolean;
    task: string;
    per_card: Array<{ device: number; capacity: number; estimate: { total: number }; fits: boolean }>;
    ranks: Array<{ device_map: Record<string, number> }>;
    written: string[];
  };
  assert.equal(out.fits, true);
  assert.equal(out.task, 'lora');
  assert.deepEqual(out.written, ['run/device_map.json']);
  assert.deepEqual(JSON.parse(readFileSync(join(dir, 'run/device_map.json'), 'utf8')), out.ranks[0]!.device_map);
  assert.ok(out.per_card.length > 0 && out.per_card.every((c) => c.fits && c.estimate.total <= c.capacity));
});

test('init exits 1 with the numbers and what would fit when the model does not fit, and writes nothing', async () => {
  const dir = fresh();
  const r = await cli(['init', '--model', 'meta-llama/Llama-2-13b-hf', '--gpus', '2xt4', '--task', 'lora'], dir, env);
  assert.equal(r.code, 1, r.stderr);
  assert.match(
    r.stdout,
    /does not fit: meta-llama\/Llama-2-13b-hf \(LlamaForCausalLM\) does not fit 2 × T4 16 GB \(14\.56 GiB\) for LoRA, .*: placed over these cards, cuda:0 takes [\d.]+ GiB \(\+ 5\.00 GiB training reserve\) of 14\.56 GiB, cuda:1 takes [\d.]+ GiB of 14\.56 GiB, and [\d.]+ GiB of weights \(.*\) are left over: it takes 3 such cards\./,
  );
  assert.match(r.stdout, /^would fit: QLoRA \(4-bit\) instead of LoRA — cuda:0 [\d.]+\/14\.56 GiB/m);
  assert.match(r.stdout, /^would fit: 3 cards \(1 more T4 16 GB\)/m);
  assert.match(r.stdout, /^nothing written \(pass --force to write it anyway\)$/m);
  assert.deepEqual(
    ['train.py', 'device_map.json'].filter((f) => existsSync(join(dir, f))),
    [],
  );
  const json = await cli(['init', '--model', 'meta-llama/Llama-2-13b-hf', '--gpus', '2xt4', '--task', 'lora', '--json'], dir, env);
  assert.equal(json.code, 1);
  const out = JSON.parse(json.stdout) as {
    fits: boolean;
    limits: { reason: string; cards: unknown[] };
    alternatives: Array<{ what: string; change: { task?: string } }>;
  };
  assert.equal(out.fits, false);
  assert.ok(out.limits.cards.length > 0);
  assert.ok(out.alternatives.some((a) => a.change.task === 'qlora'));
});

test('init: bad input is exit 2 with one clear line', async () => {
  const cases: Array<[string[], RegExp]> = [
    [[...LLAMA], /--task is required: inference, lora, qlora, full/],
    [[...LLAMA, '--task', 'dpo'], /--task must be one of inference, lora, qlora, full \(got "dpo"\)/],
    [[...LLAMA, '--task', 'lora', '--format', 'yaml'], /--format must be one or more of python, json, swift, torchrun, accelerate/],
    [[...LLAMA, '--task', 'lora', '--strategy', 'fastest'], /--strategy must be one of studio, auto, balanced, balanced_low_0, sequential/],
    [[...LLAMA, '--task', 'lora', '--cpu-offload', '64GiB'], /--cpu-offload is for --task inference only/],
    [['--model', 'meta-llama/Llama-3.2-1B', '--task', 'lora'], /--gpus is required/],
    [[...LLAMA, '--task', 'lora', '--processes', '0'], /--processes must be a positive integer/],
  ];
  for (const [argv, message] of cases) {
    const r = await cli(['init', ...argv], fresh(), env);
    assert.equal(r.code, 2, argv.join(' '));
    assert.match(r.stderr, message, argv.join(' '));
  }
});

test('init --gpus detect plans for the cards nvidia-smi reports', async () => {
  const host = join(REPO_ROOT, 'test/fixtures/gpu-host');
  const detectEnv = {
    ...env,
    PATH: [join(host, 'bin', 'nvidia'), '/usr/bin', '/bin'].join(':'),
    DMS_GPU_FIXTURE: join(host, 'composed-h100x2'),
  };
  const r = await cli(['init', '--model', 'meta-llama/Llama-3.2-1B', '--gpus', 'detect', '--task', 'lora', '--json'], fresh(), detectEnv);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /GPUs: 2× H100 80GB HBM3 \(detected\) via nvidia-smi/);
  const out = JSON.parse(r.stdout) as { per_card: Array<{ name: string }> };
  assert.ok(out.per_card.length > 0 && out.per_card.every((c) => c.name === 'H100 80GB HBM3'));
});

test('init --model <local folder>: the script names it relative to where it is written, and check resolves it there', async () => {
  const dir = fresh();
  cpSync(join(REPO_ROOT, 'test/fixtures/analysis/models/tiny-llama'), join(dir, 'models/tiny-llama'), { recursive: true });
  const r = await cli(['init', '--model', './models/tiny-llama', '--gpus', '2x8GiB', '--task', 'lora', '--out', 'run'], dir, env);
  assert.equal(r.code, 0, r.stderr);
  assert.match(readFileSync(join(dir, 'run/train.py'), 'utf8'), /^model_id = "\.\.\/models\/tiny-llama"$/m);
  const checked = await cli(['check', 'run', '--gpus', '2x8GiB', '--json'], dir, env);
  const report = JSON.parse(checked.stdout) as { files: Array<{ path: string; diagnostics: Array<{ code: string; severity: string }> }> };
  assert.deepEqual(
    report.files.map((f) => [f.path, f.diagnostics.map((d) => d.code)]),
    [['run/train.py', []]],
  );
});
