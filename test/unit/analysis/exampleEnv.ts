/** Reads the example files of test/fixtures/analysis: their `# gpus:` / `# expect:` headers and their local models. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { AnalysisEnv, SourceDocument } from '../../../src/core/analysis/api';
import { parseGpusFlag } from '../../../src/core/gpuSpecs';
import { modelFromConfig } from '../../../src/core/models/registry';
import { DEFAULT_SETUP } from '../../../src/core/settings';
import { REPO_ROOT } from '../../helpers/fixtures';

export const EXAMPLES = join(REPO_ROOT, 'test/fixtures/analysis');

export interface Example {
  readonly name: string;
  readonly doc: SourceDocument;
  readonly env: AnalysisEnv;
  /** Codes the file must raise, exactly. */
  readonly expect: string[];
}

export function loadExample(name: string): Example {
  const path = join(EXAMPLES, name);
  const text = readFileSync(path, 'utf8');
  const header = (key: string): string | undefined => new RegExp(`^(?:#|//) ${key}:(.*)$`, 'm').exec(text)?.[1]?.trim();
  const gpuSpec = header('gpus');
  const gpus = gpuSpec ? parseGpusFlag(gpuSpec).gpus : [];
  // `# processes: 2 from run.sh:3`: the launch a face would find next to the file.
  const launch = /^(\d+) from (.+)$/.exec(header('processes') ?? '');
  const env: AnalysisEnv = {
    setup: { ...DEFAULT_SETUP, gpus },
    ...(launch
      ? { launch: { processes: Number(launch[1]), from: launch[2]!, ...(/bypass/.test(launch[2]!) ? { bypass: true } : {}) } }
      : {}),
    lookupModel: (ref) => {
      if (!ref) return { status: 'error', message: 'the file names no model' };
      const dir = resolve(dirname(path), ref.name);
      if (!existsSync(join(dir, 'config.json'))) return { status: 'error', message: `${ref.name}: no such folder with a config.json` };
      return { status: 'ok', tree: modelFromConfig(JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'))), origin: dir };
    },
  };
  const lang = name.endsWith('.py')
    ? 'python'
    : name.endsWith('.jsonc')
      ? 'jsonc'
      : name.endsWith('.sh')
        ? 'shellscript'
        : /\.ya?ml$/.test(name)
          ? 'yaml'
          : 'json';
  return {
    name,
    doc: { text, languageId: lang, fileName: path },
    env,
    expect: (header('expect') ?? '').split(/\s+/).filter(Boolean).sort(),
  };
}

export function exampleNames(): string[] {
  return readdirSync(EXAMPLES)
    .filter((f) => /\.(py|jsonc?|sh|ya?ml)$/.test(f))
    .sort();
}
