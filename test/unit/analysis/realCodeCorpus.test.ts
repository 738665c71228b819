/** The real-code regression corpus (test/fixtures/real-code/index.json): each case keeps its verdict. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeDocument } from '../../../src/core/analysis/analyze';
import { REPO_ROOT } from '../../helpers/fixtures';
import { launchFor } from '../../../src/node/launch/launchFor';
import { envWith, gpus, tinyLlama } from './helpers';

interface Case {
  file: string;
  gpus: number;
  expect: string[];
  source: string;
  verdict: string;
  /** A shell script beside the case that starts it (issue 12): the case is judged with that launch. */
  launch?: string;
  /** The launch script's process count is computed at run time: no launch is found, on purpose. */
  launchUnread?: boolean;
}
const DIR = join(REPO_ROOT, 'test/fixtures/real-code');
/** Python, and the other places maps are written: ms-swift shell scripts and YAML configs. */
const languageOf = (file: string) => (file.endsWith('.sh') ? 'shellscript' : /\.ya?ml$/.test(file) ? 'yaml' : 'python');
const index = JSON.parse(readFileSync(join(DIR, 'index.json'), 'utf8')) as { cases: Case[] };

test('the corpus names its source and verdict for every case', () => {
  assert.ok(index.cases.length >= 7);
  for (const c of index.cases) {
    assert.ok(c.source.length > 0 && c.verdict.length > 0, c.file);
  }
});

for (const c of index.cases) {
  test(`real code: ${c.file} -> ${c.expect.join(', ') || 'no findings'}`, () => {
    const text = readFileSync(join(DIR, c.file), 'utf8');
    const env = envWith(tinyLlama(false, 16), gpus(c.gpus));
    // Read as `device-map check` reads it: the launch scripts beside the file.
    const launch = c.launch ? launchFor(join(DIR, c.file), undefined, { env: {} }) : undefined;
    if (c.launch) assert.equal(Boolean(launch), !c.launchUnread, `${c.launch} starts ${c.file} with a count known before it runs`);
    const { facts, findings } = analyzeDocument(
      { text, languageId: languageOf(c.file), fileName: `/ws/${c.file}` },
      launch ? { ...env, launch } : env,
    );
    assert.ok(
      facts.maps.some((m) => m.reachesModel),
      'a model load is found',
    );
    const got = [...new Set(findings.filter((f) => /^DM\d+$/.test(f.code)).map((f) => f.code))].sort();
    assert.deepEqual(got, c.expect, findings.map((f) => `${f.code}: ${f.message.slice(0, 120)}`).join('\n'));
  });
}
