// Running the tools: no shell, a hard 2 s time-out, every failure as data; the live sample
// matches processes to cards. Stand-in tools from test/fixtures/gpu-host/bin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runTool } from '../../../src/node/gpuHost/runTool';
import { detectGpus, sampleLive } from '../../../src/node/gpuHost/detect';
import { REPO_ROOT } from '../../helpers/fixtures';

const HOST = join(REPO_ROOT, 'test/fixtures/gpu-host');
const env = (extra: Record<string, string> = {}): Record<string, string> => ({
  PATH: `${join(HOST, 'bin/nvidia')}:/usr/bin:/bin`,
  DMS_GPU_FIXTURE: join(HOST, 'composed-h100x2'),
  ...extra,
});

test('no shell: a command line with shell syntax is just a missing program', async () => {
  assert.deepEqual(await runTool('nvidia-smi; touch /tmp/dms-pwned', [], { env: env() }), { kind: 'missing' });
  const r = await runTool('nvidia-smi', ['$(id)'], { env: env() });
  assert.equal(r.kind, 'failed');
  assert.match((r as { stdout: string }).stdout, /is not a valid field|^Field/);
});

test('a hang is cut at the time-out, not waited for', async () => {
  const started = Date.now();
  const r = await runTool('nvidia-smi', ['-L'], { env: env({ DMS_GPU_MODE: 'hang' }), timeoutMs: 300 });
  assert.equal(r.kind, 'timeout');
  assert.ok(Date.now() - started < 5000);
});

test('a tool that answers with no card settles it (the next vendor is not asked)', async () => {
  const asked: string[] = [];
  const d = await detectGpus({
    env: env({ DMS_GPU_MODE: 'nocard' }),
    run: async (file, args) => {
      asked.push(file);
      return runTool(file, args, { env: env({ DMS_GPU_MODE: 'nocard' }) });
    },
  });
  assert.deepEqual(d, { gpus: [], source: 'nvidia-smi', reason: 'nvidia-smi lists no card' });
  assert.deepEqual(asked, ['nvidia-smi']);
});

test("Apple Silicon: one mps device with the machine's memory, only on darwin/arm64", async () => {
  const missing = async () => ({ kind: 'missing' as const });
  const mac = await detectGpus({ env: {}, run: missing, platform: 'darwin', arch: 'arm64' });
  assert.equal(mac.source, 'apple');
  assert.equal(mac.gpus.length, 1);
  assert.ok(mac.gpus[0]!.memory_total > 0);
  const linux = await detectGpus({ env: {}, run: missing, platform: 'linux', arch: 'x64' });
  assert.equal(linux.source, null);
});

test('live sample: the processes of each card, matched by UUID, after CUDA_VISIBLE_DEVICES', async () => {
  const s = await sampleLive({ env: env({ CUDA_VISIBLE_DEVICES: '1,0' }) });
  assert.deepEqual(
    s.detection.gpus.map((g) => g.uuid),
    ['GPU-a3c4d5e6-7f80-4912-8a3b-4c5d6e7f8091', 'GPU-5f2e6a9c-1b7d-4c3e-9a8f-0d1e2f3a4b5c'],
  );
  assert.deepEqual(s.processes.get(0), []);
  assert.deepEqual(
    s.processes.get(1)!.map((p) => p.pid),
    [4242, 4317],
  );
});
