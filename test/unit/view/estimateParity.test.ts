/** The panel's bars equal `device-map estimate --json` for the same model, map, mode and dtype. */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { DEFAULT_SETUP, GIB, modelFromConfig } from '../../../src/core/index';
import { createPanelDeps } from '../../../src/core/view/deps';
import { PanelSession } from '../../../src/core/view/session';
import { DEFAULT_OPTIONS, type PanelOptions } from '../../../src/protocol/snapshot';
import { FIXTURES, readJson, REPO_ROOT } from '../../helpers/fixtures';

const MODEL = join(FIXTURES, 'models', 'llama-2-7b');
const tree = modelFromConfig(readJson(join(MODEL, 'config.json')));
const session = new PanelSession(
  createPanelDeps({
    lookupModel: () => ({ status: 'ok', tree, origin: 'test' }),
    onModelsResolved: () => ({ dispose() {} }),
    readSetup: () => ({
      ...DEFAULT_SETUP,
      gpus: [
        { name: 'GPU', memory: 24 * GIB },
        { name: 'GPU', memory: 24 * GIB },
      ],
    }),
    saveGpus: async () => {},
  }),
);

const MAP = { 'model.embed_tokens': 0, 'model.layers': 0, 'model.layers.20': 1, 'model.norm': 1, 'model.rotary_emb': 1, lm_head: 1 };
const text = `from transformers import AutoModelForCausalLM
m = AutoModelForCausalLM.from_pretrained("llama", device_map=${JSON.stringify(MAP)})
`;

function cli(args: string[]): Record<string, Record<string, number>> {
  const out = execFileSync(
    'node',
    [join(REPO_ROOT, 'bin', 'device-map.js'), 'estimate', '--model', MODEL, '--map', JSON.stringify(MAP), '--json', ...args],
    { encoding: 'utf8' },
  );
  return (JSON.parse(out) as { devices: Record<string, Record<string, number>> }).devices;
}

before(() => {
  execFileSync('node', ['esbuild.mjs', 'cli'], { cwd: REPO_ROOT, stdio: 'pipe' });
});

describe('panel bars vs CLI estimate', () => {
  const cases: Array<[string, Partial<PanelOptions>, string[]]> = [
    ['load', { mode: 'load' }, ['--mode', 'load', '--dtype', 'bf16']],
    ['forward 1x512', { mode: 'forward', seq: 512, batch: 1 }, ['--mode', 'forward', '--seq', '512', '--batch', '1', '--dtype', 'bf16']],
    ['generate 2x256', { mode: 'generate', seq: 256, batch: 2 }, ['--mode', 'generate', '--seq', '256', '--batch', '2', '--dtype', 'bf16']],
    [
      'train-lora 1x512',
      { mode: 'train-lora', seq: 512, batch: 1 },
      ['--mode', 'train-lora', '--seq', '512', '--batch', '1', '--dtype', 'bf16'],
    ],
  ];
  for (const [name, opts, args] of cases) {
    it(name, () => {
      const r = session.snapshot({ text, languageId: 'python', fileName: '/w/x.py', uri: 'file:///w/x.py', version: 1 }, 0, {
        ...DEFAULT_OPTIONS,
        dtype: 'bf16',
        ...opts,
      });
      assert.equal(r.kind, 'snapshot');
      if (r.kind !== 'snapshot') return;
      const expected = cli(args);
      const used = r.snapshot.columns.filter((c) => c.memory.total > 0);
      assert.deepEqual(
        used.map((c) => String(c.device)),
        Object.keys(expected),
      );
      for (const c of used) assert.deepEqual({ ...c.memory }, expected[String(c.device)], c.label);
    });
  }
});
