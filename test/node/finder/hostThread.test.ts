/**
 * Issue 18: no editor analysis may hold the extension host for more than 50 ms, on any file under
 * the size limit. The hostile corpus (tiny files that cost seconds) goes through the route the
 * extension uses (`analyseForEditor`), and a sampler on the host's event loop reads the engine's
 * step counter (workMeter) between turns: the largest difference is the most engine work done in
 * one synchronous slice on this thread. A count, not a clock: the cap is HOST_SLICE_UNITS.
 */
import { before, test } from 'node:test';
import { execFileSync } from 'node:child_process';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { analyzeDocument } from '../../../src/core/analysis/analyze';
import { workMeter } from '../../../src/core/base/workMeter';
import { catalogueConfig } from '../../../src/core/models/catalogue/index';
import { modelFromConfig } from '../../../src/core/models/registry';
import { DEFAULT_SETUP } from '../../../src/core/settings';
import type { ModelLookup } from '../../../src/core/analysis/api';
import { OffThreadFinder } from '../../../src/extension/finder/offThread';
import { nodeWorker } from '../../../src/extension/finder/nodeWorker';
import { analyseForEditor, HOST_SLICE_UNITS } from '../../../src/extension/finder/route';
import { envFromWire, type WireEnv } from '../../../src/extension/finder/wireEnv';
import { DEFAULT_ESTIMATE_SETTINGS } from '../../../src/core/analysis/estimateChoice';
import { REPO_ROOT } from '../../helpers/fixtures';

const WORKER = join(REPO_ROOT, 'dist/finder-worker.js');
before(() => {
  execFileSync('node', ['esbuild.mjs', 'finderWorker'], { cwd: REPO_ROOT, stdio: 'pipe' });
});

const tree = modelFromConfig(catalogueConfig('gpt2')!);
const lookup = (): ModelLookup => ({ status: 'ok', tree, origin: 'catalogue' });
const wire: WireEnv = { setup: DEFAULT_SETUP, estimate: DEFAULT_ESTIMATE_SETTINGS, rules: {} };
const HEAD = 'from transformers import AutoModelForCausalLM\n';

/** Issue 18's hostile inputs (bench/hostile.bench.ts times the same ones). */
const HOSTILE: Record<string, string> = {
  'comprehension range(20000) x range(20000), 253 bytes': `${HEAD}device_map = {f"x.{i}.{j}": 0 for i in range(20000) for j in range(20000)}\nm = AutoModelForCausalLM.from_pretrained("gpt2", device_map=device_map)\n`,
  'string doubling s = s + s x60': `${HEAD}s = "gpt2"\n${'s = s + s\n'.repeat(60)}m = AutoModelForCausalLM.from_pretrained(s, device_map="auto")\n`,
  'a chain of big ** merges': `${HEAD}a = {f"transformer.h.{j}": 0 for j in range(5000)}\n${'a = {**a, **a, **a, **a}\n'.repeat(30)}m = AutoModelForCausalLM.from_pretrained("gpt2", device_map=a)\n`,
  'budget-exhausting file': `${HEAD}${Array.from({ length: 40 }, (_, i) => `x${i} = [j * 2 for j in range(20000)]`).join('\n')}\ndevice_map = {"transformer.wte": 0}\n`,
};

/** Runs `work` while sampling the meter at every event-loop turn; the largest step between two samples. */
async function longestSlice<T>(work: () => Promise<T>): Promise<{ result: T; units: number }> {
  let last = workMeter.units;
  let longest = 0;
  let on = true;
  const sample = () => {
    longest = Math.max(longest, workMeter.units - last);
    last = workMeter.units;
    if (on) setImmediate(sample);
  };
  setImmediate(sample);
  const result = await work();
  on = false;
  sample();
  return { result, units: longest };
}

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

test('without a worker (the web build) the route analyses on the host, as before', async () => {
  const doc = { text: 'device_map = {"transformer.wte": 0}\n', languageId: 'python', fileName: '/ws/web.py' };
  let ran = 0;
  const r = await analyseForEditor(undefined, doc, wire, lookup, (d, env) => (ran++, analyzeDocument(d, env).findings));
  assert.equal(ran, 1);
  assert.ok(r);
});
