// Detection never reaches the web build: its bundle must not contain the code that runs tools.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { REPO_ROOT } from '../../helpers/fixtures';

async function inputsOf(entry: string, platform: 'browser' | 'node'): Promise<string[]> {
  const r = await esbuild.build({
    entryPoints: [join(REPO_ROOT, entry)],
    bundle: true,
    write: false,
    metafile: true,
    external: ['vscode'],
    platform,
    mainFields: ['module', 'main'],
    logLevel: 'silent',
  });
  return Object.keys(r.metafile.inputs);
}

test('the web extension bundles no GPU detection (no tool is ever run there)', async () => {
  const web = await inputsOf('src/extension/web.ts', 'browser');
  assert.ok(
    web.some((p) => p.includes('src/core/gpuHost/')),
    'the pure readers may be there',
  );
  assert.deepEqual(
    web.filter((p) => p.includes('src/node/') || p.includes('nodeHostGpus')),
    [],
  );
  // The desktop build does detect.
  const desktop = await inputsOf('src/extension/main.ts', 'node');
  assert.ok(desktop.some((p) => p.endsWith('src/node/gpuHost/detect.ts')));
});
