/**
 * Linting a 10,000-line training script with 50 maps (what the editor does on
 * open and on every change): the finder plus every rule over every map, against
 * a 70B model on four cards. Also the per-keystroke extras on a 300-entry map:
 * completion, hover; CodeLens; and a 1,000-cell notebook when this build reads
 * notebooks.
 */
import { analyzeDocument, analyzeNotebook, codeLenses, completeAt, hoverAt } from '../src/core/analysis/index';
import { NotebookProgram, readNotebook } from '../src/core/text/notebook/index';
import type { AnalysisEnv } from '../src/core/analysis/api';
import { modelFromConfig } from '../src/core/models/registry';
import { findDeviceMaps } from '../src/core/text/find';
import { DEFAULT_SETUP, GIB } from '../src/core/settings';
import { LLAMA_70B_CONFIG } from './llama70b';
import { bench, record } from './harness';

const llama70b = modelFromConfig(LLAMA_70B_CONFIG);
const env: AnalysisEnv = {
  setup: { ...DEFAULT_SETUP, gpus: Array.from({ length: 4 }, () => ({ name: 'A100 80 GB', memory: 80 * GIB })) },
  lookupModel: () => ({ status: 'ok', tree: llama70b, origin: 'bench' }),
};

const STEP = 7; // lines of one training helper
const BLOCK = 87; // lines of one literal map + its two loader calls

/** A long script: training helpers, and 25 times a model loaded with a literal map and once with a comprehension (50 maps). */
function bigPython(lines: number, blocks = 25): string {
  const out = ['import torch', 'from transformers import AutoModelForCausalLM', 'from peft import LoraConfig, get_peft_model', ''];
  const stepsBetween = Math.floor((lines - 10 - blocks * BLOCK) / STEP / blocks);
  let i = 0;
  let b = 0;
  while (out.length < lines) {
    i++;
    out.push(
      `def step_${i}(batch, model, optimizer):`,
      `    out = model(**batch)`,
      `    loss = out.loss / ${(i % 7) + 1}`,
      `    loss.backward()`,
      `    optimizer.step()`,
      `    return {"loss": loss, "lr": [g["lr"] for g in optimizer.param_groups]}`,
      '',
    );
    if (i % stepsBetween === 0 && b < blocks) {
      b++;
      const explicit = Array.from({ length: 80 }, (_, j) => `    "model.layers.${j}": ${Math.floor(j / 20)},`);
      out.push(
        `dm_${i} = {`,
        '    "model.embed_tokens": 0,',
        ...explicit,
        `    "model.norm": 3,`,
        `    "lm_head": ${i % 2 === 0 ? 3 : '"cuda:3"'},`,
        '}',
        `model_${i} = AutoModelForCausalLM.from_pretrained("meta-llama/Llama-2-70b-hf", device_map=dm_${i}, dtype=torch.bfloat16)`,
        `other_${i} = AutoModelForCausalLM.from_pretrained("meta-llama/Llama-2-70b-hf", device_map={f"model.layers.{j}": j // 20 for j in range(80)})`,
        '',
      );
    }
  }
  out.push('config = LoraConfig(r=8, target_modules=["q_proj", "v_proj"])', 'model = get_peft_model(model, config)');
  return out.slice(0, lines).join('\n') + '\n';
}

const text = bigPython(10_000);
const doc = { text, languageId: 'python', fileName: '/ws/train.py' };
const first = analyzeDocument(doc, env);
const lines = text.split('\n').length - 1;
// The bench must measure a file the engine fully understands, or it would time a finder that gave up.
if (first.facts.maps.length !== 50 || first.findings.length === 0)
  throw new Error(`bench input not understood: ${first.facts.maps.length} maps, ${first.findings.length} findings`);

// Cold: a file never seen (a new name each run: no earlier parse or facts to reuse); the model is loaded.
let cold = 0;
bench(
  `lint cold: analyzeDocument, ${lines} lines, 50 maps, ${first.findings.length} findings`,
  () => analyzeDocument({ ...doc, fileName: `/ws/cold${cold++}.py` }, env),
  20,
  2,
  'lint_full_10k_ms',
);

