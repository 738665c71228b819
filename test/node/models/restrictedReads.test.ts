/**
 * Issue 18, Restricted Mode: the real path of every file the resolver opens is
 * checked, not only the folder named. A workspace folder whose config.json,
 * model.safetensors, index or adapter_config.json is a link to a file outside
 * is never opened, and nothing of such a file reaches a message. Checked by
 * recording every file-system call that reaches the real file system.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dm016 } from '../../../src/core/analysis/modelProblem';
import { mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative, isAbsolute } from 'node:path';
import { resolveModelWith } from '../../../src/core/models/resolve/resolver';
import { nodeFs } from '../../../src/node/models/nodeFs';
import type { ModelFs } from '../../../src/core/models/resolve/fs';
import { tempDir, writeCheckpoint } from '../helpers/checkpoints';
import { tinyLlamaConfig, tinyLlamaTensors } from '../../unit/models/resolve/safetensorsBytes';

const shape = { layers: 2, hidden: 64, inter: 96, vocab: 256, heads: 4, kvHeads: 2 };
const config = tinyLlamaConfig({ ...shape, tie: false });
const tensors = tinyLlamaTensors({ ...shape, dtype: () => 'BF16', lmHead: true });
const SECRET = 'TOP-SECRET-CONTENT-of-a-file-outside';

/** nodeFs, recording each call that opens or lists something (kind/readText/readRange/list) with its real path. */
function recording(): { fs: ModelFs; opened: string[] } {
  const opened: string[] = [];
  const real = (p: string): string => {
    try {
      return realpathSync(p);
    } catch {
      return p;
    }
  };
  const fs: ModelFs = {
    ...nodeFs,
    kind: (p) => (opened.push(real(p)), nodeFs.kind(p)),
    readText: (p) => (opened.push(real(p)), nodeFs.readText(p)),
    readRange: (p, o, l) => (opened.push(real(p)), nodeFs.readRange(p, o, l)),
    list: (p) => (opened.push(real(p)), nodeFs.list(p)),
  };
  return { fs, opened };
}

function setup(): { ws: string; outside: string } {
  const ws = realpathSync(tempDir('dms-ws-'));
  const outside = realpathSync(tempDir('dms-outside-'));
  writeFileSync(join(outside, 'secret.json'), `${SECRET} {{{ not json`);
  writeCheckpoint(join(outside, 'real'), { config, shards: [tensors] });
  return { ws, outside };
}

async function resolveUntrusted(name: string, ws: string, fs: ModelFs) {
  return resolveModelWith(name, { fs, env: {}, homeDir: ws, trusted: false, hubAccess: 'untrusted', fileDir: ws, workspaceFolders: [ws] });
}

const inside = (root: string, p: string): boolean => {
  const rel = relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
};

for (const [label, file, target] of [
  ['config.json', 'config.json', 'secret.json'],
  ['model.safetensors', 'model.safetensors', 'real/model.safetensors'],
  ['adapter_config.json', 'adapter_config.json', 'secret.json'],
] as const) {
  test(`untrusted: a ${label} linked to a file outside the workspace is never opened, and nothing of it is shown`, async () => {
    const { ws, outside } = setup();
    const folder = join(ws, 'ckpt');
    mkdirSync(folder);
    if (file === 'model.safetensors') writeFileSync(join(folder, 'config.json'), JSON.stringify(config));
    symlinkSync(join(outside, target), join(folder, file));
    const { fs, opened } = recording();
    const r = await resolveUntrusted('./ckpt', ws, fs);
    const leaked = opened.filter((p) => !inside(ws, p));
    assert.deepEqual(leaked, [], 'file-system calls reached outside the workspace');
    const text = JSON.stringify(r);
    assert.ok(!text.includes(SECRET), 'content of the outside file reached the result');
    if (!r.ok) assert.ok(!dm016(r.problem).message.includes(SECRET));
  });
}

test('untrusted: a workspace opened through a symlinked path still resolves inside it, and absent names are not "outside"', async () => {
  const { ws } = setup();
  const viaLink = join(realpathSync(tempDir('dms-link-')), 'ws');
  symlinkSync(ws, viaLink);
  mkdirSync(join(ws, 'ckpt'));
  writeFileSync(join(ws, 'ckpt', 'config.json'), JSON.stringify(config));
  const ok = await resolveModelWith('./ckpt', {
    fs: nodeFs,
    env: {},
    homeDir: viaLink,
    trusted: false,
    hubAccess: 'untrusted',
    fileDir: viaLink,
    workspaceFolders: [viaLink],
  });
  assert.ok(ok.ok, JSON.stringify(!ok.ok && ok.problem));
  const absent = await resolveModelWith('acme/not-here', {
    fs: nodeFs,
    env: {},
    homeDir: viaLink,
    trusted: false,
    hubAccess: 'untrusted',
    fileDir: viaLink,
    workspaceFolders: [viaLink],
  });
  assert.ok(!absent.ok && absent.problem.kind === 'not-found', JSON.stringify(!absent.ok && absent.problem));
});
