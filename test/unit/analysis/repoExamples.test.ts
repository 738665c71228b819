/**
 * The examples/ folder users open in VS Code: under its own settings (eight
 * 24 GB cards, local model configs), every diagnostics/DM0xx file raises its
 * code and the showcase files load without an error.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeDocument } from '../../../src/core/analysis/analyze';
import { CODES } from '../../../src/core/analysis/codes';
import { launchFor } from '../../../src/node/launch/launchFor';
import { EXAMPLES_ROOT as ROOT, exampleDoc as docOf, exampleEnv as env } from './repoExampleEnv';

// Every code, DM012 included (32 of Llama-2-13B's 40 layers in bf16 on card 0 leave 4.3 GiB, under the 5 GiB reserve).
const DIAGNOSTICS = readdirSync(join(ROOT, 'diagnostics')).filter((n) => /^DM\d{3}_.*\.py$/.test(n));

test('one diagnostics example per registered code', () => {
  assert.deepEqual(
    DIAGNOSTICS.map((f) => f.slice(0, 5)),
    Object.keys(CODES),
  );
});

for (const f of DIAGNOSTICS) {
  test(`examples/diagnostics/${f} raises ${f.slice(0, 5)}`, () => {
    // DM019/DM020 depend on the launch: run_ddp.sh next to them, read as `device-map check` reads it.
    const launch = launchFor(join(ROOT, 'diagnostics', f));
    const { findings } = analyzeDocument(docOf(join(ROOT, 'diagnostics', f)), launch ? { ...env, launch } : env);
    assert.ok(
      findings.some((x) => x.code === f.slice(0, 5)),
      findings.map((x) => `${x.code}: ${x.message}`).join('\n') || 'no findings',
    );
  });
}

for (const f of readdirSync(ROOT).filter((n) => /\.(py|json)$/.test(n))) {
  test(`examples/${f} has a map and no error`, () => {
    const { facts, findings } = analyzeDocument(docOf(join(ROOT, f)), env);
    assert.ok(
      facts.maps.some((m) => m.reachesModel),
      'a map is found',
    );
    assert.deepEqual(
      findings.filter((x) => x.severity === 'error').map((x) => `${x.code}: ${x.message}`),
      [],
    );
  });
}
