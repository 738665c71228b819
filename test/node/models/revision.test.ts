/**
 * Issue 18, paths: `revision=` is validated as huggingface_hub's
 * `_get_pointer_path` does (the snapshot and ref paths must stay inside the
 * repo's cache folder), before any file is touched; and the CLI honours it.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { dm016 } from '../../../src/core/analysis/modelProblem';
import { mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { join, relative, isAbsolute } from 'node:path';
import { resolveModelWith } from '../../../src/core/models/resolve/resolver';
import { revisionProblem } from '../../../src/core/models/resolve/revision';
import { nodeFs } from '../../../src/node/models/nodeFs';
import type { ModelFs } from '../../../src/core/models/resolve/fs';
import { startFakeHub, type FakeServer } from '../helpers/fakeHub';
import { tempDir } from '../helpers/checkpoints';
import { tinyLlamaConfig, tinyLlamaTensors } from '../../unit/models/resolve/safetensorsBytes';
import { cli } from '../../helpers/cli';

const shape = { layers: 2, hidden: 64, inter: 96, vocab: 256, heads: 4, kvHeads: 2 };
const config = tinyLlamaConfig({ ...shape, tie: false });
const tensors = tinyLlamaTensors({ ...shape, dtype: () => 'BF16', lmHead: true });

let hub: FakeServer;
before(async () => {
  hub = await startFakeHub({ 'org/tagged': { config, shards: [tensors], revisions: ['v1'] } });
});
after(() => hub.close());

test('revisionProblem: branch, tag, PR ref and commit pass; traversal, absolute, empty segments and control characters do not', () => {
  for (const ok of ['main', 'v1.0', 'refs/pr/1', 'a'.repeat(40), 'feature/x']) assert.equal(revisionProblem(ok), undefined, ok);
  for (const bad of ['', '..', '../../etc', 'refs/../../x', '/etc/passwd', 'a//b', 'a\\b', 'a\u0000b', 'x/.', 'x'.repeat(300)])
    assert.ok(revisionProblem(bad), JSON.stringify(bad));
});

test('a revision that climbs out of refs/ is refused before any file outside the cache is touched', async () => {
  const cache = realpathSync(tempDir('dms-hfcache-'));
  const outside = realpathSync(tempDir('dms-outside-'));
  mkdirSync(join(cache, 'models--org--x', 'refs'), { recursive: true });
  writeFileSync(join(outside, 'ref'), 'a'.repeat(40));
  const touched: string[] = [];
  const fs: ModelFs = { ...nodeFs, kind: (p) => (touched.push(p), nodeFs.kind(p)), readText: (p) => (touched.push(p), nodeFs.readText(p)) };
  const rev = relative(join(cache, 'models--org--x', 'refs'), join(outside, 'ref'));
  const r = await resolveModelWith(
    { name: 'org/x', revision: rev, span: { start: 0, end: 0 } },
    { fs, env: { HF_HUB_CACHE: cache }, homeDir: cache, trusted: true, hubAccess: 'offline', workspaceFolders: [] },
  );
  const inCache = (p: string): boolean => {
    const rel = relative(cache, p);
    return !rel.startsWith('..') && !isAbsolute(rel);
  };
  assert.deepEqual(
    touched.filter((p) => !inCache(p) && !p.startsWith(cache)).filter((p) => p.includes(outside)),
    [],
  );
  assert.ok(!r.ok && r.problem.kind === 'bad-revision', JSON.stringify(!r.ok && r.problem));
  assert.match(dm016(r.problem).message, /revision/);
});

test('check honours revision= like the editor (the repo has only the tag v1)', async () => {
  const dir = tempDir('dms-rev-');
  writeFileSync(
    join(dir, 'x.py'),
    'from transformers import AutoModelForCausalLM\nm = AutoModelForCausalLM.from_pretrained("org/tagged", revision="v1", device_map={"model.nope": 0})\n',
  );
  const home = tempDir('dms-home-');
  const r = await cli(['check', 'x.py', '--json'], dir, {
    HF_ENDPOINT: hub.url,
    HF_HOME: join(home, 'hf'),
    XDG_CACHE_HOME: join(home, 'xdg'),
    HOME: home,
  });
  const codes = (
    JSON.parse(r.stdout) as { files: Array<{ diagnostics: Array<{ code: string; message: string }> }> }
  ).files[0]!.diagnostics.map((d) => `${d.code} ${d.message}`);
  assert.ok(!codes.some((c) => c.startsWith('DM016')), codes.join('\n'));
  assert.ok(
    codes.some((c) => c.startsWith('DM002')),
    codes.join('\n'),
  );
  assert.ok(hub.requests.some((q) => q.path.includes('/resolve/v1/')));
});
