/**
 * Issue 18, the rest of the extension host's synchronous engine work: notebooks, the answers asked
 * before an analysis has come back (completion, hover, quick fixes, CodeLens), and the web build.
 * Each goes through the code the extension runs, with the host-thread sampler of hostile.ts: the
 * host never does more than HOST_SLICE_UNITS of engine work in one slice, and answers the same.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { Worker as NodeWorker } from 'node:worker_threads';
import { analyzeDocument } from '../../../src/core/analysis/analyze';
import { analyzeNotebook } from '../../../src/core/analysis/notebook';
import { codeActionsFor } from '../../../src/core/analysis/codeActions';
import { codeLenses } from '../../../src/core/analysis/codeLens';
import { completeAt } from '../../../src/core/analysis/completion';
import { hoverAt } from '../../../src/core/analysis/hover';
import { NotebookProgram } from '../../../src/core/text/notebook/program';
import { OffThreadFinder } from '../../../src/extension/finder/offThread';
import { nodeWorker } from '../../../src/extension/finder/nodeWorker';
import { webWorker } from '../../../src/extension/finder/webWorkerPort';
import { AnswerFacts } from '../../../src/extension/finder/answerFacts';
import { analyseForEditor, analyseNotebookForEditor, HOST_SLICE_UNITS } from '../../../src/extension/finder/route';
import { envFromWire } from '../../../src/extension/finder/wireEnv';
import { buildWorkers, HOSTILE, longestSlice, lookup, wire, WEB_WORKER, WORKER } from './hostile';

before(buildWorkers);

const env = envFromWire(wire, lookup);
const here = (d: Parameters<typeof analyzeDocument>[0], e: typeof env) => analyzeDocument(d, e).findings;
const capped = (units: number) =>
  assert.ok(units <= HOST_SLICE_UNITS, `${units} units of engine work in one host slice (cap ${HOST_SLICE_UNITS})`);

test('a hostile notebook is analysed off the host, findings in their cells as analyzeNotebook places them', async () => {
  const worker = new OffThreadFinder(nodeWorker(WORKER));
  try {
    // The comprehension split over three cells: the map is built in one, loaded in another.
    const [head, map, load] = HOSTILE['comprehension range(20000) x range(20000), 253 bytes']!.split('\n');
    const cells = [
      { kind: 'markdown' as const, languageId: 'markdown', text: '# hostile' },
      { kind: 'code' as const, languageId: 'python', text: `${head}\n` },
      { kind: 'code' as const, languageId: 'python', text: `${map}\n` },
      { kind: 'code' as const, languageId: 'python', text: `${load}\n` },
    ];
    const program = NotebookProgram.of(cells);
    const fileName = '/ws/hostile.ipynb';
    const { result, units } = await longestSlice(() => analyseNotebookForEditor(worker, program, fileName, wire, lookup, here));
    capped(units);
    assert.ok(result?.facts, 'answered by the worker');
    assert.deepEqual(result.findings, analyzeNotebook(program, fileName, env).findings);
    assert.ok(result.findings.some((f) => f.code === 'DM002' && f.cell === 2));
  } finally {
    worker.dispose();
  }
});

for (const [name, text] of Object.entries(HOSTILE)) {
  test(`${name}: completion, hover, quick fixes and lenses asked before the analysis answered run no finder on the host`, async () => {
    const worker = new OffThreadFinder(nodeWorker(WORKER));
    try {
      // A new text of the file (typed just now): no analysis of it has come back yet.
      const doc = { text: `${text}# typed\n`, languageId: 'python', fileName: `/ws/answers-${name.length}.py` };
      const offset = doc.text.indexOf('device_map') + 4;
      const span = { start: offset, end: offset };
      const ask = () => ({
        completions: completeAt(doc, offset, env),
        hover: hoverAt(doc, offset, env),
        actions: codeActionsFor(doc, span, [], env),
        lenses: codeLenses(doc, env),
      });
      const facts = new AnswerFacts(worker);
      // The debounced analysis of the same text is under way: the answers wait for its facts.
      const analysis = analyseForEditor(worker, doc, wire, lookup, here);
      const { result, units } = await longestSlice(async () => {
        const run = await facts.ready(doc);
        assert.ok(run, 'not dropped');
        return run(ask);
      });
      capped(units);
      assert.ok((await analysis)?.facts, 'the analysis itself ran on the worker');
      // The same answers the host gives when it finds the facts itself (after the sampler stopped).
      assert.deepEqual(JSON.parse(JSON.stringify(result)), JSON.parse(JSON.stringify(ask())));
    } finally {
      worker.dispose();
    }
  });
}

test('answers: a cancelled request answers nothing; a newer text supersedes an older one; no worker answers on the host', async () => {
  const worker = new OffThreadFinder(nodeWorker(WORKER));
  try {
    const doc = { text: Object.values(HOSTILE)[0]!, languageId: 'python', fileName: '/ws/cancel.py' };
    let cancel = () => {};
    const token = {
      isCancellationRequested: false,
      onCancellationRequested(l: () => unknown) {
        cancel = () => {
          token.isCancellationRequested = true;
          l();
        };
        return { dispose: () => undefined };
      },
    };
    const facts = new AnswerFacts(worker);
    const asked = facts.ready(doc, token);
    cancel();
    assert.equal(await asked, undefined, 'cancelled');
    const older = facts.ready({ ...doc, fileName: '/ws/typing.py' });
    const newer = facts.ready({ ...doc, fileName: '/ws/typing.py', text: `${doc.text}# typed\n` });
    assert.equal(await older, undefined, 'superseded');
    assert.ok(await newer);
  } finally {
    worker.dispose();
  }
  let ran = 0;
  const run = await new AnswerFacts(undefined).ready({ text: 'device_map = {"": 0}\n', languageId: 'python', fileName: '/ws/a.py' });
  assert.ok(run);
  assert.equal(
    run(() => ++ran),
    1,
  );
});

/**
 * A browser Worker as VS Code's web worker extension host gives one to an extension, stood in by a
 * Node worker thread that runs the web bundle (dist/web/finder-worker.js) under a `self` of its own.
 */
