/**
 * One problem, one finding: a mistake that touches many keys is reported once,
 * over them (or with the other keys as related locations), and the fix that
 * clears it is offered on each of those places.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeFacts } from '../../../src/core/analysis/analyzeFacts';
import { codeActionsFor } from '../../../src/core/analysis/codeActions';
import type { AnalysisEnv, Finding } from '../../../src/core/analysis/api';
import { DEFAULT_SETUP } from '../../../src/core/settings';
import { envWith, gpus, pyMap, tinyLlama } from './helpers';

const twelve = tinyLlama(false, 12);
const layers = (device: (i: number) => string): Array<readonly [string, string]> =>
  Array.from({ length: 12 }, (_, i) => [`model.layers.${i}`, device(i)] as const);
const around = (mid: Array<readonly [string, string]>): Array<readonly [string, string]> => [
  ['model.embed_tokens', '0'],
  ...mid,
  ['model.norm', '0'],
  ['lm_head', '0'],
  ['model.rotary_emb', '0'],
];

function run(entries: ReadonlyArray<readonly [string, string]>, opts: Parameters<typeof pyMap>[1], env: AnalysisEnv) {
  const { doc, facts } = pyMap(entries, opts);
  return { doc, findings: analyzeFacts(doc, facts, env) };
}

test('DM010: twelve CPU blocks in a training file are one finding over the run', () => {
  const { doc, findings } = run(around(layers(() => '"cpu"')), { trains: true }, envWith(twelve, gpus(2)));
  const dm010 = findings.filter((f) => f.code === 'DM010');
  assert.equal(dm010.length, 1);
  const text = doc.text.slice(dm010[0]!.start, dm010[0]!.end);
  assert.ok(text.startsWith('"model.layers.0": "cpu"') && text.endsWith('"model.layers.11": "cpu"'), text);
  assert.match(dm010[0]!.message, /^model\.layers\.0-11 on cpu in a file that trains/);
});

test('DM010: two runs separated by a GPU block are two findings; LoRA targets inside make a run an error', () => {
  const split = layers((i) => (i === 5 ? '1' : i < 8 ? '"cpu"' : '"disk"'));
  const { findings } = run(around(split), { trains: true, loraTargets: ['q_proj'] }, envWith(twelve, gpus(2)));
  const dm010 = findings.filter((f) => f.code === 'DM010');
  assert.deepEqual(
    dm010.map((f) => f.severity),
    ['error', 'error'],
  );
  assert.match(dm010[1]!.message, /model\.layers\.6-11 on cpu and disk/);
});

test('DM013: every offloaded key of a bitsandbytes map is one finding, the others related', () => {
  const q = { extra: { quantization: { method: 'bnb-4bit' as const } } };
  const { findings } = run(around(layers((i) => (i >= 9 ? '"cpu"' : '1'))), q, envWith(twelve, gpus(2)));
  const dm013 = findings.filter((f) => f.code === 'DM013');
  assert.equal(dm013.length, 1);
  assert.equal(dm013[0]!.related?.length, 2);
});

test('DM007: one finding per missing card, however many entries name it', () => {
  const { findings } = run(around(layers((i) => (i >= 6 ? '3' : '0'))), {}, envWith(twelve, gpus(2)));
  const dm007 = findings.filter((f) => f.code === 'DM007');
  assert.equal(dm007.length, 1);
  assert.equal(dm007[0]!.related?.length, 5);
});

test('DM017: one GPU spelled two ways in several entries is one finding', () => {
  const { findings } = run(around(layers((i) => (i % 3 === 0 ? '"cuda:0"' : '0'))), {}, envWith(twelve, gpus(2)));
  const dm017 = findings.filter((f) => f.code === 'DM017');
  assert.equal(dm017.length, 1);
  assert.equal(dm017[0]!.related?.length, 4);
});

test('DM004: keys under one parent that leave it are one finding; its fix is offered on each related key', () => {
  const entries = [
    ['model', '0'],
    ['model.layers.10', '1'],
    ['model.layers.11', '1'],
    ['lm_head', '0'],
  ] as const;
  const env = envWith(twelve, gpus(2));
  const { doc, findings } = run(entries, {}, env);
  const dm004 = findings.filter((f) => f.code === 'DM004');
  assert.equal(dm004.length, 1);
  const other = dm004[0]!.related!.find((r) => doc.text.slice(r.span.start, r.span.end).startsWith('"model.layers.11"'))!;
  const at = codeActionsFor(doc, other.span, findings, env).filter((a) => a.fixes.includes('DM004'));
  assert.ok(at.length > 0, 'a fix on the related key');
});

/** The fixes offered with the cursor at `offset` for `code`. */
const fixesAt = (
  doc: { text: string; languageId: string; fileName: string },
  findings: readonly Finding[],
  env: AnalysisEnv,
  offset: number,
  code: string,
) => codeActionsFor(doc, { start: offset, end: offset }, findings, env).filter((a) => a.fixes.includes(code));

test('DM009: its related locations offer the same rebalance as the finding', () => {
  const alternating = layers((i) => String(i % 2));
  const env = envWith(twelve, gpus(2));
  const { doc, findings } = run(around(alternating), {}, env);
  const dm009 = findings.find((f) => f.code === 'DM009')!;
  const onFinding = fixesAt(doc, findings, env, dm009.start, 'DM009').map((a) => a.title);
  assert.ok(onFinding.length > 0);
  const related = dm009.related!.at(-1)!;
  assert.ok(related.span.start > dm009.end, 'a related location away from the finding');
  assert.deepEqual(
    fixesAt(doc, findings, env, related.span.start, 'DM009').map((a) => a.title),
    onFinding,
  );
  // Nothing is offered where neither the finding nor a related location is.
  assert.deepEqual(fixesAt(doc, findings, env, 0, 'DM009'), []);
});

test('DM009 with no GPUs configured: the fix says what it needs and opens the GPU setup', () => {
  const env = envWith(twelve, DEFAULT_SETUP);
  const { doc, findings } = run(around(layers((i) => String(i % 2))), {}, env);
  const dm009 = findings.find((f) => f.code === 'DM009')!;
  const actions = fixesAt(doc, findings, env, dm009.start, 'DM009');
  assert.deepEqual(
    actions.map((a) => [a.title, a.command, a.edits.length]),
    [['Set up the GPUs to get a rebalance', 'configureGpus', 0]],
  );
});
