/** The examples/ folder as a user opens it in VS Code: its own settings (eight 24 GB cards, local model configs). */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'jsonc-parser';
import type { AnalysisEnv, SourceDocument } from '../../../src/core/analysis/api';
import { parseGpuSetting } from '../../../src/core/gpuSpecs';
import { modelFromConfig } from '../../../src/core/models/registry';
import { DEFAULT_SETUP, GIB } from '../../../src/core/settings';
import { REPO_ROOT } from '../../helpers/fixtures';

export const EXAMPLES_ROOT = join(REPO_ROOT, 'examples');
const settings = parse(readFileSync(join(EXAMPLES_ROOT, '.vscode/settings.json'), 'utf8')) as Record<string, unknown>;
const models = (settings['deviceMapStudio.models'] ?? {}) as Record<string, string>;

export const exampleEnv: AnalysisEnv = {
  setup: {
    ...DEFAULT_SETUP,
    gpus: parseGpuSetting(settings['deviceMapStudio.gpus']).gpus,
    cpuMemory: Number(settings['deviceMapStudio.cpuMemoryGiB'] ?? 0) * GIB,
    trainingReserve: Number(settings['deviceMapStudio.trainingReserveGiB'] ?? 5) * GIB,
  },
  lookupModel: (ref, fileName) => {
    if (!ref) return { status: 'error', message: 'no model named' };
    const dir = models[ref.name] ? join(EXAMPLES_ROOT, models[ref.name]!) : resolve(dirname(fileName), ref.name);
    if (!existsSync(join(dir, 'config.json'))) return { status: 'error', message: `${ref.name} is not among the example models` };
    return { status: 'ok', tree: modelFromConfig(JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'))), origin: dir };
  },
};

export function exampleDoc(path: string): SourceDocument {
  return { text: readFileSync(path, 'utf8'), languageId: path.endsWith('.py') ? 'python' : 'json', fileName: path };
}
