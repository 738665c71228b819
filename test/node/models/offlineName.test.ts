/** Issue 18: DM016 names the variable that actually turned the Hub off (TRANSFORMERS_OFFLINE is not HF_HUB_OFFLINE). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dm016 } from '../../../src/core/analysis/modelProblem';
import { resolveModel } from '../../../src/node/models/resolveModel';
import { tempDir } from '../helpers/checkpoints';

for (const name of ['TRANSFORMERS_OFFLINE', 'HF_HUB_OFFLINE']) {
  test(`${name}=1 is named as ${name}`, async () => {
    const home = tempDir('dms-off-');
    const r = await resolveModel('acme/not-anywhere', {
      homeDir: home,
      workspaceFolders: [home],
      cacheDir: null,
      env: { [name]: '1', HF_HOME: home },
    });
    assert.ok(!r.ok && r.problem.kind === 'not-found' && r.problem.hub === 'offline');
    assert.match(dm016(r.problem).message, new RegExp(`${name} is set`));
    assert.match(dm016(r.problem).fixes.join('\n'), new RegExp(`unset ${name}`));
  });
}
