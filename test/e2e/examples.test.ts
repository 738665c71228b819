// examples/ shows the product at its best: every diagnostics/DMxxx_*.py file raises its code,
// and the showcase files are clean, with the machine and model folders of examples/.vscode/settings.json.
import { launchFor } from '../../src/node/launch/launchFor';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'jsonc-parser';
import { analyzeDocument } from '../../src/core/analysis/index';
import { CODES } from '../../src/core/analysis/index';
import type { AnalysisEnv, ModelLookup } from '../../src/core/analysis/api';
import { parseGpuSetting } from '../../src/core/gpuSpecs';
import { modelFromConfig } from '../../src/core/models/registry';
import { DEFAULT_SETUP, GIB } from '../../src/core/settings';
import { ROOT } from './helpers/paths';

const EXAMPLES = join(ROOT, 'examples');
const settings = parse(readFileSync(join(EXAMPLES, '.vscode/settings.json'), 'utf8')) as Record<string, unknown>;
const folders = settings['deviceMapStudio.models'] as Record<string, string>;

const env: AnalysisEnv = {
  setup: {
    ...DEFAULT_SETUP,
    gpus: parseGpuSetting(settings['deviceMapStudio.gpus']).gpus,
    cpuMemory: (settings['deviceMapStudio.cpuMemoryGiB'] as number) * GIB,
  },
  // The local config.json folders the settings name, as the extension's resolver reads them.
  lookupModel(ref): ModelLookup {
    const folder = ref && folders[ref.name];
    if (!folder) return { status: 'error', message: `no local folder for ${ref?.name}` };
    return { status: 'ok', tree: modelFromConfig(JSON.parse(readFileSync(join(EXAMPLES, folder, 'config.json'), 'utf8'))), origin: folder };
  },
};

function codesOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const python = !file.endsWith('.json');
  // How the extension sees it: the launch scripts next to the file (DM019/DM020 run under run_ddp.sh).
  const launch = python ? launchFor(file) : undefined;
  const { findings } = analyzeDocument({ text, languageId: python ? 'python' : 'json', fileName: file }, launch ? { ...env, launch } : env);
  return [...new Set(findings.map((f) => f.code))].sort();
}

test('settings describe eight 24 GB cards and a local folder for every model the examples name', () => {
  assert.equal(env.setup.gpus.length, 8);
  for (const folder of Object.values(folders))
    assert.ok(readFileSync(join(EXAMPLES, folder, 'config.json'), 'utf8').includes('model_type'), folder);
});

test('each diagnostics/DMxxx file raises its own code', () => {
  const files = readdirSync(join(EXAMPLES, 'diagnostics')).filter((f) => /^DM0\d\d_.*\.py$/.test(f));
  assert.deepEqual(
    files.map((f) => f.slice(0, 5)),
    Object.keys(CODES),
    'one file per registered code',
  );
  assert.ok(files.includes('DM012_training_reserve.py'), 'the training-reserve example is checked too');
  const missing = files.filter((f) => !codesOf(join(EXAMPLES, 'diagnostics', f)).includes(f.slice(0, 5)));
  assert.deepEqual(missing, []);
});

test('the showcase files (QLoRA 13B, Qwen-7B, 70B on 8 cards, JSON training config) resolve their model and have no errors or warnings', () => {
  for (const f of ['qlora_llama2_13b_2x24gb.py', 'qwen_7b_manual_map.py', 'llama2_70b_8_cards.py', 'train_config.json']) {
    const text = readFileSync(join(EXAMPLES, f), 'utf8');
    const { facts, findings } = analyzeDocument(
      { text, languageId: f.endsWith('.json') ? 'json' : 'python', fileName: join(EXAMPLES, f) },
      env,
    );
    assert.ok(
      facts.maps.some((m) => m.reachesModel && m.kind === 'dict' && m.entries.length > 10),
      `${f}: a full map is found`,
    );
    const loud = findings.filter((x) => x.severity === 'error' || x.severity === 'warning' || x.code === 'DM016');
    assert.deepEqual(
      loud.map((x) => `${x.code} ${x.message}`),
      [],
      f,
    );
  }
});
