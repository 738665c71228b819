/** `device-map sizes` and `plan` reproduce the recorded transformers output, and fail cleanly. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { cli, cliProcess } from '../helpers/cli';
import { modelFixtureDirs, readJson, REPO_ROOT, type Reference } from '../helpers/fixtures';

const dirs = modelFixtureDirs();

test('sizes --json equals module_sizes_bf16 for every shared fixture', async () => {
  assert.ok(dirs.length >= 8);
  for (const dir of dirs) {
    const ref = readJson<Reference>(join(dir, 'reference.json'));
    const r = await cli(['sizes', '--model', dir, '--dtype', 'bf16', '--json']);
    assert.equal(r.code, 0, `${basename(dir)}: ${r.stderr}`);
    assert.deepEqual(JSON.parse(r.stdout).module_sizes, ref.module_sizes_bf16, basename(dir));
  }
});

test('plan --json reproduces every recorded placement (both max-memory syntaxes)', async () => {
  let n = 0;
  for (const dir of dirs) {
    const ref = readJson<Reference>(join(dir, 'reference.json'));
    for (const p of ref.placements) {
      const spec =
        n % 2 === 0
          ? JSON.stringify(p.max_memory)
          : Object.entries(p.max_memory)
              .map(([k, v]) => `${k}=${v}`)
              .join(',');
      const r = await cli([
        'plan',
        '--model',
        join(dir, 'config.json'),
        '--strategy',
        p.strategy,
        '--max-memory',
        spec,
        '--dtype',
        p.dtype,
        '--json',
      ]);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(JSON.parse(r.stdout).device_map, p.device_map, `${basename(dir)} ${p.strategy} ${p.dtype} ${p.scenario}`);
      n++;
    }
  }
  assert.equal(n, 384);
});

test('--dtype defaults to the config dtype', async () => {
  const dir = dirs.find((d) => d.endsWith('llama-2-7b'))!;
  const withDefault = await cli(['sizes', '--model', dir, '--json']);
  const bf16 = await cli(['sizes', '--model', dir, '--dtype', 'bf16', '--json']);
  const fp32 = await cli(['sizes', '--model', dir, '--dtype', 'fp32', '--json']);
  const total = (r: { stdout: string }): number => JSON.parse(r.stdout).module_sizes[''];
  const config = readJson<{ dtype?: string; torch_dtype?: string }>(join(dir, 'config.json'));
  const expected = (config.dtype ?? config.torch_dtype) === 'float32' ? total(fp32) : total(bf16);
  assert.equal(total(withDefault), expected);
  // Parameters double from bf16 to fp32; the float32 rotary buffers do not.
  const layers = (r: { stdout: string }): number => JSON.parse(r.stdout).module_sizes['model.layers'];
  assert.equal(layers(fp32), 2 * layers(bf16));
  assert.ok(total(fp32) < 2 * total(bf16));
});

test('readable plan output names devices and layer ranges', async () => {
  const dir = dirs.find((d) => d.endsWith('llama-2-7b'))!;
  const r = await cli(['plan', '--model', dir, '--strategy', 'balanced', '--max-memory', '0=8GiB,1=8GiB,cpu=100GiB']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /cuda:0\s+[\d.]+\s+model\.embed_tokens, model\.layers\.0-\d+/);
  assert.match(r.stdout, /cuda:1/);
});

test('bad input: one clear line on stderr, exit 2, no stack trace', async () => {
  const tmp = mkdtempSync(join(tmpdir(), 'dm-cli-'));
  writeFileSync(join(tmp, 'broken.json'), '{\n  "model_type": "llama",\n  "hidden_size": ,\n}');
  writeFileSync(join(tmp, 'unknown.json'), JSON.stringify({ model_type: 'not-a-model' }));
  const llama = join(
    modelFixtureDirs().find((d) => d.endsWith('llama-2-7b'))!,
    'config.json',
  );
  const cases: [string[], RegExp][] = [
    [['sizes', '--model', join(tmp, 'missing')], /missing" does not exist/],
    [['sizes', '--model', join(tmp, 'broken.json')], /malformed JSON at line 3, column 18/],
    [
      ['sizes', '--model', join(tmp, 'unknown.json')],
      /model_type "not-a-model", which the built-in catalogue does not build \(supported: .*llama.*safetensors/,
    ],
    [['plan', '--model', llama, '--max-memory', '0=24Gx'], /`size` 24Gx is not in a valid format/],
    [['plan', '--model', llama, '--max-memory', '{"cuda:0": "24GiB"}'], /Device cuda:0 is not recognized/],
    [['plan', '--model', llama, '--max-memory', '0=24GiB', '--strategy', 'balance'], /--strategy must be one of/],
    [['sizes', '--model', llama, '--dtype', 'int3'], /--dtype must be/],
    [['sizes', '--model', llama, '--bogus'], /unknown option --bogus/],
    [['frobnicate'], /unknown command/],
  ];
  for (const [argv, re] of cases) {
    const r = await cli(argv);
    assert.equal(r.code, 2, argv.join(' '));
    assert.match(r.stderr, re);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  }
});

test('the installed bin runs as a real process (built by npm test before the tests)', () => {
  assert.ok(existsSync(join(REPO_ROOT, 'dist/cli.js')), 'dist/cli.js missing: run node esbuild.mjs cli');
  const dir = modelFixtureDirs().find((d) => d.endsWith('llama-3.2-1b'))!;
  const ok = cliProcess(['plan', '--model', dir, '--strategy', 'sequential', '--max-memory', '0=1GiB,cpu=10GiB', '--json']);
  assert.equal(ok.code, 0, ok.stderr);
  assert.ok(Object.values(JSON.parse(ok.stdout).device_map).includes('cpu'));
  const bad = cliProcess(['plan', '--model', dir, '--max-memory', 'x']);
  assert.equal(bad.code, 2);
  assert.equal(bad.stderr.trim().split('\n').length, 1);
});

test('plan --strategy studio fits where balanced offloads, and says so', async () => {
  const dir = modelFixtureDirs().find((d) => d.endsWith('llama-2-13b'))!;
  const mm = '0=12.5GiB,1=12.5GiB,cpu=100GiB';
  const theirs = await cli(['plan', '--model', dir, '--strategy', 'balanced', '--max-memory', mm, '--json']);
  assert.ok(Object.values(JSON.parse(theirs.stdout).device_map).includes('cpu'));
  const ours = await cli(['plan', '--model', dir, '--strategy', 'studio', '--max-memory', mm, '--json']);
  assert.equal(ours.code, 0, ours.stderr);
  const map = JSON.parse(ours.stdout).device_map as Record<string, unknown>;
  assert.ok(Object.values(map).every((d) => d === 0 || d === 1));
  const text = await cli(['plan', '--model', dir, '--strategy', 'studio', '--max-memory', mm]);
  assert.match(text.stdout, /Device Map Studio planner/);
  assert.match(text.stdout, /fits on the GPUs; device_map="balanced" would offload 1 module\(s\) to cpu/);
  const tooSmall = await cli(['plan', '--model', dir, '--strategy', 'studio', '--max-memory', '0=4GiB']);
  assert.equal(tooSmall.code, 2);
  assert.match(tooSmall.stderr, /does not fit/);
});
