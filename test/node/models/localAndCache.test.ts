/**
 * Local folders and the Hugging Face cache, with real files: sharded
 * mixed-dtype safetensors whose data is a sparse hole, hub-cache layouts with
 * blobs and symlinks, and a stand-in Hub that counts requests to prove the
 * offline routes never touch the network.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveModel, type ResolveContext } from '../../../src/node/models/resolveModel';
import { dm016 } from '../../../src/core/analysis/modelProblem';
import { resolveModelWith } from '../../../src/core/models/resolve/resolver';
import { nodeFs } from '../../../src/node/models/nodeFs';
import { computeModuleSizes } from '../../../src/core/memory/moduleSizes';
import { namedTensors, numel, type ModelTree } from '../../../src/core/models/tree';
import { DTYPE_BYTES } from '../../../src/core/base/dtypes';
import { startFakeHub, type FakeServer } from '../helpers/fakeHub';
import { tempDir, writeCheckpoint, writeHfCacheRepo, writeSafetensors } from '../helpers/checkpoints';
import { storedBytes, tinyLlamaConfig, tinyLlamaTensors } from '../../unit/models/resolve/safetensorsBytes';

const shape = { layers: 4, hidden: 64, inter: 96, vocab: 256, heads: 4, kvHeads: 2 };
const mixed = (n: string): string => (n.includes('norm') ? 'F32' : n.includes('embed') ? 'F16' : 'BF16');
const tensors = tinyLlamaTensors({ ...shape, dtype: mixed, lmHead: true });
const config = tinyLlamaConfig({ ...shape, tie: false });
const shards = [tensors.slice(0, 12), tensors.slice(12, 25), tensors.slice(25)];

let hub: FakeServer;
before(async () => {
  hub = await startFakeHub({});
});
after(() => hub.close());

const bufferBytes = (t: ModelTree): number =>
  [...namedTensors(t.root)]
    .filter((x) => x.tensor.kind === 'buffer')
    .reduce((s, x) => s + numel(x.tensor.shape) * DTYPE_BYTES[x.tensor.dtype ?? 'fp32'], 0);
const exactBytes = (t: ModelTree): number => storedBytes(tensors) + bufferBytes(t);

function ctx(ws: string, extra: Partial<ResolveContext> & { env?: Record<string, string> } = {}): ResolveContext {
  const home = tempDir('dms-home-');
  return {
    homeDir: home,
    workspaceFolders: [ws],
    cacheDir: null,
    ...extra,
    env: { HF_ENDPOINT: hub.url, HF_HOME: join(home, 'hf'), ...extra.env },
  };
}

test('local folder: relative to the file, then the workspace; config.json path; sizes exact to stored dtypes', async () => {
  const ws = tempDir('dms-ws-');
  writeCheckpoint(join(ws, 'ckpt'), { config, shards });
  mkdirSync(join(ws, 'scripts'));
  const viaWorkspace = await resolveModel('ckpt', ctx(ws, { fileDir: join(ws, 'scripts') }));
  assert.ok(viaWorkspace.ok && viaWorkspace.origin === 'local', JSON.stringify(!viaWorkspace.ok && viaWorkspace.problem));
  assert.equal(viaWorkspace.location, join(ws, 'ckpt'));
  assert.equal(computeModuleSizes(viaWorkspace.tree).sizes.get(''), exactBytes(viaWorkspace.tree));
  assert.equal(computeModuleSizes(viaWorkspace.tree).sizes.get('model.embed_tokens'), shape.vocab * shape.hidden * 2);
  const viaFile = await resolveModel('../ckpt', ctx(ws, { fileDir: join(ws, 'scripts') }));
  assert.ok(viaFile.ok && viaFile.location === join(ws, 'ckpt'));
  const viaConfig = await resolveModel(join(ws, 'ckpt', 'config.json'), ctx(ws));
  assert.ok(viaConfig.ok && viaConfig.tree.className === 'LlamaForCausalLM');
  assert.equal(computeModuleSizes(viaConfig.tree).sizes.get(''), exactBytes(viaConfig.tree));
  assert.equal(hub.requests.length, 0);
});

test('only the header bytes of each shard are read', async () => {
  const ws = tempDir('dms-ws-');
  writeCheckpoint(join(ws, 'ckpt'), { config, shards });
  const reads: Array<{ path: string; offset: number; length: number }> = [];
  const spyFs = {
    ...nodeFs,
    readRange: (path: string, offset: number, length: number) => (
      reads.push({ path, offset, length }),
      nodeFs.readRange(path, offset, length)
    ),
  };
  const r = await resolveModelWith('./ckpt', {
    fs: spyFs,
    env: {},
    homeDir: ws,
    trusted: true,
    hubAccess: 'disabled',
    fileDir: ws,
    workspaceFolders: [ws],
  });
  assert.ok(r.ok);
  assert.equal(reads.length, 2 * shards.length);
  for (const rd of reads) {
    const first8 = readFileSync(rd.path).subarray(0, 8);
    const headerEnd = 8 + Number(first8.readBigUInt64LE(0));
    assert.ok(
      rd.offset + rd.length <= headerEnd,
      `read ${rd.offset}+${rd.length} of ${rd.path} stays in the header (ends at ${headerEnd})`,
    );
    assert.ok(statSync(rd.path).size > headerEnd, 'the file does have data past the header');
  }
});

test('local failures: folder without config, missing path, malformed config, unknown type without weights', async () => {
  const ws = tempDir('dms-ws-');
  mkdirSync(join(ws, 'empty'));
  const empty = await resolveModel('./empty', ctx(ws, { fileDir: ws }));
  assert.ok(!empty.ok && empty.problem.kind === 'folder-without-config');
  const missing = await resolveModel('./nowhere', ctx(ws, { fileDir: ws }));
  assert.ok(!missing.ok && missing.problem.kind === 'path-not-found');
  mkdirSync(join(ws, 'broken'));
  writeFileSync(join(ws, 'broken', 'config.json'), '{"model_type": "llama",');
  const broken = await resolveModel('./broken', ctx(ws, { fileDir: ws }));
  assert.ok(!broken.ok && broken.problem.kind === 'bad-checkpoint');
  assert.match(dm016(broken.problem).message, /invalid JSON/);
  writeCheckpoint(join(ws, 'novel'), { config: { model_type: 'novel_arch', architectures: ['NovelForCausalLM'] } });
  const novel = await resolveModel('./novel', ctx(ws, { fileDir: ws }));
  assert.ok(!novel.ok && novel.problem.kind === 'unknown-model-type');
  // The same unknown architecture with weights: the headers give the tree.
  writeCheckpoint(join(ws, 'novel2'), { config: { model_type: 'novel_arch', architectures: ['NovelForCausalLM'] }, shards });
  const novel2 = await resolveModel('./novel2', ctx(ws, { fileDir: ws }));
  assert.ok(novel2.ok && novel2.tree.modelType === 'novel_arch' && novel2.tree.noSplitModules[0] === 'NovelBlock');
  assert.equal(computeModuleSizes(novel2.tree).sizes.get(''), storedBytes(tensors));
});

test('the deviceMapStudio.models setting maps a name to a folder', async () => {
  const ws = tempDir('dms-ws-');
  writeCheckpoint(join(ws, 'weights', 'mine'), { config, shards: [tensors] });
  const r = await resolveModel('org/private-model', ctx(ws, { modelPaths: { 'org/private-model': 'weights/mine' } }));
  assert.ok(r.ok && r.origin === 'settings', JSON.stringify(!r.ok && r.problem));
  const bad = await resolveModel('org/private-model', ctx(ws, { modelPaths: { 'org/private-model': 'weights/gone' } }));
  assert.ok(!bad.ok && bad.problem.kind === 'path-not-found');
});

test('HF cache, offline: sharded mixed-dtype snapshot through refs and blob symlinks, no request', async () => {
  const ws = tempDir('dms-ws-');
  const cache = tempDir('dms-hubcache-');
  writeHfCacheRepo(cache, 'acme/llama-mini', { config, shards });
  writeHfCacheRepo(cache, 'acme/llama-mini', {
    config: { ...config, num_hidden_layers: 2 },
    shards: [tensors.filter((t) => !/layers\.[23]\./.test(t.name))],
    revision: 'v1',
  });
  const before = hub.requests.length;
  const r = await resolveModel('acme/llama-mini', ctx(ws, { env: { HF_HUB_CACHE: cache, HF_HUB_OFFLINE: '1' } }));
  assert.ok(r.ok && r.origin === 'hf-cache', JSON.stringify(!r.ok && r.problem));
  assert.equal(computeModuleSizes(r.tree).sizes.get(''), exactBytes(r.tree));
  const v1 = await resolveModel(
    { name: 'acme/llama-mini', revision: 'v1', span: { start: 0, end: 0 } },
    ctx(ws, { env: { HF_HUB_CACHE: cache, HF_HUB_OFFLINE: '1' } }),
  );
  assert.ok(v1.ok && v1.tree.root.children[0]!.children.find((c) => c.name === 'model.layers')!.children.length === 2);
  // HF_HOME/hub is used when HF_HUB_CACHE is unset.
  const hfHome = tempDir('dms-hfhome-');
  writeHfCacheRepo(join(hfHome, 'hub'), 'acme/llama-mini', { config, shards });
  const viaHome = await resolveModel('acme/llama-mini', ctx(ws, { env: { HF_HOME: hfHome, HF_HUB_OFFLINE: '1' } }));
  assert.ok(viaHome.ok && viaHome.origin === 'hf-cache');
  assert.equal(hub.requests.length, before);
});

test('HF cache with only config.json (weights never downloaded) still resolves; a partial shard set falls back to the config dtype', async () => {
  const ws = tempDir('dms-ws-');
  const cache = tempDir('dms-hubcache-');
  writeHfCacheRepo(cache, 'acme/config-only', { config, only: ['config.json'] });
  const r = await resolveModel('acme/config-only', ctx(ws, { env: { HF_HUB_CACHE: cache, HF_HUB_OFFLINE: '1' } }));
  assert.ok(r.ok && r.origin === 'hf-cache' && r.tree.configDType === 'bf16');
  writeHfCacheRepo(cache, 'acme/partial', {
    config,
    shards,
    only: ['config.json', 'model.safetensors.index.json', 'model-00001-of-00003.safetensors'],
  });
  const partial = await resolveModel('acme/partial', ctx(ws, { env: { HF_HUB_CACHE: cache, HF_HUB_OFFLINE: '1' } }));
  assert.ok(partial.ok && partial.origin === 'hf-cache');
  assert.match(partial.notes.join(' '), /model-00002-of-00003\.safetensors is missing/);
});

test('catalogue: a known Hub id with no files and no network', async () => {
  const ws = tempDir('dms-ws-');
  const before = hub.requests.length;
  const r = await resolveModel('Qwen/Qwen2.5-7B', ctx(ws, { env: { HF_HUB_OFFLINE: '1' } }));
  assert.ok(r.ok && r.origin === 'catalogue' && r.location === 'Qwen/Qwen2.5-7B');
  const stray = tempDir('dms-ws-');
  mkdirSync(join(stray, 'gpt2')); // a source folder named like the model must not hide it
  const gpt2 = await resolveModel('gpt2', ctx(stray, { fileDir: stray, env: { HF_HUB_OFFLINE: '1' } }));
  assert.ok(gpt2.ok && gpt2.origin === 'catalogue' && gpt2.tree.className === 'GPT2LMHeadModel');
  const unknown = await resolveModel('acme/nothing', ctx(ws, { env: { HF_HUB_OFFLINE: '1' } }));
  assert.ok(!unknown.ok && unknown.problem.kind === 'not-found');
  assert.equal(hub.requests.length, before);
  const empty = await resolveModel('', ctx(ws));
  assert.ok(!empty.ok && empty.problem.kind === 'not-literal');
});

test('untrusted workspace: nothing outside it is read, not even through a symlink; the HF cache is not used', async () => {
  const ws = tempDir('dms-ws-');
  const outside = tempDir('dms-outside-');
  writeCheckpoint(join(outside, 'ckpt'), { config, shards: [tensors] });
  symlinkSync(join(outside, 'ckpt'), join(ws, 'linked'));
  writeCheckpoint(join(ws, 'inside'), { config, shards: [tensors] });
  const abs = await resolveModel(join(outside, 'ckpt'), ctx(ws, { trusted: false }));
  assert.ok(!abs.ok && abs.problem.kind === 'outside-workspace');
  const rel = await resolveModel('../' + outside.split('/').pop() + '/ckpt', ctx(ws, { trusted: false, fileDir: ws }));
  assert.ok(!rel.ok && rel.problem.kind === 'outside-workspace', JSON.stringify(!rel.ok && rel.problem));
  const linked = await resolveModel('./linked', ctx(ws, { trusted: false, fileDir: ws }));
  assert.ok(!linked.ok && linked.problem.kind === 'outside-workspace');
  const inside = await resolveModel('./inside', ctx(ws, { trusted: false, fileDir: ws }));
  assert.ok(inside.ok && inside.origin === 'local');
  const cache = tempDir('dms-hubcache-');
  writeHfCacheRepo(cache, 'acme/cached', { config, shards: [tensors] });
  const cached = await resolveModel('acme/cached', ctx(ws, { trusted: false, env: { HF_HUB_CACHE: cache } }));
  assert.ok(!cached.ok && cached.problem.kind === 'not-found' && cached.problem.hub === 'untrusted');
  const trusted = await resolveModel(join(outside, 'ckpt'), ctx(ws));
  assert.ok(trusted.ok);
});

test('a PEFT adapter folder resolves to its base model, with a note', async () => {
  const ws = tempDir('dms-ws-');
  mkdirSync(join(ws, 'lora-out'));
  writeFileSync(join(ws, 'lora-out', 'adapter_config.json'), JSON.stringify({ base_model_name_or_path: 'gpt2', peft_type: 'LORA' }));
  writeSafetensors(join(ws, 'lora-out', 'adapter_model.safetensors'), [
    { name: 'base_model.model.lora_A.weight', dtype: 'F32', shape: [8, 768] },
  ]);
  const r = await resolveModel('./lora-out', ctx(ws, { fileDir: ws, env: { HF_HUB_OFFLINE: '1' } }));
  assert.ok(r.ok && r.origin === 'catalogue' && r.tree.className === 'GPT2LMHeadModel', JSON.stringify(!r.ok && r.problem));
  assert.match(r.notes[0]!, /PEFT adapter.*"gpt2"/);
  writeCheckpoint(join(ws, 'base'), { config, shards: [tensors] });
  mkdirSync(join(ws, 'lora2'));
  writeFileSync(join(ws, 'lora2', 'adapter_config.json'), JSON.stringify({ base_model_name_or_path: '../base' }));
  const local = await resolveModel('lora2', ctx(ws, { fileDir: ws }));
  assert.ok(local.ok && local.origin === 'local' && local.location === join(ws, 'base'));
  mkdirSync(join(ws, 'lora3'));
  writeFileSync(join(ws, 'lora3', 'adapter_config.json'), '{broken');
  const broken = await resolveModel('./lora3', ctx(ws, { fileDir: ws }));
  assert.ok(!broken.ok && broken.problem.kind === 'folder-without-config');
});
