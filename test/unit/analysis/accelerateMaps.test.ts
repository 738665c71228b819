/** Maps computed by accelerate's infer_auto_device_map are partial: never a false error, and DM016 only when the model is unknown. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDocument } from '../../../src/core/analysis/analyze';
import type { SourceDocument } from '../../../src/core/analysis/api';
import { envWith, gpus, tinyLlama } from './helpers';

function py(text: string): SourceDocument {
  return { text, languageId: 'python', fileName: '/ws/place.py' };
}

const HEAD = 'from accelerate import dispatch_model, infer_auto_device_map\nfrom transformers import AutoModelForCausalLM\n';

test('an infer_auto_device_map result, alone or handed to a loader, raises no finding when the model resolves', () => {
  for (const tail of ['', 'model = dispatch_model(model, dm)\n', 'model = AutoModelForCausalLM.from_pretrained("tiny", device_map=dm)\n']) {
    const doc = py(
      `${HEAD}model = AutoModelForCausalLM.from_pretrained("tiny")\ndm = infer_auto_device_map(model, max_memory={0: "1GiB", 1: "1GiB"})\n${tail}`,
    );
    const { findings } = analyzeDocument(doc, envWith(tinyLlama(), gpus(2)));
    assert.deepEqual(
      findings.map((f) => `${f.code} ${f.message}`),
      [],
      tail,
    );
  }
});

test('a dispatched computed map whose model is built elsewhere: only DM016', () => {
  const doc = py(`${HEAD}model = make_model()\nmodel = dispatch_model(model, infer_auto_device_map(model))\n`);
  const { findings } = analyzeDocument(doc, envWith(undefined, gpus(2)));
  assert.deepEqual(
    findings.map((f) => f.code),
    ['DM016'],
  );
  assert.equal(findings[0]!.severity, 'info');
});

test('a literal map dispatched by accelerate is checked like any other: a missing module is reported', () => {
  const doc = py(
    `${HEAD}model = AutoModelForCausalLM.from_pretrained("tiny")\ndispatch_model(model, {"model.embed_tokens": 0, "model.layers": 1, "lm_head": 1})\n`,
  );
  const { findings } = analyzeDocument(doc, envWith(tinyLlama(), gpus(2)));
  assert.ok(
    findings.some((f) => f.code === 'DM001' && f.message.includes('model.norm')),
    findings.map((f) => f.message).join('\n'),
  );
});
