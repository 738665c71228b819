/** schemas/device-map-studio.schema.json and the parser agree: every key the parser knows is in the schema, and a file the parser accepts validates. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'smol-toml';
import { CONFIG_KEYS, parseStudioConfig } from '../../../src/core/config/index';
import { REPO_ROOT } from '../../helpers/fixtures';

const schema = JSON.parse(readFileSync(join(REPO_ROOT, 'schemas/device-map-studio.schema.json'), 'utf8')) as {
  properties: Record<string, { properties?: Record<string, unknown> }>;
};

test('every key the parser knows is in the schema, and nothing else', () => {
  const inSchema: string[] = [];
  for (const [k, v] of Object.entries(schema.properties)) {
    if (v.properties) for (const k2 of Object.keys(v.properties)) inSchema.push(`${k}.${k2}`);
    else inSchema.push(k);
  }
  assert.deepEqual(inSchema.filter((k) => k !== 'rules').sort(), [...CONFIG_KEYS.keys()].sort());
});

test('a full example validates against the schema and parses without problems; a typo fails both', () => {
  const text =
    'gpus = ["2x24GiB", { name = "A100", memoryGiB = 80 }]\naccelerator = "cuda"\ncpu-memory = 128\ntraining-reserve = 6\ncontext = 700\ntransformers-version = "4"\nprocesses = 2\nexclude = ["legacy/**"]\n[models]\n"org/m" = "ckpt"\n[hub]\nenabled = false\nendpoint = "https://hf-mirror.com"\n[estimate]\nmode = "train"\nbatch = 2\nseq-length = 1024\nnew-tokens = 0\n[rules]\nDM009 = "off"\nunused-suppression = "hint"\n';
  const ajv = new Ajv({ strict: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  assert.ok(validate(parse(text)), JSON.stringify(validate.errors));
  assert.deepEqual(parseStudioConfig(text, '/p/device-map-studio.toml', 'standalone')!.problems, []);
  const typo = text.replace('seq-length', 'seq_length');
  assert.equal(validate(parse(typo)), false);
  assert.equal(parseStudioConfig(typo, '/p/device-map-studio.toml', 'standalone')!.problems.length, 1);
});
