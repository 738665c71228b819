// GPU presets are in the bytes a process can allocate (torch's total_memory), below what
// nvidia-smi shows as memory.total (which also counts the driver's reservation).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GPU_PRESETS, GIB } from '../../../src/core/settings';
import { REPO_ROOT } from '../../helpers/fixtures';

const MIB = 2 ** 20;
const preset = (id: string): number => GPU_PRESETS.find((p) => p.id === id)!.memory;

test('h200 and h100-80 are the total_memory torch reports on a real H200 / H100', () => {
  assert.equal(preset('h200'), 150_109_880_320);
  assert.equal(preset('h100-80'), 85_017_493_504);
});

test('H100/H200 presets sit below nvidia-smi memory.total by the driver reservation (< 1 GiB)', () => {
  for (const [id, smiMiB] of [
    ['h100-80', 81559],
    ['h200', 143771],
  ] as const) {
    const gap = smiMiB * MIB - preset(id);
    assert.ok(gap > 0 && gap < GIB, `${id}: ${gap} B`);
  }
});

test('every preset has its source written next to it', () => {
  const text = readFileSync(join(REPO_ROOT, 'src/core/settings.ts'), 'utf8');
  for (const p of GPU_PRESETS) {
    const line = text.split('\n').findIndex((l) => l.includes(`id: '${p.id}'`));
    assert.ok(line > 0, p.id);
    const lines = text.split('\n');
    let start = line;
    while (/^\s*\/\//.test(lines[start - 1] ?? '')) start--;
    assert.match(lines.slice(start, line).join(' '), /(OOM: "[\d.]+ GiB|Measured: torch|Nominal)/, `${p.id} has no source comment`);
  }
});

test('presets are below the nominal size and above 90 % of it', () => {
  for (const p of GPU_PRESETS) {
    const nominal = Number(/(\d+) GB/.exec(p.name)![1]) * 1e9;
    assert.ok(p.memory < nominal * 1.08 && p.memory > nominal * 0.85, `${p.id}: ${p.memory}`);
  }
});

for (const [host, id] of [
  ['h200', 'h200'],
  ['h100', 'h100-80'],
] as const)
  test(`on the recorded ${host}, detection and the ${id} preset land on torch's total_memory`, async () => {
    const { parseQueryGpu, usableBytes } = await import('../../../src/core/gpuHost/index');
    const dir = join(REPO_ROOT, 'test/fixtures/gpu-host', host);
    const recorded = JSON.parse(readFileSync(join(dir, 'torch.json'), 'utf8')) as
      { total_memory: number } | Array<{ total_memory: number }>;
    const torch = Array.isArray(recorded) ? recorded[0]! : recorded;
    assert.equal(preset(id), torch.total_memory);
    const card = (
      parseQueryGpu(readFileSync(join(dir, 'query-gpu.csv'), 'utf8')) as Array<{ totalMiB: number; usedMiB: number; freeMiB: number }>
    )[0]!;
    const usable = usableBytes({
      index: 0,
      name: 'H200',
      memory_total: card.totalMiB * MIB,
      memory_used: card.usedMiB * MIB,
      memory_free: card.freeMiB * MIB,
      uuid: null,
    });
    assert.ok(usable - torch.total_memory >= 0 && usable - torch.total_memory <= 2 * MIB, String(usable - torch.total_memory));
    // memory.total minus -q's Reserved (rounded to a MiB there) is torch's total to within a MiB.
    const reserved = Number(/Reserved\s*:\s*(\d+) MiB/.exec(readFileSync(join(dir, 'nvidia-smi-q-memory.txt'), 'utf8'))![1]);
    assert.ok(Math.abs((card.totalMiB - reserved) * MIB - torch.total_memory) < MIB);
  });
