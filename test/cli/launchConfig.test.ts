/**
 * `device-map check` reads accelerate's config file (`--config_file X`, else the default under
 * $HF_HOME) and `.vscode/launch.json` configurations (issue 12): the launch line's own flags beat the file.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../helpers/cli';
import { launchProject, TRAIN } from './launchProject';
import { launchFor } from '../../src/node/launch/launchFor';

async function check(dir: string, env: Record<string, string | undefined> = { HF_HOME: join(dir, 'no-hf-home') }) {
  const r = await cli(['check', 'train.py', '--gpus', '2x24GiB', '--json'], dir, env);
  const report = JSON.parse(r.stdout) as { files: Array<{ diagnostics: Array<{ code: string; message: string }> }> };
  return report.files[0]!.diagnostics;
}

const MULTI_GPU =
  'compute_environment: LOCAL_MACHINE\ndistributed_type: MULTI_GPU\nnum_machines: 1\nnum_processes: 2\ngpu_ids: all\nmixed_precision: bf16\n';

test('accelerate launch --config_file: the count comes from the YAML file', async () => {
  const dir = launchProject({
    'train.py': TRAIN,
    'run.sh': 'accelerate launch --config_file configs/ddp.yaml train.py\n',
    'configs/ddp.yaml': MULTI_GPU,
  });
  const diags = await check(dir);
  assert.deepEqual(
    diags.map((d) => d.code),
    ['DM019'],
  );
  assert.match(diags[0]!.message, /trained in 2 processes \(run\.sh:1\)/);
  // distributed_type NO runs one process, whatever num_processes says.
  writeFileSync(join(dir, 'configs/ddp.yaml'), MULTI_GPU.replace('MULTI_GPU', 'NO'));
  assert.deepEqual(await check(dir), []);
});

test("accelerate's default config under $HF_HOME, and --num_processes on the line beats it", async () => {
  const hf = mkdtempSync(join(tmpdir(), 'dms-hfhome-'));
  mkdirSync(join(hf, 'accelerate'));
  writeFileSync(join(hf, 'accelerate/default_config.yaml'), MULTI_GPU.replace('num_processes: 2', 'num_processes: 4'));
  const dir = launchProject({ 'train.py': TRAIN, 'run.sh': 'accelerate launch train.py\n' });
  const diags = await check(dir, { HF_HOME: hf });
  assert.match(diags[0]!.message, /trained in 4 processes \(run\.sh:1\)/);
  // Without HF_HOME, accelerate looks under $XDG_CACHE_HOME/huggingface.
  const xdg = mkdtempSync(join(tmpdir(), 'dms-xdg-'));
  cpSync(hf, join(xdg, 'huggingface'), { recursive: true });
  assert.match((await check(dir, { XDG_CACHE_HOME: xdg }))[0]!.message, /trained in 4 processes/);
  writeFileSync(join(dir, 'run.sh'), 'accelerate launch --num_processes 1 train.py\n');
  assert.deepEqual(await check(dir, { HF_HOME: hf }), []);
});

test('the editor reads inside the workspace only: the default config under $HF_HOME is not read there', () => {
  const hf = mkdtempSync(join(tmpdir(), 'dms-hfhome-'));
  mkdirSync(join(hf, 'accelerate'));
  writeFileSync(join(hf, 'accelerate/default_config.yaml'), MULTI_GPU);
  const dir = launchProject({ 'train.py': TRAIN, 'run.sh': 'accelerate launch train.py\n' });
  assert.equal(launchFor(join(dir, 'train.py'), undefined, { env: { HF_HOME: hf } })?.processes, 2);
  assert.equal(launchFor(join(dir, 'train.py'), undefined, { env: { HF_HOME: hf }, within: dir }), undefined);
});

test('gpu_ids in the config leave that many cards: a rank past them is DM021', async () => {
  const rankMap = TRAIN.replace('device_map="auto"', 'device_map={"": 2 * int(os.environ["LOCAL_RANK"])}').replace(/^/, 'import os\n');
  const dir = launchProject({
    'train.py': rankMap,
    'run.sh': 'accelerate launch --config_file two.yaml train.py\n',
    'two.yaml': MULTI_GPU.replace('gpu_ids: all', 'gpu_ids: 0,1'),
  });
  const r = await cli(['check', 'train.py', '--gpus', '4x24GiB', '--json'], dir, { HF_HOME: join(dir, 'none') });
  const diags = (JSON.parse(r.stdout) as { files: Array<{ diagnostics: Array<{ code: string; message: string }> }> }).files[0]!.diagnostics;
  assert.deepEqual(
    diags.map((d) => d.code),
    ['DM021'],
  );
  assert.match(diags[0]!.message, /^Rank 1 uses cuda:2 beyond the cuda:0-1 visible \(2 processes, run\.sh:1\)/);
});

test('.vscode/launch.json: torchrun as a module with ${workspaceFolder}, jsonc comments and trailing commas', async () => {
  const launchJson = `{
  // Debug the DDP run
  "version": "0.2.0",
  "configurations": [
    { "name": "plain", "type": "debugpy", "request": "launch", "program": "\${workspaceFolder}/other.py" },
    {
      "name": "ddp",
      "type": "debugpy",
      "request": "launch",
      "module": "torch.distributed.run",
      "args": ["--nproc_per_node", "2", "\${workspaceFolder}/train.py", "--epochs", "1"],
      "env": { "CUDA_VISIBLE_DEVICES": "0,1" },
    },
  ],
}`;
  const dir = launchProject({ 'train.py': TRAIN, '.vscode/launch.json': launchJson });
  const diags = await check(dir);
  assert.deepEqual(
    diags.map((d) => d.code),
    ['DM019'],
  );
  assert.match(diags[0]!.message, /trained in 2 processes \(launch\.json:6\)/);
  const ctx = launchFor(join(dir, 'train.py'));
  assert.deepEqual(ctx, {
    processes: 2,
    from: 'launch.json:6',
    command: 'python -m torch.distributed.run --nproc_per_node 2',
    visibleDevices: 2,
  });
});

test('launch.json: accelerate launch as a module, and ${file} (whatever file is open)', () => {
  const dir = launchProject({
    'train.py': TRAIN,
    '.vscode/launch.json': JSON.stringify({
      configurations: [{ name: 'acc', module: 'accelerate.commands.launch', args: ['--num_processes=3', '${file}'] }],
    }),
  });
  assert.deepEqual(launchFor(join(dir, 'train.py')), {
    processes: 3,
    from: 'launch.json:1',
    command: 'python -m accelerate.commands.launch --num_processes 3',
  });
});

test('a broken config or launch.json says nothing rather than guess', async () => {
  const dir = launchProject({
    'train.py': TRAIN,
    'run.sh': 'accelerate launch --config_file bad.yaml train.py\n',
    'bad.yaml': 'num_processes: [2\n  :::',
    '.vscode/launch.json': '{ "configurations": [ { "module": ',
  });
  assert.deepEqual(await check(dir), []);
});