class BrowserLikeWorker {
  onmessage: ((e: { data: unknown }) => void) | null = null;
  onerror: ((e: { message: string }) => void) | null = null;
  onmessageerror: (() => void) | null = null;
  private readonly thread: NodeWorker;
  constructor(url: string) {
    const self = `const { parentPort } = require('node:worker_threads');
      globalThis.self = { postMessage: (m) => parentPort.postMessage(m), set onmessage(f) { parentPort.on('message', (data) => f({ data })); } };
      require(${JSON.stringify(new URL(url).pathname)});`;
    this.thread = new NodeWorker(self, { eval: true });
    this.thread.on('message', (data) => this.onmessage?.({ data }));
    this.thread.on('error', (e) => this.onerror?.({ message: e.message }));
  }
  postMessage(m: unknown): void {
    this.thread.postMessage(m);
  }
  terminate(): void {
    void this.thread.terminate();
  }
}

for (const [name, text] of Object.entries(HOSTILE)) {
  test(`web build, ${name}: analysed by the web worker bundle, never on the (web) host`, async () => {
    const g = globalThis as { Worker?: unknown };
    const saved = g.Worker;
    g.Worker = BrowserLikeWorker;
    const worker = new OffThreadFinder(webWorker(async () => pathToFileURL(WEB_WORKER).href));
    try {
      const doc = { text, languageId: 'python', fileName: `/ws/web-${name.length}.py` };
      const { result, units } = await longestSlice(() => analyseForEditor(worker, doc, wire, lookup, here));
      capped(units);
      assert.ok(result?.facts, 'answered by the web worker');
      assert.deepEqual(result.findings, analyzeDocument(doc, env).findings);
    } finally {
      worker.dispose();
      g.Worker = saved;
    }
  });
}
