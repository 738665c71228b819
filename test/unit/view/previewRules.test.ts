/**
 * Issue 10: one rule engine. A preview (strategy ghosts, the planned map) is
 * marked by the real rules on the previewed map, so what it shows equals what the
 * Problems panel shows once that map is applied — same codes, same messages.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeDocument } from '../../../src/core/analysis/analyze';
import type { AnalysisEnv } from '../../../src/core/analysis/api';
import type { HFConfig } from '../../../src/core/models/config';
import { modelFromConfig } from '../../../src/core/models/registry';
import { DEFAULT_SETUP, GIB } from '../../../src/core/settings';
import { createPanelDeps } from '../../../src/core/view/deps';
import { PanelSession } from '../../../src/core/view/session';
import type { PanelSnapshot, PanelStrategy } from '../../../src/core/view/snapshot';
import { GENERATED } from '../../helpers/fixtures';
import { applyEdits } from '../text/helpers';

const tree = modelFromConfig(JSON.parse(readFileSync(join(GENERATED, 'llama-3.1-8b', 'config.json'), 'utf8')) as HFConfig);

const SCRIPT = `import torch
from transformers import AutoModelForCausalLM
from peft import LoraConfig, get_peft_model

device_map = {"model.embed_tokens": 0, "model.layers": 0, "model.norm": 1, "model.rotary_emb": 1, "lm_head": 1}
model = AutoModelForCausalLM.from_pretrained("llama", device_map=device_map, dtype=torch.bfloat16)
model = get_peft_model(model, LoraConfig(r=8, target_modules=["q_proj", "v_proj"]))
`;

const marks = (s: PanelSnapshot): string[] =>
  [
    ...new Set(
      [...s.blocks.flatMap((b) => b.warnings), ...s.columns.flatMap((c) => c.warnings), ...s.warnings].map((w) => `${w.code} ${w.message}`),
    ),
  ].sort();

const CASES: Array<[string, number[], number | undefined, PanelStrategy]> = [
  ['two small cards', [10, 10], undefined, 'balanced'],
  ['two small cards', [10, 10], undefined, 'sequential'],
  ['a small and a large card', [6, 40], undefined, 'balanced_low_0'],
  ['a small and a large card', [6, 40], undefined, 'planned'],
  ['cards too small: CPU offload', [6, 6], 64, 'sequential'],
];

let marked = 0;
for (const [label, cards, cpuGiB, strategy] of CASES) {
  test(`${label}, preview "${strategy}": its marks are the Problems panel's findings for that map`, () => {
    const setup = {
      ...DEFAULT_SETUP,
      gpus: cards.map((g) => ({ name: `${g} GiB`, memory: g * GIB })),
      ...(cpuGiB ? { cpuMemory: cpuGiB * GIB } : {}),
    };
    const env: AnalysisEnv = { setup, lookupModel: () => ({ status: 'ok', tree, origin: 'llama' }) };
    const session = new PanelSession(
      createPanelDeps({
        lookupModel: env.lookupModel,
        onModelsResolved: () => ({ dispose() {} }),
        readSetup: () => setup,
        saveGpus: async () => {},
      }),
    );
    const doc = { text: SCRIPT, languageId: 'python', fileName: '/virtual/train.py', uri: 'file:///virtual/train.py', version: 1 };
    const options = session.defaultOptions(doc);
    const preview = session.preview(doc, 0, options, strategy);

    const applied = session.applyMap(doc, { documentVersion: 1, mapIndex: 0, strategy }, options);
    assert.equal(applied.kind, 'edits', applied.kind === 'dropped' ? applied.reason : '');
    if (applied.kind !== 'edits') return;
    const after = { text: applyEdits(SCRIPT, applied.edits), languageId: 'python', fileName: doc.fileName };
    const problems = [...new Set(analyzeDocument(after, env).findings.map((f) => `${f.code} ${f.message}`))].sort();

    assert.deepEqual(marks(preview), problems);
    marked += problems.length;
  });
}

test('the previews above carried findings (not a vacuous agreement)', () => {
  assert.ok(marked > 0, `${marked} findings compared`);
});
