/**
 * Issue 10: one planner policy. The rebalance quick fix, the panel's planned
 * map ("Apply" on the planned preview) and `device-map plan --strategy studio
 * --mode ... --map ...` give the same placement for the same model, cards, map
 * and step; without `--mode` the CLI plans weights only.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { factsOf } from '../../../src/core/analysis/analyze';
import type { AnalysisEnv, SourceDocument } from '../../../src/core/analysis/api';
import { buildContext } from '../../../src/core/analysis/context';
import { defaultEstimateMode, type EstimateSettings } from '../../../src/core/analysis/estimateChoice';
import { rebalanceActions } from '../../../src/core/analysis/fixes/rebalance';
import { plannerOverhead } from '../../../src/core/analysis/plannerPolicy';
import type { HFConfig } from '../../../src/core/models/config';
import { modelFromConfig } from '../../../src/core/models/registry';
import type { ModelTree } from '../../../src/core/models/tree';
import { assignTensors } from '../../../src/core/models/assign';
import type { Device } from '../../../src/core/base/devices';
import { planDeviceMap } from '../../../src/core/placement/planner/planner';
import { estimateMemory } from '../../../src/core/memory/estimate';
import { DEFAULT_SETUP, GIB } from '../../../src/core/settings';
import { createPanelDeps } from '../../../src/core/view/deps';
import { PanelSession } from '../../../src/core/view/session';
import { cli } from '../../helpers/cli';
import { GENERATED } from '../../helpers/fixtures';
import { applyEdits } from '../text/helpers';

const DIR = join(GENERATED, 'llama-3.1-8b');
const tree = modelFromConfig(JSON.parse(readFileSync(join(DIR, 'config.json'), 'utf8')) as HFConfig);
const SETUP = {
  ...DEFAULT_SETUP,
  gpus: [
    { name: 'big', memory: 20 * GIB },
    { name: 'small', memory: 8 * GIB },
  ],
};
const MAX_MEMORY = '0=20GiB,1=8GiB';

/** Most layers on the small card: over its capacity, so DM011 asks for a rebalance. */
const CURRENT = new Map<string, Device>([
  ['model.embed_tokens', 0],
  ...Array.from({ length: 32 }, (_, i): [string, Device] => [`model.layers.${i}`, i < 8 ? 0 : 1]),
  ['model.norm', 1],
  ['model.rotary_emb', 1],
  ['lm_head', 1],
]);

function file(map: ReadonlyMap<string, Device>): SourceDocument {
  const entries = [...map].map(([k, d]) => `    ${JSON.stringify(k)}: ${JSON.stringify(d)},`);
  const text = [
    'import torch',
    'from transformers import AutoModelForCausalLM',
    '',
    'device_map = {',
    ...entries,
    '}',
    'model = AutoModelForCausalLM.from_pretrained("llama", device_map=device_map, dtype=torch.bfloat16)',
    '',
  ].join('\n');
  return { text, languageId: 'python', fileName: '/virtual/plan.py' };
}

function mapOf(text: string): Map<string, Device> {
  const found = factsOf({ text, languageId: 'python', fileName: '/virtual/plan.py' }).maps[0]!;
  return new Map(found.entries.filter((e) => e.value.device !== undefined).map((e) => [e.key, e.value.device!]));
}

/** Where each tensor lands: maps written with merged or split keys compare by what they place. */
function placement(t: ModelTree, map: ReadonlyMap<string, Device>): string {
  return JSON.stringify([...assignTensors(t, map).tensorDevice].sort(([a], [b]) => a.localeCompare(b)));
}

const STEPS: Array<[EstimateSettings, string[]]> = [
  [{ mode: 'forward', batch: 4, seqLength: 2048, newTokens: 64 }, ['--mode', 'forward', '--batch', '4', '--seq', '2048']],
  [{ mode: 'generate', batch: 1, seqLength: 8192, newTokens: 256 }, ['--mode', 'generate', '--seq', '8192', '--new-tokens', '256']],
  [
    { mode: 'train', batch: 1, seqLength: 512, newTokens: 64 },
    ['--mode', 'train-lora', '--seq', '512', '--lora-r', '8', '--lora-targets', 'q_proj,v_proj'],
  ],
];

