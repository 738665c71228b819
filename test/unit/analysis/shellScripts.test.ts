/** ms-swift scripts through the engine: findings, completion and hover at the place inside the quotes. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDocument } from '../../../src/core/analysis/analyze';
import { completeAt } from '../../../src/core/analysis/completion';
import { hoverAt } from '../../../src/core/analysis/hover';
import type { SourceDocument } from '../../../src/core/analysis/api';
import { envWith, gpus, tinyLlama } from './helpers';

const env = envWith(tinyLlama(), gpus(2));
/** `@` marks the cursor (`|` is a shell pipe). */
function at(src: string): { doc: SourceDocument; offset: number } {
  const offset = src.indexOf('@');
  return { doc: { text: src.slice(0, offset) + src.slice(offset + 1), languageId: 'shellscript', fileName: '/ws/run.sh' }, offset };
}

const SPLIT = [
  'NPROC_PER_NODE=1 \\',
  'swift sft \\',
  '  --model tiny \\',
  `  --device_map '{"model.embed_tokens": 0, "model.rotary_emb": 0, "model.layers.0": 0,`,
  `    "model.layers.1.self_attn": 0, "model.layers.1.input_layernorm": 0,`,
  `    "model.layers.1.post_attention_layernorm": 0, "model.layers.1.mlp": 1,`,
  `    "model.layers.2": 1, "model.layers.3": 1, "model.norm": 1, "lm_head": 1}' \\`,
  '  --output_dir out',
].join('\n');

test('a split decoder layer gets DM003 on the keys inside the quotes, across continuation lines', () => {
  const { findings } = analyzeDocument({ text: SPLIT, languageId: 'shellscript', fileName: '/ws/run.sh' }, env);
  const dm003 = findings.filter((f) => f.code === 'DM003');
  assert.equal(dm003.length, 1, findings.map((f) => `${f.code}: ${f.message}`).join('\n'));
  const f = dm003[0]!;
  assert.match(SPLIT.slice(f.start, f.end), /^"model\.layers\.1\./);
  assert.match(f.message, /layer 1 \(model\.layers\.1\) is split/);
  assert.deepEqual(
    findings.map((x) => x.code).filter((c) => /^DM\d+$/.test(c)),
    ['DM003'],
  );
});

test('the same map as Python gets the same findings (one engine)', () => {
  const dict = SPLIT.slice(SPLIT.indexOf('{'), SPLIT.lastIndexOf('}') + 1);
  const py = `from transformers import AutoModelForCausalLM\nm = AutoModelForCausalLM.from_pretrained("tiny", device_map=${dict})\n`;
  const a = analyzeDocument({ text: py, languageId: 'python', fileName: '/ws/a.py' }, env).findings.map((f) => [f.code, f.message]);
  const b = analyzeDocument({ text: SPLIT, languageId: 'shellscript', fileName: '/ws/run.sh' }, env).findings.map((f) => [
    f.code,
    f.message,
  ]);
  assert.deepEqual(b, a);
});

test('completion inside the quotes offers module keys and devices in JSON style', () => {
  const keys = at(`swift infer --model tiny --device_map '{"model.embed_tokens": 0, "model.la@"}'`);
  const items = completeAt(keys.doc, keys.offset, env);
  const layer = items.find((i) => i.label === 'model.layers.1');
  assert.ok(layer, items.map((i) => i.label).join(', '));
  assert.equal(layer.insertText, '"model.layers.1"');
  assert.equal(keys.doc.text.slice(layer.replace.start, layer.replace.end), '"model.la"');
  const devices = at(`swift infer --model tiny --device_map '{"model.embed_tokens": @}'`);
  const labels = completeAt(devices.doc, devices.offset, env).map((i) => i.label);
  assert.ok(labels.includes('0') && labels.includes('1'), labels.join(', '));
});

test('hover on a key inside the quotes tells the module', () => {
  const { doc, offset } = at(`swift infer --model tiny --device_map '{"model.lay@ers.0": 0, "lm_head": 1}'`);
  const h = hoverAt(doc, offset, env)!;
  assert.equal(doc.text.slice(h.span.start, h.span.end), '"model.layers.0"');
  assert.match(h.markdown, /LlamaDecoderLayer/);
});

test('a map ms-swift cannot parse is one finding at the character json.loads stops at', () => {
  const text = `swift sft --model tiny --device_map '{"": 0,}'`;
  const { findings } = analyzeDocument({ text, languageId: 'shellscript', fileName: '/ws/run.sh' }, env);
  const bad = findings.filter((f) => /json\.loads/.test(f.message));
  assert.equal(bad.length, 1);
  assert.equal(text.slice(bad[0]!.start, bad[0]!.end), '}');
});
