// `device-map gpus` and `--gpus detect`, through the real built CLI process with stand-in
// vendor tools on PATH (test/fixtures/gpu-host/bin/*, answering as the real tools do).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { cliProcess } from '../helpers/cli';
import { REPO_ROOT } from '../helpers/fixtures';
import { checkGpusAgainstSmi } from '../helpers/gpuHost';

const HOST = join(REPO_ROOT, 'test/fixtures/gpu-host');
const MIB = 2 ** 20;
/** An environment whose PATH holds only the given stand-ins and the system tools (sh, cat, sleep). */
const withTools = (vendor: string | undefined, extra: Record<string, string> = {}): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: [...(vendor ? [join(HOST, 'bin', vendor)] : []), '/usr/bin', '/bin'].join(':'),
    ...extra,
  };
  for (const k of ['CUDA_VISIBLE_DEVICES', 'HIP_VISIBLE_DEVICES', 'ASCEND_RT_VISIBLE_DEVICES', 'DMS_GPU_MODE', 'DMS_GPU_FIXTURE'])
    if (!(k in extra)) delete env[k];
  return env;
};
const COMPOSED = { DMS_GPU_FIXTURE: join(HOST, 'composed-h100x2') };
const gpusJson = (env: NodeJS.ProcessEnv) => {
  const r = cliProcess(['gpus', '--json'], REPO_ROOT, env);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as { gpus: Array<Record<string, unknown>>; source: string | null; reason?: string };
};

test("gpus --json on the answers recorded on a real H200: the issue's shape, to the byte of nvidia-smi", () => {
  const out = gpusJson(withTools('nvidia'));
  assert.deepEqual(out, {
    gpus: [
      {
        index: 0,
        name: 'NVIDIA H200',
        memory_total: 143771 * MIB,
        memory_used: 3599 * MIB,
        memory_free: 139558 * MIB,
        uuid: 'GPU-881845a9-32e7-f130-d2af-c3849c326fd9',
      },
    ],
    source: 'nvidia-smi',
  });
  assert.deepEqual(checkGpusAgainstSmi(JSON.stringify(out), readFileSync(join(HOST, 'h200/query-gpu.csv'), 'utf8')), []);
});

test('gpus --json: two cards, each to the byte of nvidia-smi (MiB × 1,048,576)', () => {
  const out = gpusJson(withTools('nvidia', COMPOSED));
  assert.equal(out.source, 'nvidia-smi');
  assert.deepEqual(Object.keys(out.gpus[0]!), ['index', 'name', 'memory_total', 'memory_used', 'memory_free', 'uuid']);
  const csv = readFileSync(join(HOST, 'composed-h100x2/query-gpu.csv'), 'utf8');
  assert.deepEqual(checkGpusAgainstSmi(JSON.stringify(out), csv), []);
  assert.equal(out.gpus[1]!['memory_total'], 81559 * MIB);
});

test('every kept gpus.json (a stand-in run or a real host) matches its nvidia-smi query byte for byte', () => {
  const kept = readdirSync(HOST).filter((d) => existsSync(join(HOST, d, 'gpus.json')) && existsSync(join(HOST, d, 'query-gpu.csv')));
  // The real H100 host (recorded with our CLI, h100/README.md) and the composed stand-in run, at least.
  for (const must of ['h100', 'composed-h100x2']) assert.ok(kept.includes(must), `${must} not checked`);
  for (const d of kept) {
    const problems = checkGpusAgainstSmi(
      readFileSync(join(HOST, d, 'gpus.json'), 'utf8'),
      readFileSync(join(HOST, d, 'query-gpu.csv'), 'utf8'),
    );
    assert.deepEqual(problems, [], d);
  }
  // The composed folder's kept output is what the CLI prints for it today.
  assert.deepEqual(gpusJson(withTools('nvidia', COMPOSED)), JSON.parse(readFileSync(join(HOST, 'composed-h100x2/gpus.json'), 'utf8')));
});

test('CUDA_VISIBLE_DEVICES: indices as the process sees them (UUID, GPU- prefix, order)', () => {
  const byUuid = gpusJson(withTools('nvidia', { ...COMPOSED, CUDA_VISIBLE_DEVICES: 'GPU-a3c4d5e6' }));
  assert.deepEqual(
    byUuid.gpus.map((g) => [g['index'], g['uuid']]),
    [[0, 'GPU-a3c4d5e6-7f80-4912-8a3b-4c5d6e7f8091']],
  );
  const swapped = gpusJson(withTools('nvidia', { ...COMPOSED, CUDA_VISIBLE_DEVICES: '1,0' }));
  assert.deepEqual(
    swapped.gpus.map((g) => g['memory_used']),
    [4 * MIB, 19843 * MIB],
  );
  const none = gpusJson(withTools('nvidia', { ...COMPOSED, CUDA_VISIBLE_DEVICES: '' }));
  assert.deepEqual(none.gpus, []);
  assert.match(none.reason!, /CUDA_VISIBLE_DEVICES is empty/);
});

