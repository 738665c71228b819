/**
 * Resolution honours the loader class on every route: a local checkpoint with
 * stored dtypes, the HF cache, the catalogue, and a PEFT adapter folder whose
 * base is loaded by `AutoPeftModelFor<X>`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveModel, type ResolveContext } from '../../../src/node/models/resolveModel';
import { loadModelForCli } from '../../../src/node/models/cliModel';
import { CLI_MODEL_HINTS } from '../../../src/cli/modelHints';
import { computeModuleSizes } from '../../../src/core/memory/moduleSizes';
import { moduleIndex } from '../../../src/core/models/tree';
import { tempDir, writeCheckpoint, writeHfCacheRepo } from '../helpers/checkpoints';
import { tinyLlamaConfig, tinyLlamaTensors } from '../../unit/models/resolve/safetensorsBytes';

const shape = { layers: 2, hidden: 64, inter: 96, vocab: 256, heads: 4, kvHeads: 2 };
const tensors = tinyLlamaTensors({ ...shape, dtype: (n: string) => (n.includes('embed') ? 'F16' : 'BF16'), lmHead: true });
const config = tinyLlamaConfig({ ...shape, tie: false });

function ctx(ws: string, extra: Partial<ResolveContext> = {}): ResolveContext {
  const home = tempDir('dms-home-');
  return {
    homeDir: home,
    workspaceFolders: [ws],
    cacheDir: null,
    hubEnabled: false,
    env: { HF_HOME: join(home, 'hf'), HF_HUB_OFFLINE: '1' },
    ...extra,
  };
}

test('a local checkpoint loaded with AutoModel: LlamaModel keys, stored dtypes kept, no lm_head', async () => {
  const ws = tempDir('dms-ws-');
  writeCheckpoint(join(ws, 'ckpt'), { config, shards: [tensors] });
  const causal = await resolveModel({ name: 'ckpt', span: { start: 0, end: 0 } }, ctx(ws));
  const base = await resolveModel({ name: 'ckpt', span: { start: 0, end: 0 }, loaderClass: 'AutoModel' }, ctx(ws));
  assert.ok(causal.ok && base.ok);
  assert.equal(base.tree.className, 'LlamaModel');
  const sizes = computeModuleSizes(base.tree).sizes;
  assert.equal(sizes.get('embed_tokens'), shape.vocab * shape.hidden * 2, 'F16 as stored');
  assert.equal(sizes.has('model.embed_tokens'), false);
  assert.equal(sizes.has('lm_head'), false);
  const causalSizes = computeModuleSizes(causal.tree).sizes;
  assert.equal(sizes.get(''), causalSizes.get('')! - causalSizes.get('lm_head')!);
  // A plain string with the loader class in the context (the CLI's --loader) gives the same tree.
  const viaCtx = await resolveModel('ckpt', ctx(ws, { loaderClass: 'AutoModel' }));
  assert.ok(viaCtx.ok && viaCtx.tree.className === 'LlamaModel');
});

test('the HF cache and the catalogue honour the loader class too', async () => {
  const home = tempDir('dms-home-');
  const cache = join(home, 'hub');
  writeHfCacheRepo(cache, 'acme/tiny-llama', { config, shards: [tensors] });
  const env = { HF_HUB_CACHE: cache, HF_HUB_OFFLINE: '1' };
  const cached = await resolveModel(
    { name: 'acme/tiny-llama', span: { start: 0, end: 0 }, loaderClass: 'LlamaForSequenceClassification' },
    { homeDir: home, workspaceFolders: [home], cacheDir: null, env },
  );
  assert.ok(cached.ok && cached.origin === 'hf-cache');
  assert.equal(cached.tree.className, 'LlamaForSequenceClassification');
  assert.deepEqual(moduleIndex(cached.tree.root).get('score')!.params[0]!.shape, [2, shape.hidden]);

  const cat = await resolveModel(
    { name: 'meta-llama/Llama-2-7b-hf', span: { start: 0, end: 0 }, loaderClass: 'AutoModel' },
    { homeDir: home, workspaceFolders: [home], cacheDir: null, env },
  );
  assert.ok(cat.ok && cat.origin === 'catalogue');
  assert.equal(cat.tree.className, 'LlamaModel');
  assert.ok(moduleIndex(cat.tree.root).has('layers.31'));
});

test('a PEFT adapter folder: AutoPeftModelForCausalLM loads the base causal LM, AutoPeftModelForSequenceClassification a score head', async () => {
  const ws = tempDir('dms-ws-');
  writeCheckpoint(join(ws, 'base'), { config, shards: [tensors] });
  mkdirSync(join(ws, 'lora'));
  writeFileSync(join(ws, 'lora', 'adapter_config.json'), JSON.stringify({ base_model_name_or_path: '../base', peft_type: 'LORA' }));
  const causal = await resolveModel({ name: 'lora', span: { start: 0, end: 0 }, loaderClass: 'AutoPeftModelForCausalLM' }, ctx(ws));
  assert.ok(causal.ok, JSON.stringify(!causal.ok && causal.problem));
  assert.equal(causal.tree.className, 'LlamaForCausalLM');
  const seq = await resolveModel(
    { name: 'lora', span: { start: 0, end: 0 }, loaderClass: 'AutoPeftModelForSequenceClassification' },
    ctx(ws),
  );
  assert.ok(seq.ok && seq.tree.className === 'LlamaForSequenceClassification');
  assert.match(seq.notes[0]!, /PEFT adapter/);
});

test('an unknown loader class keeps the causal LM tree and says so in a note', async () => {
  const ws = tempDir('dms-ws-');
  writeCheckpoint(join(ws, 'ckpt'), { config, shards: [tensors] });
  const r = await resolveModel({ name: 'ckpt', span: { start: 0, end: 0 }, loaderClass: 'MyTrainerModelWrapper2' }, ctx(ws));
  assert.ok(r.ok);
  assert.equal(r.tree.className, 'LlamaForCausalLM');
  assert.ok(
    r.notes.some((n) => /MyTrainerModelWrapper2/.test(n)),
    r.notes.join('\n'),
  );
  const notes: string[] = [];
  const tree = await loadModelForCli(join(ws, 'ckpt'), {
    cwd: ws,
    env: { HF_HUB_OFFLINE: '1' },
    transformers: 5,
    loaderClass: 'Nonsense',
    hints: CLI_MODEL_HINTS,
    note: (n) => notes.push(n),
  });
  assert.equal(tree.className, 'LlamaForCausalLM');
  assert.equal(notes.length, 1);
});

test('a fine-tuned classifier checkpoint (score.weight, no lm_head): its headers give the head', async () => {
  const ws = tempDir('dms-ws-');
  const noHead = tinyLlamaTensors({ ...shape, dtype: () => 'BF16', lmHead: false });
  const classifier = [...noHead, { name: 'score.weight', dtype: 'BF16', shape: [3, shape.hidden] }];
  writeCheckpoint(join(ws, 'cls'), { config: { ...config, id2label: { 0: 'a', 1: 'b', 2: 'c' } }, shards: [classifier] });
  const ref = (loaderClass: string) => ({ name: 'cls', span: { start: 0, end: 0 }, loaderClass });
  const seq = await resolveModel(ref('AutoModelForSequenceClassification'), ctx(ws));
  assert.ok(seq.ok);
  assert.equal(seq.tree.className, 'LlamaForSequenceClassification');
  assert.deepEqual(moduleIndex(seq.tree.root).get('score')!.params[0]!.shape, [3, shape.hidden]);
  assert.ok(!moduleIndex(seq.tree.root).has('lm_head'));
  assert.ok(
    seq.notes.every((n) => !/default/.test(n)),
    seq.notes.join('\n'),
  );
  const base = await resolveModel(ref('AutoModel'), ctx(ws));
  assert.ok(base.ok && base.tree.className === 'LlamaModel', base.ok ? base.tree.className : '');
  assert.ok(moduleIndex(base.tree.root).has('layers.1') && !moduleIndex(base.tree.root).has('score'));
});
