/**
 * Issue 10: one owner per number, for every catalogue family (sliding windows,
 * MoE, MQA/GQA, tied heads, T5) × every step (load, forward, generate, a LoRA
 * step, and full fine-tuning for a file that builds a Trainer without peft) ×
 * three maps (one card, two cards, two cards + CPU offload). The editor's path —
 * analysis → DM011's per-card figures, the CodeLens, the hover, the status bar,
 * and the panel snapshot's bars — against `device-map estimate --json` run through
 * the CLI's own command code, byte for byte; one case as a real process too.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { factsOf } from '../../../src/core/analysis/analyze';
import type { AnalysisEnv, SourceDocument } from '../../../src/core/analysis/api';
import { codeLenses } from '../../../src/core/analysis/codeLens';
import { buildContext } from '../../../src/core/analysis/context';
import { defaultEstimateMode, type EstimateSettings } from '../../../src/core/analysis/estimateChoice';
import { bytes } from '../../../src/core/analysis/format';
import { deviceLabel as deviceText } from '../../../src/core/base/devices';
import { hoverAt } from '../../../src/core/analysis/hover';
import { statusPeak } from '../../../src/core/analysis/statusPeak';
import { peakUsage } from '../../../src/core/analysis/usage';
import { catalogueConfig } from '../../../src/core/models/catalogue/index';
import type { HFConfig } from '../../../src/core/models/config';
import { modelFromConfig } from '../../../src/core/models/registry';
import type { ModelTree } from '../../../src/core/models/tree';
import type { Device } from '../../../src/core/base/devices';
import { forwardUnits } from '../../../src/core/placement/planner/units';
import { DEFAULT_SETUP, GIB } from '../../../src/core/settings';
import { createPanelDeps } from '../../../src/core/view/deps';
import { PanelSession } from '../../../src/core/view/session';
import { cli, cliProcess } from '../../helpers/cli';
import { GENERATED } from '../../helpers/fixtures';
import { cliStepArgs } from '../../helpers/cliStepArgs';

/** What each model stands for; local folders hold the config.json transformers wrote (tools/gen_reference.py). */
const MODELS: Array<{ ref: string; why: string; seq2seq?: boolean }> = [
  { ref: 'gemma-2-9b', why: 'sliding windows on every other layer, soft-capped logits, tied head' },
  { ref: 'google/gemma-2-9b', why: 'the catalogue config (no layer_types): Gemma2Config fills the windows in' },
  { ref: 'mistral-7b-v0.3', why: 'GQA' },
  { ref: 'mixtral-8x7b', why: 'MoE' },
  { ref: 'falcon-7b', why: 'MQA, broadcast keys, tied head' },
  { ref: 'falcon-40b', why: 'new decoder architecture (GQA)' },
  { ref: 'llama-3.1-8b', why: 'GQA' },
  { ref: 'qwen2.5-0.5b', why: 'tied head' },
  { ref: 'qwen3-8b', why: 'q/k norms' },
  { ref: 'Qwen/Qwen-7B', why: 'fused q/k/v (catalogue, remote code)' },
  { ref: 'gpt2', why: 'Conv1D, fused attention, tied head' },
  { ref: 'gpt-neox-20b', why: 'fused q/k/v' },
  { ref: 'bloom-7b1', why: 'fused q/k/v, ALiBi, tied head' },
  { ref: 'opt-350m', why: 'projection in/out of the decoder' },
  { ref: 'phi-3-medium', why: 'fused qkv and gate_up' },
  { ref: 'gemma-7b', why: 'MHA, tied head' },
  { ref: 't5-v1_1-base', why: 'encoder-decoder', seq2seq: true },
  { ref: 'google-t5/t5-small', why: 'encoder-decoder, tied head (catalogue)', seq2seq: true },
];

/** The third entry: the file builds a `Trainer` and uses no peft, so its training step is full fine-tuning (issue 17). */
const STEPS: Array<[string, EstimateSettings, boolean?]> = [
  ['load', { mode: 'load', batch: 1, seqLength: 512, newTokens: 64 }],
  ['forward 2 × 512', { mode: 'forward', batch: 2, seqLength: 512, newTokens: 64 }],
  ['generate 1 × 8192 + 64', { mode: 'generate', batch: 1, seqLength: 8192, newTokens: 64 }],
  ['train 1 × 1024', { mode: 'train', batch: 1, seqLength: 1024, newTokens: 64 }],
  ['train full 1 × 1024', { mode: 'train', batch: 1, seqLength: 1024, newTokens: 64 }, true],
];

