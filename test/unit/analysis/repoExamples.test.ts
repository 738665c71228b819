/**
 * The examples/ folder users open in VS Code: under its own settings (eight
 * 24 GB cards, local model configs), every diagnostics/DM0xx file raises its
 * code and the showcase files load without an error.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'jsonc-parser';
import { analyzeDocument } from '../../../src/core/analysis/analyze';
import type { AnalysisEnv, SourceDocument } from '../../../src/core/analysis/api';
import { parseGpuSetting } from '../../../src/core/gpuSpecs';
import { modelFromConfig } from '../../../src/core/models/registry';
import { DEFAULT_SETUP, GIB } from '../../../src/core/settings';
import { REPO_ROOT } from '../../helpers/fixtures';

const ROOT = join(REPO_ROOT, 'examples');
const settings = parse(readFileSync(join(ROOT, '.vscode/settings.json'), 'utf8')) as Record<string, unknown>;
const models = (settings['deviceMapStudio.models'] ?? {}) as Record<string, string>;

const env: AnalysisEnv = {
  setup: {
    ...DEFAULT_SETUP,
    gpus: parseGpuSetting(settings['deviceMapStudio.gpus']).gpus,
    cpuMemory: Number(settings['deviceMapStudio.cpuMemoryGiB'] ?? 0) * GIB,
    trainingReserve: Number(settings['deviceMapStudio.trainingReserveGiB'] ?? 5) * GIB,
  },
  lookupModel: (ref, fileName) => {
    if (!ref) return { status: 'error', message: 'no model named' };
    const dir = models[ref.name] ? join(ROOT, models[ref.name]!) : resolve(dirname(fileName), ref.name);
    if (!existsSync(join(dir, 'config.json'))) return { status: 'error', message: `${ref.name} is not among the example models` };
    return { status: 'ok', tree: modelFromConfig(JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'))), origin: dir };
  },
};

function docOf(path: string): SourceDocument {
  return { text: readFileSync(path, 'utf8'), languageId: path.endsWith('.py') ? 'python' : 'json', fileName: path };
}

// DM012_training_reserve.py puts 12 GiB on a 24 GB card (12 GiB free, over the 5 GiB reserve): it cannot raise
// DM012 as written; reported to the examples' owner. Every other code is checked here.
const NOT_YET = new Set(['DM012_training_reserve.py']);

for (const f of readdirSync(join(ROOT, 'diagnostics')).filter((n) => /^DM\d{3}_.*\.py$/.test(n) && !NOT_YET.has(n))) {
  test(`examples/diagnostics/${f} raises ${f.slice(0, 5)}`, () => {
    const { findings } = analyzeDocument(docOf(join(ROOT, 'diagnostics', f)), env);
    assert.ok(findings.some((x) => x.code === f.slice(0, 5)), findings.map((x) => `${x.code}: ${x.message}`).join('\n') || 'no findings');
  });
}

for (const f of readdirSync(ROOT).filter((n) => /\.(py|json)$/.test(n))) {
  test(`examples/${f} has a map and no error`, () => {
    const { facts, findings } = analyzeDocument(docOf(join(ROOT, f)), env);
    assert.ok(facts.maps.some((m) => m.reachesModel), 'a map is found');
    assert.deepEqual(findings.filter((x) => x.severity === 'error').map((x) => `${x.code}: ${x.message}`), []);
  });
}
