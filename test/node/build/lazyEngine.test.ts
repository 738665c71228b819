/**
 * Issue 16: the desktop extension's activation bundle (dist/extension.js) holds no Hub client,
 * no hashing code and no engine; the engine (dist/engine.js) loads on first use, once, with the
 * display language set, and answers as the sources do. Built with the production options into a
 * temporary folder (never dist/, which other tests read).
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../../helpers/fixtures';
import { findDeviceMaps } from '../../../src/core/index';

const out = mkdtempSync(join(tmpdir(), 'dms-bundles-'));
interface Meta {
  outputs: Record<string, { bytes: number; inputs: Record<string, { bytesInOutput: number }> }>;
}
const inputsOf = (file: string): string[] =>
  Object.entries((JSON.parse(readFileSync(join(out, file), 'utf8')) as Meta).outputs)
    .filter(([name]) => name.endsWith('.js'))
    .flatMap(([, o]) => Object.keys(o.inputs));

before(() => {
  execFileSync('node', ['esbuild.mjs', 'extension', 'web', 'finderWorker', 'cli', '--production', '--metafile', `--outdir=${out}`], {
    cwd: REPO_ROOT,
    stdio: 'pipe',
  });
});

test('the activation bundle holds no engine, no Hub client and no hashing code', () => {
  const inputs = inputsOf('extension.meta.json');
  assert.ok(
    inputs.some((i) => i.startsWith('src/extension/')),
    'the metafile lists the extension sources',
  );
  assert.deepEqual(
    inputs.filter((i) => i.startsWith('src/core/') || /node_modules\/(@huggingface|@lezer|yaml)\//.test(i)),
    [],
  );
  // The CLI (and the language server it starts) read the Hub through the same code.
  for (const file of ['extension.js', 'engine.js', 'finder-worker.js', 'web/extension.js', 'cli.js']) {
    const text = readFileSync(join(out, file), 'utf8');
    assert.ok(!/@huggingface\/hub|blake3/i.test(text), `${file} carries the Hub client or its hashing code`);
  }
});

test('the engine bundle holds the engine and answers as the sources do', () => {
  const inputs = inputsOf('engine.meta.json');
  assert.ok(inputs.some((i) => i.startsWith('src/core/analysis/')));
  const engine = createRequire(__filename)(join(out, 'engine.js')) as typeof import('../../../src/core/index');
  const doc = {
    fileName: 'train.py',
    languageId: 'python',
    text: 'from transformers import AutoModelForCausalLM\nm = AutoModelForCausalLM.from_pretrained("gpt2", device_map={"transformer.h": 0, "lm_head": "cpu"})\n',
  };
  const bundled = engine.findDeviceMaps(doc);
  assert.equal(bundled.maps.length, 1);
  assert.deepEqual(JSON.parse(JSON.stringify(bundled)), JSON.parse(JSON.stringify(findDeviceMaps(doc))));
});

test('activate() loads no engine; the first command that needs it loads it, with the display language set', () => {
  const r = spawnSync(process.execPath, [join(__dirname, '../helpers/activateWithStub.cjs'), out], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  const seen = JSON.parse(r.stdout.trim().split('\n').pop()!) as {
    loadedByActivate: boolean;
    commands: string[];
    loadedByCommand: boolean;
    presetIds: string[];
    engineLocale: string;
  };
  assert.ok(seen.commands.includes('deviceMapStudio.configureGpus') && seen.commands.includes('deviceMapStudio.openLayout'));
  assert.equal(seen.loadedByActivate, false, 'activate() loaded dist/engine.js');
  assert.equal(seen.loadedByCommand, true, 'Set Up GPUs… did not load dist/engine.js');
  assert.ok(seen.presetIds.includes('rtx4090'), `presets from the engine: ${seen.presetIds.join(', ')}`);
  assert.equal(seen.engineLocale, 'zh-cn', "the engine's messages follow VS Code's display language");
});

test('the web bundle is one file: it never loads another', () => {
  const text = readFileSync(join(out, 'web/extension.js'), 'utf8');
  assert.ok(!text.includes('engine.js'));
  assert.ok(inputsOf('web/extension.meta.json').some((i) => i.startsWith('src/core/analysis/')));
});
