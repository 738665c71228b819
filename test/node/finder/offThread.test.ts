/** The finder on a worker thread: the same facts as on this thread, newest request wins, a broken worker answers undefined. */
import { before, test } from 'node:test';
import { execFileSync } from 'node:child_process';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { findDeviceMaps } from '../../../src/core/text/find';
import { OffThreadFinder } from '../../../src/extension/finder/offThread';
import { nodeWorker } from '../../../src/extension/finder/nodeWorker';
import { REPO_ROOT } from '../../helpers/fixtures';

// The bundle the extension ships, built from the current source (as the webview tests build theirs).
const WORKER = join(REPO_ROOT, 'dist/finder-worker.js');
before(() => {
  execFileSync('node', ['esbuild.mjs', 'finderWorker'], { cwd: REPO_ROOT, stdio: 'pipe' });
});

function script(maps: number): string {
  const out = ['import torch', 'from transformers import AutoModelForCausalLM'];
  for (let i = 0; i < maps; i++) {
    out.push(`def step_${i}(model, batch):`, '    loss = model(**batch).loss', '    loss.backward()', '');
    out.push(`dm_${i} = {f"model.layers.{j}": j // 20 for j in range(80)}`, `dm_${i}["lm_head"] = "cuda:${i % 4}"`);
    out.push(`m_${i} = AutoModelForCausalLM.from_pretrained("meta-llama/Llama-2-70b-hf", device_map=dm_${i})`, '');
  }
  return out.join('\n');
}

test('facts from the worker equal the finder run here', async () => {
  const finder = new OffThreadFinder(nodeWorker(WORKER));
  try {
    const doc = { text: script(30), languageId: 'python', fileName: '/ws/long.py' };
    const facts = await finder.find(doc);
    assert.ok(facts && facts !== 'superseded', 'the worker answered');
    assert.equal(facts.maps.length, 30);
    assert.deepEqual(facts, findDeviceMaps(doc));
    // An edit: the worker's own parse cache is reused, the answer still matches.
    const edited = { ...doc, text: doc.text.replace('dm_7["lm_head"] = "cuda:3"', 'dm_7["lm_head"] = "cpu"') };
    assert.deepEqual(await finder.find(edited), findDeviceMaps(edited));
  } finally {
    finder.dispose();
  }
});

test('a newer request for the same file answers the older one with superseded', async () => {
  const finder = new OffThreadFinder(nodeWorker(WORKER));
  try {
    const doc = { text: script(20), languageId: 'python', fileName: '/ws/typing.py' };
    const older = finder.find(doc);
    const newer = finder.find({ ...doc, text: `${doc.text}\n# typed` });
    assert.equal(await older, 'superseded');
    const facts = await newer;
    assert.ok(facts && facts !== 'superseded');
    assert.equal(facts.maps.length, 20);
  } finally {
    finder.dispose();
  }
});

test('a worker that cannot start answers undefined (the caller finds the maps itself)', async () => {
  const finder = new OffThreadFinder(nodeWorker(join(REPO_ROOT, 'no-such-worker.js')));
  try {
    assert.equal(await finder.find({ text: 'device_map = {"": 0}', languageId: 'python', fileName: '/ws/a.py' }), undefined);
    assert.equal(
      await finder.find({ text: 'device_map = {"": 0}', languageId: 'python', fileName: '/ws/a.py' }),
      undefined,
      'and stays off',
    );
  } finally {
    finder.dispose();
  }
});
