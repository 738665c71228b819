/**
 * The direct Hub reads (issue 16: no Hub client library) against the stand-in Hub: the exact
 * requests a sharded repo costs (no tensor data), a PR-ref revision sent as one URL segment,
 * and a repo without safetensors weights.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { downloadText, readHubHeaders, resolveUrl, type HubRepoFiles } from '../../../src/node/models/hubFiles';
import { scopedFetch } from '../../../src/node/models/scopedFetch';
import { HubBudget } from '../../../src/node/models/hubPolicy';
import { startFakeHub, type FakeServer } from '../helpers/fakeHub';
import { tinyLlamaConfig, tinyLlamaTensors } from '../../unit/models/resolve/safetensorsBytes';

const shape = { layers: 2, hidden: 64, inter: 96, vocab: 256, heads: 4, kvHeads: 2 };
const config = tinyLlamaConfig({ ...shape, tie: false });
const tensors = tinyLlamaTensors({ ...shape, dtype: () => 'BF16', lmHead: true });
const shards = [tensors.slice(0, 5), tensors.slice(5, 10), tensors.slice(10)];

let hub: FakeServer;
before(async () => {
  hub = await startFakeHub({
    'org/sharded': { config, shards },
    'org/pr': { config, shards: [tensors], revisions: ['main', 'refs/pr/1'] },
    'org/bin-only': { config },
  });
});
after(() => hub.close());

function repo(name: string, revision = 'main'): { files: HubRepoFiles; budget: HubBudget } {
  const budget = new HubBudget({ requestTimeoutMs: 5000 });
  return { files: { fetch: scopedFetch({ endpoint: hub.url, budget }), endpoint: hub.url, repo: name, revision }, budget };
}

test('a sharded repo: the index, then two small Range reads per shard, in shard order', async () => {
  const { files, budget } = repo('org/sharded');
  const start = hub.requests.length;
  try {
    const headers = await readHubHeaders(files);
    assert.equal(headers?.length, 3);
    // Shard i's header lists shard i's tensors (a file lists them sorted by name).
    assert.deepEqual(
      headers!.map((h) => h.tensors.map(([name]) => name).sort()),
      shards.map((s) => s.map((t) => t.name).sort()),
    );
  } finally {
    budget.dispose();
  }
  const seen = hub.requests.slice(start).map((q) => `${q.path.replace('/org/sharded/resolve/main/', '')} ${q.range ?? ''}`.trim());
  assert.equal(seen[0], 'model.safetensors bytes=0-7', 'the single file is tried first');
  assert.equal(seen[1], 'model.safetensors.index.json');
  const shardReads = seen.slice(2).sort();
  assert.equal(shardReads.length, 6, seen.join('\n'));
  for (const r of shardReads) assert.match(r, /^model-0000[1-3]-of-00003\.safetensors bytes=(0-7|8-\d+)$/);
});

test('a PR-ref revision goes out as one URL segment and is read', async () => {
  const { files, budget } = repo('org/pr', 'refs/pr/1');
  try {
    assert.equal(resolveUrl(files, 'config.json'), `${hub.url}/org/pr/resolve/refs%2Fpr%2F1/config.json`);
    const text = await downloadText(files, 'config.json', true);
    assert.deepEqual(JSON.parse(text!), config);
    assert.equal((await readHubHeaders(files))?.length, 1);
  } finally {
    budget.dispose();
  }
});

test('a repo without safetensors weights: no headers, and no error', async () => {
  const { files, budget } = repo('org/bin-only');
  try {
    assert.equal(await readHubHeaders(files), undefined);
    assert.equal(await downloadText(files, 'generation_config.json'), undefined);
  } finally {
    budget.dispose();
  }
});
