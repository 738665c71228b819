/**
 * Issue 18, unbounded sizes from one small file and numbers that cannot be
 * represented exactly: each ends with exit 2 and one clear line naming the
 * limit, never an out-of-memory abort, a NaN/Infinity/null size or a stack trace.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../../helpers/cli';
import { parseDType } from '../../../src/core/base/dtypes';

const LLAMA = {
  model_type: 'llama',
  hidden_size: 64,
  intermediate_size: 96,
  num_attention_heads: 4,
  num_key_value_heads: 2,
  num_hidden_layers: 2,
  vocab_size: 256,
};

function configDir(config: Record<string, unknown>): string {
  const d = mkdtempSync(join(tmpdir(), 'dms-num-'));
  writeFileSync(join(d, 'config.json'), JSON.stringify(config));
  return d;
}

const NOT_EXACT = /NaN|Infinity|null/;

test('num_hidden_layers: 1000000 exits 2 naming the layers limit (was: out of memory after two minutes)', async () => {
  const r = await cli(['sizes', '--model', configDir({ ...LLAMA, num_hidden_layers: 1_000_000 })]);
  assert.equal(r.code, 2, r.stdout.slice(0, 200));
  assert.match(r.stderr, /layers limit exceeded: 1000000 > 1024/);
});

test('dimensions whose product overflows exit 2, never NaN/null sizes with exit 0', async () => {
  const r = await cli([
    'sizes',
    '--model',
    configDir({
      ...LLAMA,
      hidden_size: 2 ** 40,
      intermediate_size: 2 ** 41,
      num_attention_heads: 2 ** 10,
      num_key_value_heads: 2 ** 10,
      vocab_size: 2 ** 40,
    }),
    '--json',
  ]);
  assert.equal(r.code, 2, r.stdout.slice(0, 300));
  assert.doesNotMatch(r.stdout, NOT_EXACT);
  assert.match(r.stderr, /represented exactly/);
});

test('--seq with 400 digits is refused, never printed as Infinity/NaN', async () => {
  const r = await cli([
    'estimate',
    '--model',
    configDir(LLAMA),
    '--map',
    '{"": 0}',
    '--mode',
    'forward',
    '--seq',
    '9'.repeat(400),
    '--json',
  ]);
  assert.equal(r.code, 2, r.stdout.slice(0, 300));
  assert.doesNotMatch(r.stdout, NOT_EXACT);
  assert.match(r.stderr, /--seq/);
});

test('dtype names that are Object.prototype members are not dtypes', async () => {
  for (const name of ['toString', '__proto__', 'constructor', 'hasOwnProperty', 'valueOf']) assert.equal(parseDType(name), undefined, name);
  const r = await cli(['sizes', '--model', configDir(LLAMA), '--dtype', 'toString']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--dtype must be/);
  const cfg = await cli(['sizes', '--model', configDir({ ...LLAMA, torch_dtype: '__proto__' }), '--json']);
  assert.doesNotMatch(cfg.stdout + cfg.stderr, NOT_EXACT);
});
