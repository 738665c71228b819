/**
 * `--loader <ClassName>`: the class that loads the model decides the module
 * names (`AutoModel`: no `model.` prefix, no `lm_head`); `check` resolves each
 * (model, loader class) pair of a file on its own.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli } from '../helpers/cli';
import { tempDir } from '../node/helpers/checkpoints';

const env = { HF_HUB_OFFLINE: '1', HOME: tempDir() };

test("sizes and plan with --loader AutoModel name the base model's modules", async () => {
  const home = env.HOME;
  const sizes = await cli(['sizes', '--model', 'meta-llama/Llama-2-7b-hf', '--loader', 'AutoModel', '--json'], home, env);
  assert.equal(sizes.code, 0, sizes.stderr);
  const modules = JSON.parse(sizes.stdout).module_sizes as Record<string, number>;
  assert.ok('layers.0' in modules && 'embed_tokens' in modules);
  assert.ok(!('lm_head' in modules) && !('model.layers.0' in modules));
  const plan = await cli(
    [
      'plan',
      '--model',
      'meta-llama/Llama-2-7b-hf',
      '--loader',
      'AutoModel',
      '--strategy',
      'balanced',
      '--max-memory',
      '0=8GiB,1=8GiB',
      '--json',
    ],
    home,
    env,
  );
  assert.equal(plan.code, 0, plan.stderr);
  const keys = Object.keys(JSON.parse(plan.stdout).device_map as Record<string, unknown>);
  assert.ok(keys.length > 1 && keys.every((k) => !k.startsWith('model.') && k !== 'lm_head'), keys.join(', '));
  const unknown = await cli(['sizes', '--model', 'meta-llama/Llama-2-7b-hf', '--loader', 'Whatever', '--json'], home, env);
  assert.equal(unknown.code, 0, unknown.stderr);
  assert.ok('lm_head' in JSON.parse(unknown.stdout).module_sizes);
  assert.match(unknown.stderr, /note: Whatever/);
});

test('check: an AutoModel map with layers.N keys is clean, the same keys under AutoModelForCausalLM are not', async () => {
  const dir = tempDir();
  mkdirSync(join(dir, 'src'));
  const keys = [
    '"embed_tokens": 0',
    ...Array.from({ length: 32 }, (_, i) => `"layers.${i}": ${i < 16 ? 0 : 1}`),
    '"norm": 1',
    '"rotary_emb": 1',
  ].join(', ');
  const file = (loader: string): string =>
    [
      `from transformers import ${loader}`,
      `device_map = {${keys}}`,
      `model = ${loader}.from_pretrained("meta-llama/Llama-2-7b-hf", device_map=device_map)`,
      '',
    ].join('\n');
  writeFileSync(join(dir, 'src', 'base.py'), file('AutoModel'));
  writeFileSync(join(dir, 'src', 'causal.py'), file('AutoModelForCausalLM'));
  const base = await cli(['check', 'src/base.py', '--gpus', '2x80GiB', '--json'], dir, env);
  assert.equal(base.code, 0, base.stdout + base.stderr);
  const baseCodes = (JSON.parse(base.stdout).files[0].diagnostics as Array<{ code: string }>).map((d) => d.code);
  assert.ok(!baseCodes.includes('DM001') && !baseCodes.includes('DM002'), baseCodes.join(', '));
  const causal = await cli(['check', 'src/causal.py', '--gpus', '2x80GiB', '--json'], dir, env);
  const causalCodes = (JSON.parse(causal.stdout).files[0].diagnostics as Array<{ code: string }>).map((d) => d.code);
  assert.ok(causalCodes.includes('DM001'), causalCodes.join(', '));
});
