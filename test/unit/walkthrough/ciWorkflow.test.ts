// The workflow "Write a GitHub Actions Workflow for device-map check" writes: valid YAML whose
// check step runs the CLI with the workspace's GPUs when they fit one --gpus value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { parseGpusFlag } from '../../../src/core/gpuSpecs';
import { ciWorkflowText, gpusFlagOf } from '../../../src/extension/walkthrough/ciWorkflowText';

const runs = (text: string) => (parse(text).jobs['device-map'].steps as { run?: string }[]).flatMap((s) => (s.run ? [s.run] : []));

test('without GPUs the check reads them from the config file', () => {
  assert.deepEqual(runs(ciWorkflowText()), ['npm install --no-save device-map-studio', 'npx device-map check . --output-format github']);
});

test('the GPU setting becomes one --gpus value the CLI parses to the same cards', () => {
  const flag = gpusFlagOf(['2xrtx3090', '24GiB']);
  assert.equal(flag, '2xrtx3090,24GiB');
  assert.ok(runs(ciWorkflowText(flag)).includes('npx device-map check . --gpus 2xrtx3090,24GiB --output-format github'));
  const parsed = parseGpusFlag(flag!);
  assert.deepEqual(parsed.errors, []);
  assert.equal(parsed.gpus.length, 3);
});

test('settings the flag cannot say (objects, odd characters, none) leave it out', () => {
  assert.equal(gpusFlagOf([{ name: 'A6000', memoryGiB: 48 }]), undefined);
  assert.equal(gpusFlagOf(['24GiB; rm -rf /']), undefined);
  assert.equal(gpusFlagOf([]), undefined);
  assert.equal(gpusFlagOf(undefined), undefined);
});
