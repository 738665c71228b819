// The Hugging Face cache's models by Hub id (New Setup's model list): only `models--*` folders
// with snapshots, `--` turned back into `/`, nothing when the cache is missing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listCachedModels } from '../../../src/node/models/cachedModels';

test('lists the cached models by Hub id, sorted; skips datasets, half-written repos and files', async () => {
  const home = mkdtempSync(join(tmpdir(), 'dms-hf-'));
  try {
    const hub = join(home, 'hf', 'hub');
    for (const d of ['models--meta-llama--Llama-2-7b-hf', 'models--gpt2', 'datasets--squad', 'models--acme--half'])
      mkdirSync(join(hub, d, d === 'models--acme--half' ? 'blobs' : 'snapshots'), { recursive: true });
    writeFileSync(join(hub, 'version.txt'), '1');
    assert.deepEqual(await listCachedModels({ HF_HOME: join(home, 'hf') }, home), ['gpt2', 'meta-llama/Llama-2-7b-hf']);
    // HF_HUB_CACHE wins over HF_HOME, as huggingface_hub has it; a missing folder lists nothing.
    assert.deepEqual(await listCachedModels({ HF_HOME: join(home, 'hf'), HF_HUB_CACHE: join(home, 'none') }, home), []);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});