test("no driver: empty list, nvidia-smi's own message as the reason, exit 0", () => {
  const out = gpusJson(withTools('nvidia', { DMS_GPU_MODE: 'nodriver' }));
  assert.deepEqual(out.gpus, []);
  assert.equal(out.source, null);
  assert.match(out.reason!, /nvidia-smi: NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver/);
  const text = cliProcess(['gpus'], REPO_ROOT, withTools('nvidia', { DMS_GPU_MODE: 'nodriver' }));
  assert.equal(text.code, 0);
  assert.match(text.stdout, /^no GPU found \(nvidia-smi: NVIDIA-SMI has failed/);
});

test('a hanging nvidia-smi is given up after 2 s: empty list, the reason, exit 0', () => {
  const started = Date.now();
  const out = gpusJson(withTools('nvidia', { DMS_GPU_MODE: 'hang' }));
  // The stand-in sleeps 30 s; the CLI must not wait for it (bound loose: a loaded machine).
  assert.ok(Date.now() - started < 20_000);
  assert.deepEqual(out.gpus, []);
  assert.match(out.reason!, /nvidia-smi: no answer within 2 s/);
});

test('no tool at all: empty list, every tool named, exit 0', () => {
  const out = gpusJson(withTools(undefined));
  assert.deepEqual(out.gpus, []);
  assert.equal(
    out.reason,
    'no GPU found (nvidia-smi: not found; rocm-smi: not found; amd-smi: not found; npu-smi: not found; xpu-smi: not found)',
  );
});

test('AMD (rocm-smi, HIP_VISIBLE_DEVICES) and Ascend (npu-smi, ASCEND_RT_VISIBLE_DEVICES)', () => {
  const amd = gpusJson(withTools('amd', { HIP_VISIBLE_DEVICES: '1' }));
  assert.equal(amd.source, 'rocm-smi');
  assert.deepEqual(amd.gpus, [
    {
      index: 0,
      name: 'AMD Instinct MI250X',
      memory_total: 68702699520,
      memory_used: 21233664000,
      memory_free: 68702699520 - 21233664000,
      uuid: null,
    },
  ]);
  const npu = gpusJson(withTools('ascend'));
  assert.equal(npu.source, 'npu-smi');
  assert.deepEqual(
    npu.gpus.map((g) => g['memory_total']),
    [65536 * MIB, 65536 * MIB],
  );
  const text = cliProcess(['gpus'], REPO_ROOT, withTools('ascend', { ASCEND_RT_VISIBLE_DEVICES: '1' }));
  assert.match(text.stdout, /^1 card \(npu-smi\)\n[\s\S]*npu:0 +Ascend 910B3 +65536 +3389 +62147/);
});

const example = 'test/fixtures/gpu-host/llama70b_on_card0.py';

test('check --gpus detect judges against the detected card, and says which', () => {
  const r = cliProcess(['check', example, '--gpus', 'detect', '--json'], REPO_ROOT, withTools('nvidia', COMPOSED));
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /GPUs: 2× H100 80GB HBM3 \(detected\) via nvidia-smi/);
  const dm011 = (
    JSON.parse(r.stdout) as { files: Array<{ diagnostics: Array<{ code: string; message: string }> }> }
  ).files[0]!.diagnostics.filter((d) => d.code === 'DM011');
  assert.equal(dm011.length, 1);
  assert.match(dm011[0]!.message, /has 79\.11 GiB, so it runs out of memory\. Card: H100 80GB HBM3 \(cuda:0, detected by nvidia-smi\)/);
  // The recorded H200 (143,157 MiB allocatable) holds the 70B's 128.5 GiB: no DM011 there.
  const h200 = cliProcess(['check', example, '--gpus', 'detect'], REPO_ROOT, withTools('nvidia'));
  assert.equal(h200.code, 0, h200.stdout);
  assert.match(h200.stderr, /GPUs: 1× H200 \(detected\) via nvidia-smi/);
  assert.doesNotMatch(h200.stdout, /DM011/);
  // Nothing detected: the check runs without capacities and says why.
  const none = cliProcess(['check', example, '--gpus', 'detect'], REPO_ROOT, withTools('nvidia', { DMS_GPU_MODE: 'nodriver' }));
  assert.equal(none.code, 0, none.stdout);
  assert.match(none.stderr, /--gpus detect: no GPU found \(nvidia-smi: NVIDIA-SMI has failed/);
  assert.doesNotMatch(none.stdout, /DM011/);
});

test('plan and estimate take --gpus detect', () => {
  const model = 'examples/models/llama-2-70b';
  const plan = cliProcess(
    ['plan', '--model', model, '--strategy', 'balanced', '--gpus', 'detect', '--dtype', 'bf16', '--json'],
    REPO_ROOT,
    withTools('nvidia', COMPOSED),
  );
  assert.equal(plan.code, 0, plan.stderr);
  const devices = new Set(Object.values((JSON.parse(plan.stdout) as { device_map: Record<string, unknown> }).device_map));
  assert.deepEqual([...devices].sort(), [0, 1]);
  const est = cliProcess(
    ['estimate', '--model', model, '--map', '{"": 0}', '--mode', 'load', '--dtype', 'bf16', '--gpus', 'detect', '--json'],
    REPO_ROOT,
    withTools('nvidia', COMPOSED),
  );
  assert.equal(est.code, 0, est.stderr);
  const card = (JSON.parse(est.stdout) as { gpus: Array<{ device: number; capacity: number; fits: boolean; source: string }> }).gpus[0]!;
  assert.deepEqual([card.device, card.capacity, card.fits, card.source], [0, 81008 * MIB, false, 'detected by nvidia-smi']);
});
