/** accelerate's config file as `accelerate launch` reads it (issue 12): the keys that decide the launch. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readAccelerateConfig } from '../../../src/core/text/shell/accelerateConfig';
import { launchesInLaunchJson } from '../../../src/core/text/shell/launchJson';

test('num_processes counts every machine: each of num_machines starts its share; gpu_ids lists the visible cards', () => {
  assert.deepEqual(
    readAccelerateConfig('distributed_type: MULTI_GPU\nnum_machines: 2\nnum_processes: 8\ngpu_ids: 0,1,2,3\nmixed_precision: fp16\n'),
    { processes: 4, visibleDevices: 4, distributedType: 'MULTI_GPU', machines: 2, mixedPrecision: 'fp16' },
  );
  assert.deepEqual(readAccelerateConfig('distributed_type: DEEPSPEED\nnum_processes: 2\ngpu_ids: all\n'), {
    processes: 2,
    distributedType: 'DEEPSPEED',
  });
  assert.equal(readAccelerateConfig('distributed_type: "NO"\nnum_processes: 4\n').processes, 1);
  // The JSON form accelerate also accepts is YAML too.
  assert.equal(readAccelerateConfig('{"distributed_type": "MULTI_GPU", "num_processes": 3}').processes, 3);
});

test('a config that is not a mapping, or not YAML, says so and gives no count', () => {
  assert.match(readAccelerateConfig('- a\n- b\n').problem ?? '', /not a mapping/);
  assert.match(readAccelerateConfig('a: [1\n  b: :').problem ?? '', /not valid YAML/);
  assert.equal(readAccelerateConfig('num_processes: two\n').processes, undefined);
});

test('launch.json configurations: a module, a program, env; the rest are not launches', () => {
  const text = JSON.stringify(
    {
      configurations: [
        { name: 'attach', request: 'attach' },
        { name: 'ds', program: '/usr/bin/deepspeed', args: ['--num_gpus', '2', 'train.py'], env: { ACCELERATE_BYPASS_DEVICE_MAP: 'true' } },
        { name: 'old', module: 'torch.distributed.launch', args: '--nproc_per_node 4 train.py' },
      ],
    },
    null,
    2,
  );
  assert.deepEqual(
    launchesInLaunchJson(text).map((l) => [l.launcher, l.script, l.processes, l.bypass, l.command]),
    [
      ['deepspeed', 'train.py', 2, true, 'deepspeed --num_gpus 2'],
      ['torchrun', 'train.py', 4, false, 'python -m torch.distributed.launch --nproc_per_node 4'],
    ],
  );
});
