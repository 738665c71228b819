/** The panel host's logic on real document text: snapshot, moves and strategy apply become minimal edits; stale intents drop. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { join } from 'node:path';
import { DEFAULT_SETUP, GIB, modelFromConfig, type ModelTree } from '../../../src/core/index';
import { createPanelDeps } from '../../../src/core/view/deps';
import { PanelSession, type PanelDocument } from '../../../src/core/view/session';
import { DEFAULT_OPTIONS } from '../../../src/protocol/snapshot';
import { FIXTURES, readJson } from '../../helpers/fixtures';

const tree: ModelTree = modelFromConfig(readJson(join(FIXTURES, 'models', 'llama-3.2-1b', 'config.json')));
const setup = {
  ...DEFAULT_SETUP,
  gpus: [
    { name: 'GPU', memory: 24 * GIB },
    { name: 'GPU', memory: 24 * GIB },
  ],
};
const deps = createPanelDeps({
  lookupModel: () => ({ status: 'ok', tree, origin: 'test' }),
  onModelsResolved: () => ({ dispose() {} }),
  readSetup: () => setup,
  saveGpus: async () => {},
});
const session = new PanelSession(deps);

const PY = `from transformers import AutoModelForCausalLM

device_map = {
    "model.embed_tokens": 0,
    "model.layers": 0,
    "model.norm": 1,
    "model.rotary_emb": 1,
    "lm_head": 1,  # head on the second card
}
model = AutoModelForCausalLM.from_pretrained("meta-llama/Llama-3.2-1B", device_map=device_map)
`;

const doc = (text: string, version = 3): PanelDocument => ({
  text,
  version,
  languageId: 'python',
  fileName: '/w/load.py',
  uri: 'file:///w/load.py',
});

function apply(text: string, edits: readonly { offset: number; length: number; text: string }[]): string {
  for (const e of [...edits].sort((a, b) => b.offset - a.offset)) text = text.slice(0, e.offset) + e.text + text.slice(e.offset + e.length);
  return text;
}

describe('PanelSession', () => {
  it('draws the map of a Python document: blocks on the devices its keys give', () => {
    const r = session.snapshot(doc(PY), 0, DEFAULT_OPTIONS);
    assert.equal(r.kind, 'snapshot');
    if (r.kind !== 'snapshot') return;
    const s = r.snapshot;
    assert.equal(s.documentVersion, 3);
    assert.equal(s.modelName, 'meta-llama/Llama-3.2-1B');
    assert.equal(s.blocks.find((b) => b.name === 'model.layers.7')!.devices[0]!.device, 0);
    assert.equal(s.blocks.find((b) => b.name === 'lm_head')!.devices[0]!.device, 1);
    assert.deepEqual(
      s.columns.map((c) => c.label),
      ['cuda:0', 'cuda:1'],
    );
  });

  it('turns a move of layers 12-15 into one minimal edit that keeps the comment', () => {
    const modules = [12, 13, 14, 15].map((i) => `model.layers.${i}`);
    const r = session.moveModules(doc(PY), { documentVersion: 3, mapIndex: 0, modules, device: 1 }, DEFAULT_OPTIONS);
    assert.equal(r.kind, 'edits');
    if (r.kind !== 'edits') return;
    const after = apply(PY, r.edits);
    assert.match(after, /# head on the second card/);
    const s = session.snapshot(doc(after, 4), 0, DEFAULT_OPTIONS);
    assert.equal(s.kind, 'snapshot');
    if (s.kind !== 'snapshot') return;
    const dev = (n: string) => s.snapshot.blocks.find((b) => b.name === n)!.devices[0]!.device;
    assert.deepEqual([dev('model.layers.11'), dev('model.layers.12'), dev('model.layers.15')], [0, 1, 1]);
  });

  it('drops an intent that carries a stale document version', () => {
    const r = session.moveModules(doc(PY, 5), { documentVersion: 3, mapIndex: 0, modules: ['model.layers.0'], device: 1 }, DEFAULT_OPTIONS);
    assert.equal(r.kind, 'dropped');
  });

  it('previews and applies a strategy as one replacement of the map', () => {
    const ghost = session.preview(doc(PY), 0, DEFAULT_OPTIONS, 'balanced_low_0');
    assert.ok(
      ghost.blocks.every((b) => b.devices[0]?.device !== 0),
      'balanced_low_0 keeps cuda:0 empty for a model that fits one card',
    );
    assert.ok(ghost.columns[1]!.memory.context > 0, 'the ghost carries the estimate, not weights alone');
    const r = session.applyMap(doc(PY), { documentVersion: 3, mapIndex: 0, strategy: 'balanced_low_0' }, DEFAULT_OPTIONS);
    assert.equal(r.kind, 'edits');
    if (r.kind !== 'edits') return;
    const after = apply(PY, r.edits);
    const s = session.snapshot(doc(after, 4), 0, DEFAULT_OPTIONS);
    assert.ok(s.kind === 'snapshot' && s.snapshot.blocks.every((b) => b.devices[0]?.device === 1), after);
  });

  it('our planner as a strategy: a contiguous map that changes little of the current one', () => {
    const ghost = session.preview(doc(PY), 0, DEFAULT_OPTIONS, 'planned');
    const devs = ghost.blocks.filter((b) => b.bytes > 0).map((b) => b.devices[0]!.device);
    const changes = devs.filter((d, i) => i > 0 && d !== devs[i - 1]).length;
    assert.ok(changes <= 1, `contiguous: ${devs.join(',')}`);
    const r = session.applyMap(doc(PY), { documentVersion: 3, mapIndex: 0, strategy: 'planned' }, DEFAULT_OPTIONS);
    assert.equal(r.kind, 'edits');
  });

  it('follows the cursor: the map whose call contains the offset', () => {
    const two = PY + `\nother = AutoModelForCausalLM.from_pretrained("meta-llama/Llama-3.2-1B", device_map="balanced")\n`;
    assert.equal(session.mapAt(doc(two), two.indexOf('"balanced"') + 2), 1);
    assert.equal(session.mapAt(doc(two), 0), undefined);
    const r = session.snapshot(doc(two), 1, DEFAULT_OPTIONS);
    assert.ok(r.kind === 'snapshot' && r.snapshot.mapKind.includes('balanced'));
  });

  it('edits a JSON training config the same way, keeping its layout', () => {
    const layers = Array.from({ length: 16 }, (_, i) => `    "model.layers.${i}": ${i < 8 ? 0 : 1}`).join(',\n');
    const json = `{\n  "model_name_or_path": "meta-llama/Llama-3.2-1B",\n  "device_map": {\n    "model.embed_tokens": 0,\n${layers},\n    "model.norm": 1,\n    "model.rotary_emb": 1,\n    "lm_head": 1\n  }\n}\n`;
    const jdoc = (text: string, version: number): PanelDocument => ({
      text,
      version,
      languageId: 'json',
      fileName: '/w/train_config.json',
      uri: 'file:///w/train_config.json',
    });
    const r = session.moveModules(
      jdoc(json, 1),
      { documentVersion: 1, mapIndex: 0, modules: ['model.layers.6', 'model.layers.7'], device: 1 },
      DEFAULT_OPTIONS,
    );
    assert.equal(r.kind, 'edits');
    if (r.kind !== 'edits') return;
    const after = apply(json, r.edits);
    assert.doesNotThrow(() => JSON.parse(after));
    assert.deepEqual(
      after.split('\n').filter((l, i) => l !== json.split('\n')[i]),
      ['    "model.layers.6": 1,', '    "model.layers.7": 1,'],
      'only the two values change',
    );
  });

  it('moving a block of a strategy map writes out the expanded map with the move', () => {
    const text = `m = AutoModelForCausalLM.from_pretrained("meta-llama/Llama-3.2-1B", device_map="sequential")\n`;
    const r = session.moveModules(doc(text), { documentVersion: 3, mapIndex: 0, modules: ['model.layers.3'], device: 1 }, DEFAULT_OPTIONS);
    assert.equal(r.kind, 'edits');
    if (r.kind !== 'edits') return;
    const after = apply(text, r.edits);
    const s = session.snapshot(doc(after, 4), 0, DEFAULT_OPTIONS);
    assert.ok(s.kind === 'snapshot');
    if (s.kind !== 'snapshot') return;
    assert.equal(s.snapshot.mapKind, 'dict');
    const dev = (n: string) => s.snapshot.blocks.find((b) => b.name === n)!.devices[0]!.device;
    assert.deepEqual([dev('model.layers.2'), dev('model.layers.3'), dev('model.layers.4')], [0, 1, 0]);
  });

  it('toolbar dtype and quantization change the bytes drawn', () => {
    const total = (o: typeof DEFAULT_OPTIONS) => {
      const r = session.snapshot(doc(PY), 0, o);
      assert.equal(r.kind, 'snapshot');
      return r.kind === 'snapshot' ? r.snapshot.columns.reduce((a, c) => a + c.memory.weights, 0) : 0;
    };
    const bf16 = total({ ...DEFAULT_OPTIONS, dtype: 'bf16' });
    const fp32 = total({ ...DEFAULT_OPTIONS, dtype: 'fp32' });
    const q4 = total({ ...DEFAULT_OPTIONS, dtype: 'bf16', quantization: 'bnb-4bit' });
    assert.ok(Math.abs(fp32 / bf16 - 2) < 0.01, `fp32 ${fp32} vs bf16 ${bf16}`);
    assert.ok(q4 < bf16 / 2, `4-bit ${q4} vs bf16 ${bf16}`);
  });

  it('never throws: a failing dependency becomes a message', () => {
    const broken = new PanelSession({
      ...deps,
      lookupModel: () => {
        throw new Error('resolver exploded');
      },
    });
    const r = broken.snapshot(doc(PY), 0, DEFAULT_OPTIONS);
    assert.deepEqual(r, { kind: 'empty', message: 'Could not draw this map: resolver exploded' });
    const noAnalysis = new PanelSession({
      ...deps,
      analyze: () => {
        throw new Error('x');
      },
      estimate: () => {
        throw new Error('y');
      },
    });
    assert.equal(noAnalysis.snapshot(doc(PY), 0, DEFAULT_OPTIONS).kind, 'snapshot');
  });

  it('opens with the estimate DM011 and the CodeLens use: a LoRA step for a file that trains, a forward pass otherwise, or what the settings ask', () => {
    const trains =
      PY +
      `\nfrom peft import LoraConfig, get_peft_model\nmodel = get_peft_model(model, LoraConfig(r=16, target_modules=["q_proj", "v_proj"]))\n`;
    assert.equal(session.defaultOptions(doc(trains)).mode, 'train-lora');
    assert.equal(session.defaultOptions(doc(PY)).mode, 'forward');
    const fromSettings = new PanelSession({
      ...deps,
      readEstimateSettings: () => ({ mode: 'generate', batch: 2, seqLength: 256, newTokens: 32 }),
    });
    assert.deepEqual((({ mode, batch, seq }) => ({ mode, batch, seq }))(fromSettings.defaultOptions(doc(trains))), {
      mode: 'generate',
      batch: 2,
      seq: 256,
    });
    const r = session.snapshot(doc(trains), 0, session.defaultOptions(doc(trains)));
    assert.ok(r.kind === 'snapshot' && r.snapshot.training && r.snapshot.columns.some((c) => c.memory.training > 0));
  });

  it('full fine-tuning: opens on train-full for a Trainer without peft, and the toolbar mode picks LoRA or full whatever the file does', () => {
    const full = PY + `\nfrom transformers import Trainer\ntrainer = Trainer(model=model)\n`;
    const lora =
      PY +
      `\nfrom peft import LoraConfig, get_peft_model\nmodel = get_peft_model(model, LoraConfig(r=16, target_modules=["q_proj", "v_proj"]))\n`;
    assert.equal(session.defaultOptions(doc(full)).mode, 'train-full');
    const training = (text: string, mode: 'train-lora' | 'train-full'): number => {
      const r = session.snapshot(doc(text), 0, { ...DEFAULT_OPTIONS, mode });
      assert.ok(r.kind === 'snapshot' && r.snapshot.training);
      return r.kind === 'snapshot' ? r.snapshot.columns.reduce((s, c) => s + c.memory.training, 0) : 0;
    };
    // Full fine-tuning keeps AdamW states of every parameter: far above LoRA's adapters, from either file.
    assert.equal(training(lora, 'train-full'), training(full, 'train-full'));
    assert.ok(training(full, 'train-lora') * 100 < training(full, 'train-full'));
    assert.ok(training(lora, 'train-lora') * 100 < training(lora, 'train-full'));
  });

  it('draws only the cards CUDA_VISIBLE_DEVICES leaves, while the toolbar keeps the configured setup', () => {
    const four = new PanelSession({ ...deps, readSetup: () => ({ ...setup, gpus: [...setup.gpus, ...setup.gpus] }) });
    const text = `import os\nos.environ["CUDA_VISIBLE_DEVICES"] = "0,1"\n` + PY;
    const r = four.snapshot(doc(text), 0, DEFAULT_OPTIONS);
    assert.ok(r.kind === 'snapshot');
    if (r.kind !== 'snapshot') return;
    assert.deepEqual(
      r.snapshot.columns.map((c) => c.label),
      ['cuda:0', 'cuda:1'],
    );
    assert.equal(r.snapshot.gpus.length, 4);
    assert.equal(r.snapshot.visibleGpus, 2);
    const plain = four.snapshot(doc(PY), 0, DEFAULT_OPTIONS);
    assert.ok(plain.kind === 'snapshot' && plain.snapshot.columns.length === 4 && plain.snapshot.visibleGpus === undefined);
  });

  it('says why there is nothing to draw', () => {
    const r = session.snapshot(doc('print(1)\n'), 0, DEFAULT_OPTIONS);
    assert.deepEqual(r, { kind: 'empty', message: 'No device_map in this document.' });
  });
});
