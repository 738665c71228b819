import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launchesIn } from '../../../src/core/text/shell/launch';

const SCRIPT = [
  '#!/bin/bash',
  'export CUDA_VISIBLE_DEVICES=0,1',
  'N=2',
  'torchrun --nproc_per_node $N \\',
  '   --nnodes=1 train.py --lr 1e-4  # go',
  'ACCELERATE_BYPASS_DEVICE_MAP=true accelerate launch --num_processes=4 hybrid.py',
  'cat <<END',
  'torchrun --nproc_per_node 8 not_a_launch.py',
  'END',
  'NPROC_PER_NODE=2 swift sft --model Qwen/Qwen2.5-7B --device_map \'{"": 0}\'',
  'deepspeed train_ds.py --deepspeed ds.json',
  'python -m torch.distributed.run --nproc-per-node=$(nvidia-smi -L | wc -l) t.py',
  'accelerate launch x.py',
  'python "plain run.py"',
  '',
].join('\n');

test('launch lines: counts, variables, continuations, exports, heredocs and prefixes', () => {
  const got = launchesIn(SCRIPT).map((l) => [l.launcher, l.script ?? '-', l.processes ?? '?', l.visibleDevices ?? '?', l.bypass, l.line]);
  assert.deepEqual(got, [
    ['torchrun', 'train.py', 2, 2, false, 4],
    ['accelerate', 'hybrid.py', 4, 2, true, 6],
    ['swift', '-', 2, 2, false, 10],
    ['deepspeed', 'train_ds.py', 2, 2, false, 11],
    ['torchrun', 't.py', '?', 2, false, 12],
    ['accelerate', 'x.py', '?', 2, false, 13],
    ['python', 'plain run.py', 1, 2, false, 14],
  ]);
});

test('what cannot be read is said, never guessed', () => {
  const [sub, acc] = launchesIn(SCRIPT).filter((l) => l.processes === undefined);
  assert.match(sub!.unread!, /\$\(nvidia-smi -L \| wc -l\)" is only known at run time/);
  assert.match(acc!.unread!, /accelerate's default config/);
});

test('bad shell never throws: unterminated quotes, lone heredoc, noise', () => {
  for (const text of [
    'torchrun --nproc_per_node "2 train.py',
    'cat <<END\ntorchrun --nproc_per_node 2 a.py',
    '\u0000\u0001 $( ((',
    'torchrun \\',
  ]) {
    assert.doesNotThrow(() => launchesIn(text));
  }
  assert.deepEqual(launchesIn('cat <<END\ntorchrun --nproc_per_node 2 a.py'), []);
});
