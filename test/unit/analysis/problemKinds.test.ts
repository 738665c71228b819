/** Finder problems are told apart by their kind, never by their message text. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeFacts } from '../../../src/core/analysis/analyzeFacts';
import { findDeviceMaps } from '../../../src/core/text/index';
import type { SourceDocument } from '../../../src/core/analysis/api';
import { envWith, gpus, tinyLlama } from './helpers';

const ENV = envWith(tinyLlama(), gpus(2));
const doc: SourceDocument = {
  text: 'model = AutoModelForCausalLM.from_pretrained("tiny", device_map={"model.layers": 0, "model.layers": 1, "": 0})\n',
  languageId: 'python',
  fileName: '/ws/t.py',
};

test('a key written twice is a duplicate-key problem with its key', () => {
  const facts = findDeviceMaps(doc);
  assert.deepEqual(
    facts.problems.map((p) => [p.kind, p.kind === 'duplicate-key' ? p.key : undefined]),
    [['duplicate-key', 'model.layers']],
  );
});

test('the finding follows the kind whatever the finder wrote: a reworded message changes nothing', () => {
  const facts = findDeviceMaps(doc);
  const reworded = { ...facts, problems: facts.problems.map((p) => ({ ...p, message: 'anything at all' })) };
  const [a, b] = [analyzeFacts(doc, facts, ENV), analyzeFacts(doc, reworded, ENV)].map((fs) =>
    fs.filter((f) => f.code === 'duplicate-key'),
  );
  assert.equal(a!.length, 1);
  assert.deepEqual(b, a);
  assert.match(a![0]!.message, /^"model\.layers" is written twice in this device_map; Python keeps only the later value, 1 \(line 1\)/);
});

test('an unreadable file is a parse finding, even when its reason mentions a duplicate', () => {
  const facts = {
    maps: [],
    trains: false,
    problems: [{ kind: 'unreadable' as const, span: { start: 0, end: 0 }, message: '"x" is written twice (a reason, not a duplicate)' }],
  };
  const f = analyzeFacts(doc, facts, ENV);
  assert.deepEqual(
    f.map((x) => [x.code, x.severity]),
    [['parse', 'info']],
  );
  assert.match(f[0]!.message, /^Device Map Studio could not read this file, so nothing in it is checked\. "x" is written twice/);
});