const SETUP = {
  ...DEFAULT_SETUP,
  gpus: [
    { name: 'H100', memory: 80 * GIB },
    { name: 'H100', memory: 80 * GIB },
  ],
  cpuMemory: 512 * GIB,
};
/** The CLI as CI runs it: no Hub, an empty HF cache, so a Hub id resolves from the catalogue like the editor below. */
const OFFLINE = { ...process.env, HF_HUB_OFFLINE: '1', HF_HOME: mkdtempSync(join(tmpdir(), 'dms-hf-')) };

function configOf(ref: string): { config: HFConfig; cliModel: string } {
  const local = join(GENERATED, ref);
  try {
    return { config: JSON.parse(readFileSync(join(local, 'config.json'), 'utf8')) as HFConfig, cliModel: local };
  } catch {
    const config = catalogueConfig(ref);
    assert.ok(config, `${ref} is neither a fixture folder nor in the catalogue`);
    return { config, cliModel: ref };
  }
}

/** One card; two cards split half way along the forward path; the same with the last quarter offloaded to the CPU. */
function mapsOf(tree: ModelTree): Array<[string, Map<string, Device>]> {
  const units = forwardUnits(tree, { dtype: 'bf16' });
  const along = (place: (i: number) => Device): Map<string, Device> => {
    const m = new Map<string, Device>();
    units.forEach((u, i) => {
      m.set(u.key, place(i));
      for (const r of u.riders) m.set(r, place(i));
    });
    return m;
  };
  const n = units.length;
  return [
    ['one card', new Map([['', 0]])],
    ['two cards', along((i) => (i < n / 2 ? 0 : 1))],
    ['two cards + cpu', along((i) => (i < n / 2 ? 0 : i < (3 * n) / 4 ? 1 : 'cpu'))],
  ];
}

function pythonFile(ref: string, seq2seq: boolean, map: ReadonlyMap<string, Device>, trainer = false): SourceDocument {
  const loader = seq2seq ? 'AutoModelForSeq2SeqLM' : 'AutoModelForCausalLM';
  const entries = [...map].map(([k, d]) => `    ${JSON.stringify(k)}: ${typeof d === 'number' ? d : JSON.stringify(d)},`);
  const text = [
    'import torch',
    `from transformers import ${loader}`,
    '',
    'device_map = {',
    ...entries,
    '}',
    `model = ${loader}.from_pretrained(${JSON.stringify(ref)}, device_map=device_map, dtype=torch.bfloat16)`,
    ...(trainer ? ['from transformers import Trainer', 'trainer = Trainer(model=model)'] : []),
    '',
  ].join('\n');
  return { text, languageId: 'python', fileName: `/virtual/${ref.replace(/\W/g, '_')}.py` };
}

type CliDevices = Record<
  string,
  { weights: number; kv_cache: number; activations: number; training: number; context: number; total: number }
>;
let compared = 0;
let windowed: { sliding?: number; full?: number } = {};

