/** Hover at a `|` cursor: module facts on keys, expansion on strategies, per-card tables on maps; CodeLens per map. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hoverAt } from '../../../src/core/analysis/hover';
import { codeLenses } from '../../../src/core/analysis/codeLens';
import { perCardSummary } from '../../../src/core/analysis/perCard';
import { withCursor } from './cursor';
import { envWith, fixtureModel, gpus, tinyLlama } from './helpers';
import { GIB } from '../../../src/core/settings';

const CALL = 'model = AutoModelForCausalLM.from_pretrained("tiny", ';
const llama7b = fixtureModel('llama-2-7b');

test('on a key: class, parameters, bytes at the effective dtype, device and its load against capacity', () => {
  const { doc, offset } = withCursor(
    `${CALL}dtype=torch.float16, device_map={\n    "model.embed_tokens": 0,\n    "model.lay|ers": 0,\n    "model.norm": 1,\n    "lm_head": 1,\n})`,
  );
  const h = hoverAt(doc, offset, envWith(llama7b, gpus(2)))!;
  assert.equal(doc.text.slice(h.span.start, h.span.end), '"model.layers"');
  assert.match(h.markdown, /ModuleList/);
  assert.match(h.markdown, /6\.\d+B parameters/);
  assert.match(h.markdown, /12\.\d+ GiB in fp16/);
  // The card's peak over the estimated step (weights + KV cache + activations + context), as DM011 and the CodeLens count it.
  assert.match(h.markdown, /\*\*cuda:0\*\* peaks at 13\.\d+ GiB \(weights 12\.\d+ GiB \+ KV cache .* \+ CUDA context .*\) of 24\.00 GiB/);
});

test('on the map of a 4-bit model: the hover says the runtime figures are unmeasured, with the assumptions (issue 19)', () => {
  const text = `${CALL}load_in_4bit=True, device_map={| "model.embed_tokens": 0, "model.layers": 0, "model.norm": 1, "lm_head": 1, "model.rotary_emb": 1})`;
  const { doc, offset } = withCursor(text);
  const h = hoverAt(doc, offset, envWith(llama7b, gpus(2)))!;
  assert.match(
    h.markdown,
    /Not measured on a GPU:\n\n- 4-bit runtime \(bitsandbytes\) is unmeasured: assumed activations, KV cache and logits in bf16/,
  );
  const plain = withCursor(
    `${CALL}device_map={| "model.embed_tokens": 0, "model.layers": 0, "model.norm": 1, "lm_head": 1, "model.rotary_emb": 1})`,
  );
  assert.doesNotMatch(hoverAt(plain.doc, plain.offset, envWith(llama7b, gpus(2)))!.markdown, /Not measured/);
});

test('on an unknown key: says transformers ignores it', () => {
  const { doc, offset } = withCursor(`${CALL}device_map={"": 0, "model.layers.|9": 1})`);
  assert.match(hoverAt(doc, offset, envWith(tinyLlama(), gpus(2)))!.markdown, /names no module/);
});

test('on a strategy string: the map it expands to, per card', () => {
  const { doc, offset } = withCursor(`${CALL}device_map="bal|anced")`);
  const h = hoverAt(doc, offset, envWith(llama7b, gpus(2)))!;
  assert.match(h.markdown, /expands to/);
  assert.match(h.markdown, /\| cuda:0 \| [\d.]+ GiB \| model\.embed_tokens, model\.layers\.0-\d+/);
  assert.match(h.markdown, /\| cuda:1 \|/);
  const noCards = hoverAt(doc, offset, envWith(llama7b))!;
  assert.match(noCards.markdown, /Configure the GPUs/);
});

test('on the map: a per-card table', () => {
  const { doc, offset } = withCursor(
    `${CALL}device_map={| "model.embed_tokens": 0, "model.layers": 0, "model.norm": 1, "lm_head": 1, "model.rotary_emb": 1})`,
  );
  const h = hoverAt(doc, offset, envWith(llama7b, gpus(2)))!;
  assert.ok(h, 'hover on the dict itself');
  assert.match(h.markdown, /Peak over a forward pass of 1 × 512 tokens/);
  assert.match(h.markdown, /\| device \| keys \| weights \| KV cache \| activations \| training \| context \| total \| capacity \| use \|/);
  assert.match(h.markdown, /\| cuda:1 \| 3 \|/);
  // The formula behind each number is in the hover.
  assert.match(h.markdown, /cuda:0 kv_cache: 32 blocks × batch 1 × 512 tokens/);
  assert.match(h.markdown, /cuda:1 context: CUDA context \d+ B/);
});

test('perCardSummary: weights per card plus context, capacity and the peak card', () => {
  const map = new Map<string, number | string>([
    ['model.embed_tokens', 0],
    ['model.layers', 0],
    ['model.norm', 1],
    ['lm_head', 1],
  ]);
  const s = perCardSummary(llama7b, map, gpus(2), { dtype: 'bf16' });
  assert.equal(s.cards.length, 2);
  assert.equal(s.peak!.label, 'cuda:0');
  assert.equal(s.cards[0]!.capacity, 24 * GIB);
  assert.equal(s.cards[0]!.total - s.cards[0]!.weights, gpus(2).contextBytes);
  // The two cards hold every parameter byte of the model (rotary buffers are uncovered: not parameters).
  const sum = s.cards.reduce((n, c) => n + c.weights, 0);
  assert.ok(Math.abs(sum - 6_738_415_616 * 2) < 2 ** 20, String(sum));
});

test('CodeLens: totals per card and Open layout with the map index', () => {
  const { doc } = withCursor(`${CALL}device_map={"": 0})\nm2 = AutoModelForCausalLM.from_pretrained("tiny", device_map="balanced")|`);
  const lenses = codeLenses(doc, envWith(tinyLlama(), gpus(2)));
  const open = lenses.filter((l) => l.command);
  assert.deepEqual(
    open.map((l) => l.command!.args),
    [[0], [1]],
  );
  assert.ok(open.every((l) => l.command!.id === 'deviceMapStudio.openLayout'));
  const totals = lenses.filter((l) => !l.command).map((l) => l.title);
  assert.match(totals[0]!, /^cuda:0 [\d.]+ MiB \/ 24\.00 GiB$/);
  assert.match(totals[1]!, /cuda:0 .* · cuda:1 /);
});