// Incremental: one character changed inside one map (a device 1 -> 2 and back), the same document.
const at = text.indexOf('"model.layers.41": 2', text.indexOf('dm_')) + '"model.layers.41": '.length;
let n = 0;
const edited = (k: number): string => `${text.slice(0, at)}${k % 2 === 0 ? '1' : '2'}${text.slice(at + 1)}`;
bench(
  'lint after a one-character edit inside one map',
  () => analyzeDocument({ ...doc, text: edited(n++) }, env),
  30,
  3,
  'lint_incremental_10k_ms',
);
bench('  of which the finder (parse + evaluation)', () => findDeviceMaps({ ...doc, text: edited(n++) }), 30, 3);
// Typing above the maps: a blank line added and removed before the first map (every later statement moves).
const firstMap = text.indexOf('dm_');
const moved = (k: number): string => (k % 2 === 0 ? `${text.slice(0, firstMap)}\n${text.slice(firstMap)}` : text);
bench('lint after a line typed above every map (they move)', () => analyzeDocument({ ...doc, text: moved(n++) }, env), 30, 3);

// Completion and hover inside a 300-entry map (75 layers x 4 sub-modules), after the lint of the same text.
const subs = ['self_attn', 'mlp', 'input_layernorm', 'post_attention_layernorm'];
const entries = Array.from({ length: 300 }, (_, e) => `    "model.layers.${Math.floor(e / 4)}.${subs[e % 4]}": ${Math.floor(e / 75)},`);
const fine = `import torch\nfrom transformers import AutoModelForCausalLM\ndm = {\n${entries.join('\n')}\n}\nm = AutoModelForCausalLM.from_pretrained("meta-llama/Llama-2-70b-hf", device_map=dm)\n`;
const fineDoc = { text: fine, languageId: 'python', fileName: '/ws/fine.py' };
if (analyzeDocument(fineDoc, env).facts.maps[0]?.entries.length !== 300) throw new Error('the 300-entry map was not understood');
const keyAt = fine.indexOf('"model.layers.41.mlp"') + 3;
if (completeAt(fineDoc, keyAt, env).length === 0 || !hoverAt(fineDoc, keyAt, env))
  throw new Error('no completion or hover on the 300-entry map');
bench('completeAt a key in a 300-entry map', () => completeAt(fineDoc, keyAt, env), 50, 5, 'completion_ms');
bench('hoverAt a key in a 300-entry map', () => hoverAt(fineDoc, keyAt, env), 50, 5, 'hover_ms');
bench(`codeLenses for 50 maps (10,000 lines)`, () => codeLenses(doc, env), 20, 2);

// A 1,000-cell notebook, cold: each 10th cell loads a model with a map.
const cells = Array.from({ length: 1000 }, (_, c) => ({
  cell_type: 'code',
  metadata: {},
  execution_count: null,
  outputs: [],
  source:
    c % 10 === 0
      ? [
          `dm_${c} = {"model.embed_tokens": 0, "model.layers": 1, "model.norm": 1, "lm_head": 1}\n`,
          `m_${c} = AutoModelForCausalLM.from_pretrained("meta-llama/Llama-2-70b-hf", device_map=dm_${c})\n`,
        ]
      : [`x_${c} = ${c} * 2\n`, `print(x_${c})\n`],
}));
const notebook = JSON.stringify({
  cells: [
    { cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source: ['from transformers import AutoModelForCausalLM\n'] },
    ...cells,
  ],
  metadata: {},
  nbformat: 4,
  nbformat_minor: 5,
});
// Cold, as `device-map check nb.ipynb` and the editor do it: read the JSON, build the one program, analyse it.
const lintNotebook = (fileName: string) => {
  const r = readNotebook(notebook);
  if (!r.ok) throw new Error(r.message);
  return analyzeNotebook(NotebookProgram.of(r.notebook.cells), fileName, env);
};
if (lintNotebook('/ws/big.ipynb').facts.maps.length < 100) throw new Error('bench notebook not understood: fewer than 100 maps');
let nbRun = 0;
bench('lint cold: a 1,000-cell notebook, 100 maps', () => lintNotebook(`/ws/nb${nbRun++}.ipynb`), 10, 1, 'lint_notebook_1000cells_ms');
