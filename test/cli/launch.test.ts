/** `device-map check` reads the launch scripts next to a file (issue 12): DM019 / DM020 in the file where the map is written. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli } from '../helpers/cli';
import { REPO_ROOT } from '../helpers/fixtures';
import { launchProject, TRAIN } from './launchProject';

interface Report {
  files: Array<{ path: string; diagnostics: Array<{ code: string; severity: string; line: number; column: number; message: string }> }>;
}

async function diagnostics(dir: string, ...flags: string[]) {
  const r = await cli(['check', 'train.py', '--gpus', '2x24GiB', '--json', ...flags], dir);
  return { code: r.code, diags: (JSON.parse(r.stdout) as Report).files[0]!.diagnostics };
}

test('DDP with "auto": torchrun in run.sh makes it DM019, at the map, naming the script line', async () => {
  const dir = launchProject({
    'train.py': TRAIN,
    'run.sh': '#!/bin/bash\nexport CUDA_VISIBLE_DEVICES=0,1\ntorchrun --nproc_per_node 2 \\\n  train.py --epochs 1\n',
  });
  const { code, diags } = await diagnostics(dir);
  assert.equal(code, 1);
  assert.deepEqual(
    diags.map((d) => [d.code, d.severity, d.line, d.column]),
    [['DM019', 'error', 3, 'model = AutoModelForCausalLM.from_pretrained("./models/tiny-llama", device_map='.length + 1]],
  );
  assert.match(diags[0]!.message, /trained in 2 processes \(run\.sh:3\)/);
  assert.match(diags[0]!.message, /You can't train a model that has been loaded with `device_map='auto'` in any distributed mode/);
  // --processes 1 (a plain python run) overrides what the script says.
  assert.deepEqual((await diagnostics(dir, '--processes', '1')).diags, []);
});

test('the bypass in the launch line, or no launch at all, leaves "auto" alone', async () => {
  const bypass = launchProject({
    'train.py': TRAIN,
    'run.sh': 'ACCELERATE_BYPASS_DEVICE_MAP=true accelerate launch --num_processes=2 train.py\n',
  });
  assert.deepEqual((await diagnostics(bypass)).diags, []);
  const none = launchProject({ 'train.py': TRAIN, 'other.sh': 'torchrun --nproc_per_node 2 other.py\n' });
  assert.deepEqual((await diagnostics(none)).diags, []);
  // --processes 2 alone is enough.
  assert.deepEqual(
    (await diagnostics(none, '--processes', '2')).diags.map((d) => d.code),
    ['DM019'],
  );
});

test('QLoRA on card 0 in every process of an accelerate launch: DM020 error on the 0', async () => {
  const qlora = readFileSync(join(REPO_ROOT, 'test/fixtures/analysis/dm020_qlora_card0.py'), 'utf8');
  const dir = launchProject({ 'train.py': qlora, 'launch.sh': 'accelerate launch --num_processes 2 train.py\n' });
  const { code, diags } = await diagnostics(dir);
  assert.equal(code, 1);
  assert.deepEqual(
    diags.map((d) => [d.code, d.severity]),
    [['DM020', 'error']],
  );
  assert.match(diags[0]!.message, /Every one of the 2 processes \(launch\.sh:1\) loads the 4-bit model on cuda:0/);
  const line = qlora.split('\n').findIndex((l) => l.includes('device_map={"": 0}')) + 1;
  assert.equal(diags[0]!.line, line);
});

test('--processes must be a whole number', async () => {
  const dir = launchProject({ 'train.py': TRAIN });
  const r = await cli(['check', 'train.py', '--processes', 'two'], dir);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--processes must be a whole number/);
});
