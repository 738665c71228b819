/**
 * Re-linting a 1,000-cell notebook after one cell changes (what the editor and
 * `device-map check nb.ipynb` do): read the .ipynb JSON (with megabytes of
 * base64 outputs, never parsed), build the one program with IPython lines
 * neutralised, find the maps and run every rule, map findings to cells.
 */
import { analyzeNotebook } from '../src/core/analysis/notebook';
import type { AnalysisEnv } from '../src/core/analysis/api';
import { modelFromConfig } from '../src/core/models/registry';
import { NotebookProgram, readNotebook } from '../src/core/text/notebook/index';
import { DEFAULT_SETUP, GIB } from '../src/core/settings';
import { notebookJson, type CellSpec } from '../test/helpers/notebooks';
import { bench } from './harness';

const llama13b = modelFromConfig({
  model_type: 'llama',
  hidden_size: 5120,
  intermediate_size: 13824,
  num_hidden_layers: 40,
  num_attention_heads: 40,
  num_key_value_heads: 40,
  vocab_size: 32000,
  tie_word_embeddings: false,
  dtype: 'bfloat16',
});
const env: AnalysisEnv = {
  setup: { ...DEFAULT_SETUP, gpus: Array.from({ length: 2 }, () => ({ name: 'RTX 4090', memory: 24 * GIB })) },
  lookupModel: () => ({ status: 'ok', tree: llama13b, origin: 'bench' }),
};

/** 1,000 cells: exploration cells with magics and plots, and every 100 cells a map, its update and a load. */
function cells(): CellSpec[] {
  const out: CellSpec[] = [
    {
      text: '%pip install -q transformers accelerate\n%env CUDA_VISIBLE_DEVICES=0,1\nimport torch\nfrom transformers import AutoModelForCausalLM',
    },
  ];
  for (let i = 1; out.length < 1000; i++) {
    if (i % 100 === 0) {
      out.push({
        text: `device_map_${i} = {\n${Array.from({ length: 20 }, (_, j) => `    "model.layers.${j}": 0,`).join('\n')}\n    "model.embed_tokens": 0,\n}`,
      });
      out.push({
        text: `device_map_${i}.update({f"model.layers.{j}": 1 for j in range(20, 40)})\ndevice_map_${i}.update({"model.norm": 1, "lm_head": 1})`,
      });
      out.push({
        text: `%%time\nmodel_${i} = AutoModelForCausalLM.from_pretrained("meta-llama/Llama-2-13b-hf", device_map=device_map_${i}, dtype=torch.bfloat16)`,
      });
    } else if (i % 7 === 0) {
      out.push({ kind: 'markdown', text: `## Step ${i}\nNotes about the run.` });
    } else {
      out.push({
        text: `!nvidia-smi --query-gpu=memory.used --format=csv\nloss_${i} = [x * ${i} for x in range(10)]\nloss_${i}?`,
        pngBytes: i % 50 === 0 ? 200_000 : 0,
      });
    }
  }
  return out.slice(0, 1000);
}

const spec = cells();
const json = notebookJson(spec);
const first = readNotebook(json);
if (!first.ok) throw new Error(first.message);
const program = NotebookProgram.of(first.notebook.cells);
const result = analyzeNotebook(program, '/ws/train.ipynb', env);
if (result.facts.maps.length < 9) throw new Error(`bench input not understood: ${result.facts.maps.length} maps`);
console.log(
  `notebook: ${spec.length} cells, ${(json.length / 1e6).toFixed(1)} MB of JSON, ${result.facts.maps.length} maps, ${result.findings.length} findings`,
);

// One cell edited each run (as after a keystroke), so nothing is served from the per-text caches.
const target = 'loss_1 = [';
if (!json.includes(target)) throw new Error('bench input lacks the cell it edits');
let n = 0;
bench(
  'lint_notebook_1000cells_ms',
  () => {
    const text = json.replace(target, `${target}${n++} + `);
    const r = readNotebook(text);
    if (!r.ok) throw new Error(r.message);
    return analyzeNotebook(NotebookProgram.of(r.notebook.cells), '/ws/train.ipynb', env);
  },
  20,
  3,
);