for (const [settings, cliStep] of STEPS) {
  test(`${settings.mode}: the rebalance fix, the panel's planned map and plan --strategy studio agree`, async () => {
    const doc = file(CURRENT);
    const env: AnalysisEnv = {
      setup: SETUP,
      lookupModel: () => ({ status: 'ok', tree, origin: DIR }),
      estimateMode: (f) => defaultEstimateMode(f, settings),
    };
    const facts = factsOf(doc);
    const ctx = buildContext(doc, env, facts, facts.maps[0]!, 0);

    const fix = rebalanceActions(ctx, ['DM011']).find((a) => a.title.startsWith('Rebalance with the Device Map Studio planner'));
    assert.ok(fix, 'the planner fix is offered');
    const fromFix = mapOf(applyEdits(doc.text, fix.edits));

    const session = new PanelSession(
      createPanelDeps({
        lookupModel: env.lookupModel,
        onModelsResolved: () => ({ dispose() {} }),
        readSetup: () => SETUP,
        saveGpus: async () => {},
        readEstimateSettings: () => settings,
      }),
    );
    const applied = session.applyMap(
      { ...doc, uri: 'file:///virtual/plan.py', version: 1 },
      { documentVersion: 1, mapIndex: 0, strategy: 'planned' },
      session.defaultOptions(doc),
    );
    assert.equal(applied.kind, 'edits', applied.kind === 'dropped' ? applied.reason : '');
    if (applied.kind !== 'edits') return;
    const fromPanel = mapOf(applyEdits(doc.text, applied.edits));

    const out = await cli([
      'plan',
      '--model',
      DIR,
      '--strategy',
      'studio',
      '--max-memory',
      MAX_MEMORY,
      '--dtype',
      'bf16',
      ...cliStep,
      '--map',
      JSON.stringify(Object.fromEntries(CURRENT)),
      '--json',
    ]);
    assert.equal(out.code, 0, out.stderr);
    const fromCli = new Map(Object.entries((JSON.parse(out.stdout) as { device_map: Record<string, Device> }).device_map));

    const fixPlaced = placement(tree, fromFix);
    assert.ok(
      placement(tree, fromPanel) === fixPlaced,
      `panel ${JSON.stringify(Object.fromEntries(fromPanel))} ≠ fix ${JSON.stringify(Object.fromEntries(fromFix))}`,
    );
    assert.ok(
      placement(tree, fromCli) === fixPlaced,
      `CLI ${JSON.stringify(Object.fromEntries(fromCli))} ≠ fix ${JSON.stringify(Object.fromEntries(fromFix))}`,
    );
    assert.ok(fixPlaced !== placement(tree, CURRENT), 'the plan moved something');
  });
}

test('the step changes the plan: the overhead comes from the estimate, and without --mode the CLI fits weights only', async () => {
  const args = ['plan', '--model', DIR, '--strategy', 'studio', '--max-memory', MAX_MEMORY, '--dtype', 'bf16', '--json'];
  const weightsOnly = await cli(args);
  assert.equal(weightsOnly.code, 0, weightsOnly.stderr);
  const bare = planDeviceMap(tree, { dtype: 'bf16', gpus: SETUP.gpus.map((g) => g.memory) });
  assert.deepEqual(JSON.parse(weightsOnly.stdout).device_map, Object.fromEntries(bare.deviceMap));

  const longPrompt = await cli([...args, '--mode', 'forward', '--seq', '8192']);
  assert.equal(longPrompt.code, 0, longPrompt.stderr);
  assert.notDeepEqual(
    JSON.parse(longPrompt.stdout).device_map,
    JSON.parse(weightsOnly.stdout).device_map,
    "the step's activations move layers",
  );
  const overhead = plannerOverhead({
    tree,
    setup: SETUP,
    sizes: { dtype: 'bf16' },
    mode: { kind: 'forward', batch: 1, seq: 8192 },
    trains: false,
  });
  assert.ok(overhead > SETUP.contextBytes, `the step keeps ${overhead} B free per card, more than the CUDA context`);

  const stray = await cli(['plan', '--model', DIR, '--strategy', 'balanced', '--max-memory', MAX_MEMORY, '--mode', 'forward']);
  assert.equal(stray.code, 2);
  assert.match(stray.stderr, /studio planner only/);
  const noMode = await cli([...args, '--seq', '128']);
  assert.equal(noMode.code, 2);
  assert.match(noMode.stderr, /--seq describes a step: add --mode/);
});

test('full fine-tuning: each unit costs its weights × 4 (gradient, two AdamW states), so the plan fits the full step', async () => {
  const dir = join(GENERATED, 'qwen2.5-0.5b');
  const qwen = modelFromConfig(JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as HFConfig);
  const cards = [10 * GIB, 6 * GIB];
  const args = ['plan', '--model', dir, '--strategy', 'studio', '--max-memory', '0=10GiB,1=6GiB', '--dtype', 'bf16', '--json'];
  const step = { kind: 'train-full', batch: 1, seq: 1024, gradientCheckpointing: false } as const;
  const full = await cli([...args, '--mode', 'train-full', '--seq', '1024']);
  assert.equal(full.code, 0, full.stderr);
  const map = new Map(Object.entries((JSON.parse(full.stdout) as { device_map: Record<string, Device> }).device_map));
  const est = estimateMemory(qwen, map, step, { dtype: 'bf16' });
  for (const d of [0, 1]) {
    const e = est.devices.get(d)!;
    // Card 0 also keeps the training reserve (DEFAULT_SETUP.trainingReserve) free.
    const room = cards[d]! - (d === 0 ? DEFAULT_SETUP.trainingReserve : 0);
    assert.ok(e.weights > 0 && e.total <= room, `card ${d}: ${e.total} B of ${room}`);
  }
  // Planned on weights plus a fixed overhead (as for a LoRA step), some card takes more than its full step leaves room for.
  const lora = await cli([...args, '--mode', 'train-lora', '--seq', '1024']);
  const loraMap = new Map(Object.entries((JSON.parse(lora.stdout) as { device_map: Record<string, Device> }).device_map));
  const under = estimateMemory(qwen, loraMap, step, { dtype: 'bf16' });
  const over = [0, 1].filter((d) => (under.devices.get(d)?.total ?? 0) > cards[d]! - (d === 0 ? DEFAULT_SETUP.trainingReserve : 0));
  assert.ok(over.length > 0, `the LoRA plan ${JSON.stringify(Object.fromEntries(loraMap))} holds a full step`);
});
