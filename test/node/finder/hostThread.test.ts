/**
 * Issue 18: no editor analysis may hold the extension host for more than 50 ms, on any file under
 * the size limit. The hostile corpus (tiny files that cost seconds) goes through the route the
 * extension uses (`analyseForEditor`), and a sampler on the host's event loop reads the engine's
 * step counter (workMeter) between turns: the largest difference is the most engine work done in
 * one synchronous slice on this thread. A count, not a clock: the cap is HOST_SLICE_UNITS.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDocument } from '../../../src/core/analysis/analyze';
import { OffThreadFinder } from '../../../src/extension/finder/offThread';
import { nodeWorker } from '../../../src/extension/finder/nodeWorker';
import { analyseForEditor, HOST_SLICE_UNITS } from '../../../src/extension/finder/route';
import { envFromWire } from '../../../src/extension/finder/wireEnv';
import { buildWorkers, HOSTILE, longestSlice, lookup, wire, WORKER } from './hostile';

before(buildWorkers);

for (const [name, text] of Object.entries(HOSTILE)) {
  test(`${name}: the host never does more than the cap in one slice, and gets the same findings`, async () => {
    const worker = new OffThreadFinder(nodeWorker(WORKER));
    try {
      const doc = { text, languageId: 'python', fileName: `/ws/hostile-${name.length}.py` };
      const here = (d: typeof doc, env: ReturnType<typeof envFromWire>) => analyzeDocument(d, env).findings;
      const { result, units } = await longestSlice(() => analyseForEditor(worker, doc, wire, lookup, here));
      assert.ok(units <= HOST_SLICE_UNITS, `${units} units of engine work in one host slice (cap ${HOST_SLICE_UNITS})`);
      assert.ok(result, 'an answer');
      // The same answer the host would have computed itself (measured after the sampler stopped).
      assert.deepEqual(result.findings, analyzeDocument(doc, envFromWire(wire, lookup)).findings);
    } finally {
      worker.dispose();
    }
  });
}

test('an older request for the same file is dropped, not analysed on the host', async () => {
  const worker = new OffThreadFinder(nodeWorker(WORKER));
  try {
    const doc = { text: Object.values(HOSTILE)[0]!, languageId: 'python', fileName: '/ws/typing.py' };
    const here = () => assert.fail('analysed on the host');
    const older = analyseForEditor(worker, doc, wire, lookup, here);
    const newer = analyseForEditor(worker, { ...doc, text: `${doc.text}# typed\n` }, wire, lookup, here);
    assert.equal(await older, undefined);
    assert.ok((await newer)?.findings.length);
  } finally {
    worker.dispose();
  }
});

test('without a worker (it could not start, or crashed) the route analyses on the host, as before', async () => {
  const doc = { text: 'device_map = {"transformer.wte": 0}\n', languageId: 'python', fileName: '/ws/web.py' };
  let ran = 0;
  const r = await analyseForEditor(undefined, doc, wire, lookup, (d, env) => (ran++, analyzeDocument(d, env).findings));
  assert.equal(ran, 1);
  assert.ok(r);
});
