import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { hubCacheDir, hfHome, repoFolderName, cachedSnapshot } from '../../../../src/core/models/resolve/hfCache';
import { isHubId, isPathLike } from '../../../../src/core/models/resolve/hubId';
import { hubAccessFor } from '../../../../src/core/models/resolve/hubSource';
import type { ModelFs } from '../../../../src/core/models/resolve/fs';

/** An in-memory file system: path -> file text; folders are implied by the paths. */
function memFs(files: Record<string, string>): ModelFs {
  const isDir = (p: string) => Object.keys(files).some((f) => f.startsWith(`${p}/`));
  return {
    join: (...p) => path.posix.join(...p),
    dirname: (p) => path.posix.dirname(p),
    isAbsolute: (p) => path.posix.isAbsolute(p),
    relative: (a, b) => path.posix.relative(a, b),
    kind: async (p) => (p in files ? 'file' : isDir(p) ? 'dir' : undefined),
    realpath: async (p) => p,
    readText: async (p) => files[p]!,
    readRange: async () => new Uint8Array(),
    list: async (d) =>
      Object.keys(files)
        .filter((f) => path.posix.dirname(f) === d)
        .map((f) => path.posix.basename(f)),
  };
}

test('cache folder: HF_HUB_CACHE, else HF_HOME/hub, else XDG_CACHE_HOME, else ~/.cache/huggingface/hub', () => {
  const fs = memFs({});
  assert.equal(hubCacheDir(fs, { HF_HUB_CACHE: '/c', HF_HOME: '/h' }, '/home/u'), '/c');
  assert.equal(hubCacheDir(fs, { HF_HOME: '/h' }, '/home/u'), '/h/hub');
  assert.equal(hubCacheDir(fs, { XDG_CACHE_HOME: '/x' }, '/home/u'), '/x/huggingface/hub');
  assert.equal(hubCacheDir(fs, {}, '/home/u'), '/home/u/.cache/huggingface/hub');
  assert.equal(hfHome(fs, {}, '/home/u'), '/home/u/.cache/huggingface');
  assert.equal(repoFolderName('meta-llama/Llama-2-7b-hf'), 'models--meta-llama--Llama-2-7b-hf');
  assert.equal(repoFolderName('gpt2'), 'models--gpt2');
});

test('refs/<revision> leads to snapshots/<hash>; commit hashes are used directly; broken refs are ignored', async () => {
  const a = 'a'.repeat(40),
    b = 'b'.repeat(40);
  const repo = '/c/models--org--m';
  const fs = memFs({
    [`${repo}/refs/main`]: `${a}\n`,
    [`${repo}/refs/v2`]: b,
    [`${repo}/refs/refs/pr/1`]: b,
    [`${repo}/refs/broken`]: 'not-a-hash',
    [`${repo}/snapshots/${a}/config.json`]: '{}',
    [`${repo}/snapshots/${b}/config.json`]: '{}',
  });
  assert.equal(await cachedSnapshot(fs, '/c', 'org/m'), `${repo}/snapshots/${a}`);
  assert.equal(await cachedSnapshot(fs, '/c', 'org/m', 'v2'), `${repo}/snapshots/${b}`);
  assert.equal(await cachedSnapshot(fs, '/c', 'org/m', 'refs/pr/1'), `${repo}/snapshots/${b}`);
  assert.equal(await cachedSnapshot(fs, '/c', 'org/m', b), `${repo}/snapshots/${b}`);
  assert.equal(await cachedSnapshot(fs, '/c', 'org/m', 'c'.repeat(40)), undefined);
  assert.equal(await cachedSnapshot(fs, '/c', 'org/m', 'broken'), undefined);
  assert.equal(await cachedSnapshot(fs, '/c', 'org/other'), undefined);
});

test('hub ids and paths are told apart as huggingface_hub does', () => {
  for (const id of ['gpt2', 'meta-llama/Llama-2-7b-hf', 'Qwen/Qwen2.5-0.5B', 'org/name_with.dots']) assert.ok(isHubId(id), id);
  for (const bad of ['a/b/c', 'org--x/m', 'org/..', '/abs/path', '', 'x'.repeat(97)]) assert.ok(!isHubId(bad), bad);
  for (const p of ['./ckpt', '../ckpt', '/abs', '~/m', 'C:\\models\\m', 'a/b/c']) assert.ok(isPathLike(p), p);
  assert.ok(!isPathLike('org/name'));
});

test('Hub access: untrusted never, offline env never, else the setting (default on)', () => {
  assert.equal(hubAccessFor(false, true, {}), 'untrusted');
  assert.equal(hubAccessFor(true, true, { HF_HUB_OFFLINE: '1' }), 'offline');
  assert.equal(hubAccessFor(true, undefined, { TRANSFORMERS_OFFLINE: 'true' }), 'offline');
  assert.equal(hubAccessFor(true, false, {}), 'disabled');
  assert.equal(hubAccessFor(true, undefined, { HF_HUB_OFFLINE: '0' }), 'allowed');
});
