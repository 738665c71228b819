/** `device-map estimate`: per-card memory as JSON, equal to the engine's estimate; clean failures. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../helpers/cli';
import { FIXTURES, readJson } from '../helpers/fixtures';
import { modelFromConfig } from '../../src/core/models/registry';
import { estimateMemory } from '../../src/core/memory/estimate';
import type { HFConfig } from '../../src/core/models/config';

const dir = join(FIXTURES, 'models', 'llama-2-7b');
const run = readJson<{ runs: { hf_device_map: Record<string, number>; forward_512_peak: number[] }[] }>(join(FIXTURES, 'measured-gpu.json'))
  .runs[0]!;
const mapJson = JSON.stringify(run.hf_device_map);

test('estimate --json gives every card with the six components, equal to the engine', async () => {
  const r = await cli([
    'estimate',
    '--model',
    dir,
    '--map',
    mapJson,
    '--mode',
    'generate',
    '--batch',
    '2',
    '--seq',
    '1024',
    '--new-tokens',
    '64',
    '--dtype',
    'bf16',
    '--json',
  ]);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { devices: Record<string, Record<string, number>> };
  assert.deepEqual(Object.keys(out.devices).sort(), ['0', '1', '2', '3']);
  const config = readJson<HFConfig>(join(dir, 'config.json'));
  const engine = estimateMemory(
    modelFromConfig(config),
    new Map(Object.entries(run.hf_device_map)),
    { kind: 'generate', batch: 2, prompt: 1024, newTokens: 64 },
    { dtype: 'bf16', config },
  );
  for (const [d, e] of Object.entries(out.devices)) {
    assert.deepEqual(Object.keys(e).sort(), ['activations', 'context', 'kv_cache', 'total', 'training', 'weights']);
    assert.deepEqual(e, { ...engine.devices.get(Number(d))! });
    assert.ok(e.kv_cache! > 0 && e.total! > e.weights!);
  }
});

test('estimate: forward peak per card within 10% of the shared measurement (plus CUDA context)', async () => {
  const r = await cli([
    'estimate',
    '--model',
    dir,
    '--map',
    mapJson,
    '--mode',
    'forward',
    '--batch',
    '1',
    '--seq',
    '512',
    '--dtype',
    'bf16',
    '--json',
  ]);
  const out = JSON.parse(r.stdout) as { devices: Record<string, { total: number; context: number }> };
  for (const [d, e] of Object.entries(out.devices)) {
    // The record is memory_allocated: the CUDA context outside the allocator is not in it, its cuBLAS workspace is.
    const allocator = e.total - e.context + 32 * 2 ** 20;
    const measured = run.forward_512_peak[Number(d)]!;
    assert.ok(Math.abs(allocator - measured) / measured < 0.1, `GPU ${d}: ${allocator} vs ${measured}`);
  }
});

test('estimate: train-lora with --map @file, checkpointing lowers the peak; readable table', async () => {
  const tmp = mkdtempSync(join(tmpdir(), 'dms-est-'));
  writeFileSync(join(tmp, 'map.json'), JSON.stringify({ device_map: run.hf_device_map }));
  const base = [
    'estimate',
    '--model',
    dir,
    '--map',
    `@${join(tmp, 'map.json')}`,
    '--mode',
    'train-lora',
    '--batch',
    '4',
    '--seq',
    '1024',
    '--lora-r',
    '16',
    '--lora-targets',
    'q_proj,k_proj,v_proj,o_proj',
  ];
  const off = JSON.parse((await cli([...base, '--json'])).stdout) as { devices: Record<string, { total: number; training: number }> };
  const on = JSON.parse((await cli([...base, '--gradient-checkpointing', '--json'])).stdout) as {
    devices: Record<string, { total: number }>;
  };
  assert.ok(on.devices['1']!.total < off.devices['1']!.total);
  assert.ok(off.devices['1']!.training > 0);
  const table = await cli([...base, '--quantization', '4bit']);
  assert.equal(table.code, 0, table.stderr);
  assert.match(table.stdout, /cuda:0\s+[\d.]+/);
  assert.match(table.stdout, /kv_cache/);
  // Without --dtype the heading names the dtype the estimate used (the config's), never "undefined".
  assert.match(table.stdout.split('\n')[0]!, /^LlamaForCausalLM, bf16, bnb-4bit, mode train-lora /);
  const fp32 = await cli([...base, '--dtype', 'fp32']);
  assert.match(fp32.stdout.split('\n')[0]!, /^LlamaForCausalLM, fp32, mode train-lora /);
});

test('estimate: bad input is one line and exit 2', async () => {
  for (const argv of [
    ['estimate', '--model', dir, '--mode', 'forward'],
    ['estimate', '--model', dir, '--map', '{"": "gpu"}'],
    ['estimate', '--model', dir, '--map', '{not json'],
    ['estimate', '--model', dir, '--map', '{"": 0}', '--mode', 'train'],
    ['estimate', '--model', dir, '--map', '{"": 0}', '--batch', '0'],
  ]) {
    const r = await cli(argv);
    assert.equal(r.code, 2, argv.join(' '));
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /^device-map estimate: /);
  }
});

test('estimate --json lists what is unmeasured (4-bit runtime) and takes --attn-implementation', async () => {
  const base = ['estimate', '--model', dir, '--map', mapJson, '--mode', 'forward', '--batch', '1', '--seq', '2048', '--json'];
  const q = await cli([...base, '--quantization', '4bit']);
  assert.equal(q.code, 0, q.stderr);
  const out = JSON.parse(q.stdout) as { unmeasured?: string[] };
  assert.ok(
    out.unmeasured?.some((u) => /^4-bit runtime \(bitsandbytes\) is unmeasured: assumed/.test(u)),
    q.stdout,
  );
  const plain = JSON.parse((await cli([...base, '--dtype', 'bf16'])).stdout) as {
    unmeasured?: string[];
    devices: Record<string, { activations: number }>;
  };
  assert.equal(plain.unmeasured, undefined);
  const eager = JSON.parse((await cli([...base, '--dtype', 'bf16', '--attn-implementation', 'eager'])).stdout) as {
    devices: Record<string, { activations: number }>;
  };
  assert.ok(eager.devices['0']!.activations > plain.devices['0']!.activations);
  const bad = await cli([...base, '--attn-implementation', 'magic']);
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /--attn-implementation must be/);
});

test('estimate --mode train-full: per-card states and gradients equal to the engine; LoRA flags are refused', async () => {
  const config = readJson<HFConfig>(join(dir, 'config.json'));
  for (const gc of [false, true]) {
    const r = await cli([
      'estimate',
      '--model',
      dir,
      '--map',
      mapJson,
      '--mode',
      'train-full',
      '--batch',
      '2',
      '--seq',
      '1024',
      ...(gc ? ['--gradient-checkpointing'] : []),
      '--dtype',
      'bf16',
      '--json',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { devices: Record<string, Record<string, number>> };
    const engine = estimateMemory(
      modelFromConfig(config),
      new Map(Object.entries(run.hf_device_map)),
      { kind: 'train-full', batch: 2, seq: 1024, gradientCheckpointing: gc },
      { dtype: 'bf16', config },
    );
    for (const [d, e] of Object.entries(out.devices)) {
      assert.deepEqual(e, { ...engine.devices.get(Number(d))! });
      assert.ok(e.training! >= 2 * e.weights! * 0.99, `card ${d}: AdamW states of its own weights`);
    }
  }
  const table = await cli(['estimate', '--model', dir, '--map', '{"": 0}', '--mode', 'train-full', '--dtype', 'bf16']);
  assert.equal(table.code, 0, table.stderr);
  assert.match(table.stdout.split('\n')[0]!, /mode train-full /);
  const lora = await cli(['estimate', '--model', dir, '--map', '{"": 0}', '--mode', 'train-full', '--lora-r', '8']);
  assert.equal(lora.code, 2);
  assert.match(lora.stderr, /--lora-r describes LoRA: --mode train-full trains every parameter/);
});
