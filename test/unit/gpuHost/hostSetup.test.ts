// Detected cards as the checks use them: capacity, the setup they fill, the words that name
// them, how a configured setup differs, the live line, and DM011 naming the source.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  describeSetupGpus,
  detectedSettingEntries,
  liveCard,
  liveCards,
  setupDifference,
  usableBytes,
  withDetectedGpus,
  type GpuDetection,
  type HostGpu,
} from '../../../src/core/gpuHost/index';
import { parseGpuSetting } from '../../../src/core/gpuSpecs';
import { DEFAULT_SETUP, GIB } from '../../../src/core/settings';
import { analyzeDocument } from '../../../src/core/analysis/analyze';
import { hoverAt } from '../../../src/core/analysis/hover';
import { modelFromConfig } from '../../../src/core/models/registry';
import { REPO_ROOT } from '../../helpers/fixtures';

const MIB = 2 ** 20;
const h100 = (index: number, used: number, free: number): HostGpu => ({
  index,
  name: 'NVIDIA H100 80GB HBM3',
  memory_total: 81559 * MIB,
  memory_used: used * MIB,
  memory_free: free * MIB,
  uuid: `GPU-${index}`,
});
const two: GpuDetection = { gpus: [h100(0, 19843, 61165), h100(1, 4, 81004)], source: 'nvidia-smi' };

test('capacity: used + free where the driver reserves memory apart, else the total', () => {
  assert.equal(usableBytes(h100(0, 19843, 61165)), 81008 * MIB);
  assert.equal(usableBytes({ ...h100(0, 0, 0), memory_used: null, memory_free: null }), 81559 * MIB);
  assert.equal(usableBytes(h100(0, 100, 81459)), 81559 * MIB);
});

test('detected cards fill an empty setup only, and name their source', () => {
  const s = withDetectedGpus(DEFAULT_SETUP, two);
  assert.deepEqual(s.gpus, [
    { name: 'H100 80GB HBM3', memory: 81008 * MIB },
    { name: 'H100 80GB HBM3', memory: 81008 * MIB },
  ]);
  assert.equal(s.gpuSource, 'detected by nvidia-smi');
  assert.equal(describeSetupGpus(s), '2× H100 80GB HBM3 (detected)');
  const configured = { ...DEFAULT_SETUP, gpus: [{ name: 'GPU', memory: 24 * GIB }] };
  assert.equal(withDetectedGpus(configured, two), configured);
  assert.equal(withDetectedGpus(DEFAULT_SETUP, { gpus: [], source: null, reason: 'x' }), DEFAULT_SETUP);
});

test('a configured setup that differs from the detected one says how; presets of the same card agree', () => {
  assert.match(setupDifference(parseGpuSetting(['2xrtx4090']).gpus, two)!, /2× RTX 4090 24 GB.*nvidia-smi sees 2× H100 80GB HBM3/);
  assert.match(setupDifference(parseGpuSetting(['h100-80']).gpus, two)!, /1× H100 80 GB/);
  assert.equal(setupDifference(parseGpuSetting(['2xh100-80']).gpus, two), undefined);
  assert.equal(setupDifference([], two), undefined);
});

test('saved entries read back as the same cards (within a MiB)', () => {
  const back = parseGpuSetting(detectedSettingEntries(two)).gpus;
  assert.equal(back.length, 2);
  for (const g of back) assert.ok(Math.abs(g.memory - 81008 * MIB) < MIB, String(g.memory));
  assert.equal(back[0]!.name, 'H100 80GB HBM3');
});

test('live line: estimate beside use and processes; a warning when what the card holds leaves too little', () => {
  const apps = [
    { pid: 1, name: 'python', usedMemory: 12288 * MIB, gpuUuid: 'GPU-0' },
    { pid: 2, name: 'x', usedMemory: 7552 * MIB, gpuUuid: 'GPU-0' },
  ];
  const ok = liveCard(h100(0, 19843, 61165), apps, 21.3 * GIB);
  assert.equal(ok.text, 'estimate 21.3 GiB · in use 19.4 GiB by 2 processes');
  assert.equal(ok.label, 'cuda:0');
  assert.equal(ok.warning, undefined);
  assert.deepEqual(ok.processes, ['python (pid 1) 12.0 GiB', 'x (pid 2) 7.4 GiB']);
  const over = liveCard(h100(0, 19843, 61165), apps, 70 * GIB);
  assert.match(over.warning!, /^cuda:0 already holds 19\.4 GiB by 2 processes: 59\.7 GiB is free, the estimate needs 70\.0 GiB$/);
  assert.equal(liveCard(h100(1, 4, 81004), [], undefined, 'npu').text, 'in use 0.0 GiB');
  // A sample: each card with its own processes and the estimate of its own column.
  const cards = liveCards(
    {
      detection: two,
      processes: new Map([
        [0, apps],
        [1, []],
      ]),
    },
    (i) => (i === 0 ? 21.3 * GIB : undefined),
  );
  assert.deepEqual(
    cards.map((c) => [c.label, c.text]),
    [
      ['cuda:0', 'estimate 21.3 GiB · in use 19.4 GiB by 2 processes'],
      ['cuda:1', 'in use 0.0 GiB'],
    ],
  );
});

test('DM011 names where the capacity came from when the cards were detected', () => {
  const config = JSON.parse(readFileSync(join(REPO_ROOT, 'examples/models/llama-2-70b/config.json'), 'utf8'));
  const tree = modelFromConfig(config);
  const text =
    'from transformers import AutoModelForCausalLM\nimport torch\nm = AutoModelForCausalLM.from_pretrained("llama", device_map={"": 0}, dtype=torch.bfloat16)\n';
  const env = (setup: typeof DEFAULT_SETUP) => ({ setup, lookupModel: () => ({ status: 'ok' as const, tree, origin: 'llama' }) });
  const doc = { text, languageId: 'python', fileName: '/x/t.py' };
  const detected = analyzeDocument(doc, env(withDetectedGpus(DEFAULT_SETUP, two))).findings.filter((f) => f.code === 'DM011');
  assert.equal(detected.length, 1);
  assert.match(detected[0]!.message, /has 79\.11 GiB, so it runs out of memory\. Card: H100 80GB HBM3 \(cuda:0, detected by nvidia-smi\)/);
  const configured = analyzeDocument(doc, env({ ...DEFAULT_SETUP, gpus: parseGpuSetting(['h100-80']).gpus })).findings.filter(
    (f) => f.code === 'DM011',
  );
  assert.equal(configured.length, 1);
  assert.doesNotMatch(configured[0]!.message, /detected/);
  // The hover on the key names the source beside the card too.
  const hover = hoverAt(doc, text.indexOf('"": 0') + 1, env(withDetectedGpus(DEFAULT_SETUP, two)));
  assert.match(hover!.markdown, /\(H100 80GB HBM3, detected by nvidia-smi, \d+%\)/);
  // Without any GPU setting and nothing detected, DM011 stays silent.
  assert.equal(analyzeDocument(doc, env(DEFAULT_SETUP)).findings.filter((f) => f.code === 'DM011').length, 0);
});
