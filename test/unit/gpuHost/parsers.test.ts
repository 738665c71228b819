// The readers of each vendor tool's output, against the stand-in answers in
// test/fixtures/gpu-host/ (formats from the tools' documentation; see that folder's README).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  firstLine,
  parseAmdSmi,
  parseComputeApps,
  parseNpuSmiInfo,
  parseQueryGpu,
  parseRocmSmi,
  parseXpuSmiDump,
} from '../../../src/core/gpuHost/index';
import { REPO_ROOT } from '../../helpers/fixtures';

const HOST = join(REPO_ROOT, 'test/fixtures/gpu-host');
const read = (p: string): string => readFileSync(join(HOST, p), 'utf8');

test('nvidia-smi --query-gpu: every field of every card, MiB as printed', () => {
  const cards = parseQueryGpu(read('composed-h100x2/query-gpu.csv'));
  assert.ok(Array.isArray(cards));
  assert.equal(cards.length, 2);
  assert.deepEqual(cards[0], {
    index: 0,
    name: 'NVIDIA H100 80GB HBM3',
    totalMiB: 81559,
    usedMiB: 19843,
    freeMiB: 61165,
    uuid: 'GPU-5f2e6a9c-1b7d-4c3e-9a8f-0d1e2f3a4b5c',
    busId: '00000000:18:00.0',
    computeCap: '9.0',
  });
  assert.equal(cards[1]!.usedMiB, 4);
});

test('nvidia-smi --query-gpu: [N/A] memory reads as unknown, a driver message as an error', () => {
  const na = parseQueryGpu('0, NVIDIA A100-SXM4-80GB, 81920, [N/A], [N/A], GPU-1, 00000000:07:00.0, 8.0\n');
  assert.ok(Array.isArray(na));
  assert.equal(na[0]!.usedMiB, null);
  const err = parseQueryGpu(read('nodriver.txt'));
  assert.ok(!Array.isArray(err));
  assert.match(err.error, /^NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver/);
  assert.deepEqual(parseQueryGpu(''), []);
});

test('nvidia-smi --query-compute-apps: pid, name, bytes, card', () => {
  const apps = parseComputeApps(read('composed-h100x2/query-apps.csv'));
  assert.deepEqual(
    apps.map((a) => [a.pid, a.name, a.usedMemory / 2 ** 20]),
    [
      [4242, 'python', 12288],
      [4317, '/usr/bin/python3', 7552],
    ],
  );
  assert.ok(apps.every((a) => a.gpuUuid === 'GPU-5f2e6a9c-1b7d-4c3e-9a8f-0d1e2f3a4b5c'));
  // A name with a comma keeps it; "No running processes found" is not a process.
  assert.equal(parseComputeApps('7, a, b, 10, GPU-x, 00000000:01:00.0\n')[0]!.name, 'a, b');
  assert.deepEqual(parseComputeApps('No running processes found\n'), []);
});

test('firstLine: the driver message users know', () => {
  assert.equal(firstLine('\n  NVIDIA-SMI has failed x.\n\nmore'), 'NVIDIA-SMI has failed x.');
});

test('rocm-smi JSON: product name and VRAM bytes per card', () => {
  const cards = parseRocmSmi(read('amd/rocm-smi.json'))!;
  assert.deepEqual(
    cards.map((c) => [c.index, c.name, c.memory_total, c.memory_used, c.memory_free]),
    [
      [0, 'AMD Instinct MI250X', 68702699520, 10960896, 68702699520 - 10960896],
      [1, 'AMD Instinct MI250X', 68702699520, 21233664000, 68702699520 - 21233664000],
    ],
  );
  assert.equal(parseRocmSmi('not json'), undefined);
});

test('amd-smi JSON: market name and VRAM size with its unit', () => {
  const text = JSON.stringify([
    { gpu: 0, asic: { market_name: 'AMD Instinct MI300X' }, vram: { type: 'HBM', size: { value: 196592, unit: 'MB' } } },
  ]);
  assert.deepEqual(parseAmdSmi(text), [
    { index: 0, name: 'AMD Instinct MI300X', memory_total: 196592 * 2 ** 20, memory_used: null, memory_free: null, uuid: null },
  ]);
  assert.equal(parseAmdSmi('{}'), undefined);
});

test('npu-smi info: one card per NPU, HBM used / total', () => {
  const cards = parseNpuSmiInfo(read('ascend/npu-smi-info.txt'))!;
  assert.deepEqual(
    cards.map((c) => [c.index, c.name, c.memory_total / 2 ** 20, c.memory_used! / 2 ** 20]),
    [
      [0, 'Ascend 910B3', 65536, 3393],
      [1, 'Ascend 910B3', 65536, 3389],
    ],
  );
  assert.equal(parseNpuSmiInfo('Error: invalid command'), undefined);
});

test('xpu-smi discovery --dump 1,2,16: id, name, physical memory', () => {
  const text = 'Device ID,Device Name,Memory Physical Size\n0,"Intel(R) Data Center GPU Max 1550","131072.00 MiB"\n';
  assert.deepEqual(parseXpuSmiDump(text), [
    {
      index: 0,
      name: 'Intel(R) Data Center GPU Max 1550',
      memory_total: 131072 * 2 ** 20,
      memory_used: null,
      memory_free: null,
      uuid: null,
    },
  ]);
  assert.equal(parseXpuSmiDump('No device discovered'), undefined);
});
