/** Issue 18: `.json` device maps with trailing commas or comments get a finding that json.load rejects them; `.jsonc` does not. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDocument } from '../../../src/core/analysis/analyze';
import { modelFromConfig } from '../../../src/core/models/registry';
import { catalogueConfig } from '../../../src/core/models/catalogue/index';
import { DEFAULT_SETUP } from '../../../src/core/settings';
import type { AnalysisEnv } from '../../../src/core/analysis/api';

const tree = modelFromConfig(catalogueConfig('gpt2')!);
const env: AnalysisEnv = { setup: DEFAULT_SETUP, lookupModel: () => ({ status: 'ok', tree, origin: 'catalogue' }) };
const TEXT = '{\n  // the embeddings\n  "transformer": 0,\n  "lm_head": 0,\n}\n';

test('.json: a comment and a trailing comma are each reported where they are', () => {
  const { findings } = analyzeDocument({ text: TEXT, languageId: 'json', fileName: '/w/my_device_map.json' }, env);
  const strict = findings.filter((f) => /json\.load rejects/.test(f.message));
  assert.equal(strict.length, 2, findings.map((f) => f.message).join('\n'));
  assert.equal(TEXT.slice(strict[0]!.start, strict[0]!.end), '// the embeddings');
  assert.equal(TEXT.slice(strict[1]!.start, strict[1]!.end), ',');
  assert.equal(TEXT.lastIndexOf(','), strict[1]!.start);
});

test('.jsonc and strict .json files get no such finding', () => {
  const jsonc = analyzeDocument({ text: TEXT, languageId: 'jsonc', fileName: '/w/my_device_map.jsonc' }, env).findings;
  assert.ok(!jsonc.some((f) => /json\.load rejects/.test(f.message)));
  const clean = analyzeDocument(
    { text: '{"transformer": 0, "lm_head": 0}', languageId: 'json', fileName: '/w/my_device_map.json' },
    env,
  ).findings;
  assert.ok(!clean.some((f) => /json\.load rejects/.test(f.message)));
});