for (const { ref, why, seq2seq } of MODELS) {
  test(`${ref} (${why}): editor = panel = CLI for every step and map`, async () => {
    const { config, cliModel } = configOf(ref);
    const tree = modelFromConfig(config);
    const env0: AnalysisEnv = { setup: SETUP, lookupModel: () => ({ status: 'ok', tree, origin: cliModel }) };
    for (const [mapLabel, map] of mapsOf(tree)) {
      for (const [stepLabel, settings, trainer] of STEPS) {
        const doc = pythonFile(ref, !!seq2seq, map, trainer);
        const facts = factsOf(doc);
        const found = facts.maps[0];
        assert.ok(found && found.kind === 'dict', `${mapLabel}: the file's map is found`);
        const where = `${mapLabel}, ${stepLabel}`;
        const env: AnalysisEnv = { ...env0, estimateMode: (f) => defaultEstimateMode(f, settings) };
        const mode = defaultEstimateMode(facts, settings);
        if (settings.mode === 'train') assert.equal(mode.kind, trainer ? 'train-full' : 'train-lora', `${where}: the file's training step`);
        const ctx = buildContext(doc, env, facts, found, 0);

        // DM011 / DM012's per-card figures.
        const dm011 = new Map(peakUsage(ctx).map((c) => [c.device, c.total]));
        assert.ok(dm011.size > 0, `${where}: DM011 has figures`);

        // CLI, through the command's own code.
        const out = await cli(
          [
            'estimate',
            '--model',
            cliModel,
            '--map',
            JSON.stringify(Object.fromEntries(map)),
            ...cliStepArgs(mode),
            '--dtype',
            'bf16',
            '--json',
          ],
          undefined,
          OFFLINE,
        );
        assert.equal(out.code, 0, `${where}: ${out.stderr}`);
        const devices = (JSON.parse(out.stdout) as { devices: CliDevices }).devices;
        for (const [d, total] of dm011) assert.equal(total, devices[String(d)]?.total, `${where}: DM011 ${deviceText(d)} vs CLI`);

        // CodeLens and hover: the same bytes, as they print them.
        const span = found.callSpan ?? found.span;
        const lens = codeLenses(doc, env).find((l) => !l.command && l.span.start === span.start);
        assert.ok(lens, `${where}: a totals CodeLens`);
        const hover = hoverAt(doc, (found.dictSpan ?? found.span).start + 1, env);
        assert.ok(hover, `${where}: a hover on the map`);
        for (const [d, total] of dm011) {
          assert.ok(
            lens.title.includes(`${deviceText(d)} ${bytes(total)}`),
            `${where}: ${lens.title} lacks ${deviceText(d)} ${bytes(total)}`,
          );
          assert.match(
            hover.markdown,
            new RegExp(`\\| ${deviceText(d)} \\|[^\\n]*\\| ${bytes(total).replace('.', '\\.')} \\|`),
            `${where}: hover ${deviceText(d)}`,
          );
        }

        // Status bar: the busiest card's exact bytes.
        const peak = statusPeak(doc, span.start, env);
        assert.ok(peak, `${where}: a status-bar figure`);
        assert.equal(peak.bytes, devices[peak.device.replace('cuda:', '')]?.total, `${where}: status bar vs CLI`);

        // Panel, opened with the same settings: every column's parts equal the CLI's, byte for byte.
        const session = new PanelSession(
          createPanelDeps({
            lookupModel: env.lookupModel,
            onModelsResolved: () => ({ dispose() {} }),
            readSetup: () => SETUP,
            saveGpus: async () => {},
            readEstimateSettings: () => settings,
          }),
        );
        const r = session.snapshot({ ...doc, uri: `file://${doc.fileName}`, version: 1 }, 0, session.defaultOptions(doc));
        assert.equal(r.kind, 'snapshot', r.kind === 'empty' ? r.message : '');
        if (r.kind !== 'snapshot') return;
        for (const c of r.snapshot.columns) {
          const cliCard = devices[String(c.device)];
          if (!cliCard) continue;
          assert.equal(JSON.stringify(c.memory), JSON.stringify(cliCard), `${where}: panel ${c.label} vs CLI`);
          compared++;
        }
        assert.deepEqual(
          new Set(r.snapshot.columns.filter((c) => devices[String(c.device)]).map((c) => String(c.device))),
          new Set(Object.keys(devices)),
          `${where}: the panel draws every card the CLI counts`,
        );
        if (ref === 'gemma-2-9b' && mapLabel === 'one card' && stepLabel.startsWith('generate'))
          windowed = { sliding: devices['0']!.kv_cache };
      }
    }
  });
}

test('a real `device-map` process prints the same JSON (Gemma 2, generate after 8,192 tokens, one card)', async () => {
  const { cliModel } = configOf('gemma-2-9b');
  const argv = [
    'estimate',
    '--model',
    cliModel,
    '--map',
    '{"": 0}',
    '--mode',
    'generate',
    '--seq',
    '8192',
    '--new-tokens',
    '64',
    '--dtype',
    'bf16',
    '--json',
  ];
  const inProcess = await cli(argv, undefined, OFFLINE);
  const real = cliProcess(argv, undefined, OFFLINE);
  assert.equal(real.code, 0, real.stderr);
  assert.equal(real.stdout.trim(), inProcess.stdout.trim());
});

test('the comparisons ran, and Gemma 2 caches only 4,096 tokens on its sliding layers', () => {
  assert.ok(compared >= MODELS.length * STEPS.length * 3, `${compared} panel columns compared`);
  // 42 layers × 8 KV heads × 256 dims × 2 (K and V) × 2 bytes; 21 layers hold 8,256 tokens, 21 hold the 4,096-token window.
  const perTokenPerLayer = 8 * 256 * 2 * 2;
  assert.equal(windowed.sliding, 21 * perTokenPerLayer * (8192 + 64) + 21 * perTokenPerLayer * 4096);
});
