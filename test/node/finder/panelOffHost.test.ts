/**
 * Issue 18's last synchronous path: the layout panel. Its session and deps as the extension makes
 * them (createPanelDeps), drawn through PanelDraws with the real worker, under the host-thread
 * sampler of hostile.ts: the host never does more than HOST_SLICE_UNITS of engine work in one
 * slice, and the snapshot (and a preview's ghost) equals the one the host path builds.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { factsOf } from '../../../src/core/analysis/analyze';
import { createPanelDeps } from '../../../src/core/view/deps';
import { PanelSession, type PanelDocument } from '../../../src/core/view/session';
import type { MachineSetup } from '../../../src/core/settings';
import { DEFAULT_SETUP } from '../../../src/core/settings';
import { OffThreadFinder } from '../../../src/extension/finder/offThread';
import { nodeWorker } from '../../../src/extension/finder/nodeWorker';
import { AnswerFacts } from '../../../src/extension/finder/answerFacts';
import { HOST_SLICE_UNITS } from '../../../src/extension/finder/route';
import { PanelDraws } from '../../../src/extension/panel/panelDraws';
import { buildWorkers, HOSTILE, longestSlice, lookup, WORKER } from './hostile';

before(buildWorkers);

const GIB = 1024 ** 3;
const COMPREHENSION = HOSTILE['comprehension range(20000) x range(20000), 253 bytes']!;
// Two cards, so `device_map="auto"` and the previews expand.
const setup: MachineSetup = { ...DEFAULT_SETUP, gpus: [0, 1].map(() => ({ name: 'RTX 4090', memory: 24 * GIB })) };
const deps = createPanelDeps({
  lookupModel: lookup,
  onModelsResolved: () => ({ dispose: () => undefined }),
  readSetup: () => setup,
  saveGpus: async () => undefined,
});
const capped = (units: number) =>
  assert.ok(units <= HOST_SLICE_UNITS, `${units} units of engine work in one host slice (cap ${HOST_SLICE_UNITS})`);
const plain = (v: unknown): unknown => JSON.parse(JSON.stringify(v));
/** The host path after the sampler: the engine's one-entry facts cache is moved off the drawn text first, so it finds them itself. */
const forgetFacts = () => factsOf({ text: '', languageId: 'python', fileName: '/ws/other.py' });

for (const [name, text] of Object.entries(HOSTILE)) {
  test(`${name}: the layout panel draws it with no engine slice on the host over the cap, as the host path draws it`, async () => {
    const worker = new OffThreadFinder(nodeWorker(WORKER));
    try {
      const session = new PanelSession(deps);
      const draws = new PanelDraws(session, deps, { worker, facts: new AnswerFacts(worker) });
      const doc: PanelDocument = {
        text,
        languageId: 'python',
        fileName: `/ws/panel-${name.length}.py`,
        uri: 'file:///ws/p.py',
        version: 3,
      };
      const { result, units } = await longestSlice(() =>
        draws.draw(doc, 'panel', () => session.drawSnapshot(doc, 0, session.defaultOptions(doc))),
      );
      capped(units);
      assert.ok(result, 'drawn');
      forgetFacts();
      assert.deepEqual(plain(result), plain(session.snapshot(doc, 0, session.defaultOptions(doc))));
    } finally {
      worker.dispose();
    }
  });
}

test('a preview (the ghost) is a worker analysis of the edited text, as the host path draws it', async () => {
  const worker = new OffThreadFinder(nodeWorker(WORKER));
  try {
    const session = new PanelSession(deps);
    const draws = new PanelDraws(session, deps, { worker, facts: new AnswerFacts(worker) });
    // A hand-written map after the comprehension: its preview re-analyses the whole file with the ghost written in.
    const text = `${COMPREHENSION}m2 = AutoModelForCausalLM.from_pretrained("gpt2", device_map={"transformer.h.0": 0, "lm_head": 1})\n`;
    const doc: PanelDocument = { text, languageId: 'python', fileName: '/ws/ghost.py', uri: 'file:///ws/ghost.py', version: 1 };
    const options = session.defaultOptions(doc);
    const { result, units } = await longestSlice(() =>
      draws.draw(doc, 'panel-preview', () => session.drawPreview(doc, 1, options, 'sequential')),
    );
    capped(units);
    assert.ok(result, 'drawn');
    assert.equal(result.mapKind, 'preview: sequential');
    forgetFacts();
    assert.deepEqual(plain(result), plain(session.preview(doc, 1, options, 'sequential')));
  } finally {
    worker.dispose();
  }
});

test('a newer draw supersedes an older one (which answers nothing); the panel lane leaves the diagnostics alone; no worker draws here', async () => {
  const worker = new OffThreadFinder(nodeWorker(WORKER));
  try {
    const session = new PanelSession(deps);
    const draws = new PanelDraws(session, deps, { worker, facts: new AnswerFacts(worker) });
    const base = COMPREHENSION;
    const doc: PanelDocument = { text: base, languageId: 'python', fileName: '/ws/typing.py', uri: 'file:///ws/typing.py', version: 1 };
    const newerDoc = { ...doc, text: `${base}# typed\n`, version: 2 };
    // The diagnostics' analysis of the same file, in the default lane, under way meanwhile.
    const diagnostics = worker.analyse(doc, { setup, estimate: deps.readEstimateSettings?.() ?? (await defaults()) }, lookup);
    const older = draws.draw(doc, 'panel', () => session.drawSnapshot(doc, 0, session.defaultOptions(doc)));
    const newer = draws.draw(newerDoc, 'panel', () => session.drawSnapshot(newerDoc, 0, session.defaultOptions(newerDoc)));
    assert.equal(await older, undefined, 'superseded');
    const drawn = await newer;
    assert.equal(drawn?.kind, 'snapshot');
    assert.equal(drawn.kind === 'snapshot' && drawn.snapshot.documentVersion, 2);
    const analysed = await diagnostics;
    assert.ok(analysed && analysed !== 'superseded' && analysed.findings, 'the diagnostics analysis answered');
    // The panel and a completion asking the facts of the same new text: one request answers both.
    const typed = { ...doc, text: `${base}# typed again\n` };
    const both = await Promise.all([worker.find(typed), worker.find(typed)]);
    assert.ok(
      both.every((f) => f && f !== 'superseded' && f.maps.length),
      'neither superseded',
    );
  } finally {
    worker.dispose();
  }
  const session = new PanelSession(deps);
  const draws = new PanelDraws(session, deps, { worker: undefined, facts: new AnswerFacts(undefined) });
  const doc: PanelDocument = {
    text: 'device_map = {"transformer.wte": 0}\n',
    languageId: 'python',
    fileName: '/ws/a.py',
    uri: 'file:///ws/a.py',
    version: 1,
  };
  const r = await draws.draw(doc, 'panel', () => session.drawSnapshot(doc, 0, session.defaultOptions(doc)));
  assert.deepEqual(plain(r), plain(session.snapshot(doc, 0, session.defaultOptions(doc))));
});

async function defaults() {
  return (await import('../../../src/core/analysis/estimateChoice')).DEFAULT_ESTIMATE_SETTINGS;
}
