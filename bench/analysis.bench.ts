/**
 * Re-linting a 10,000-line training script (what the editor does on every
 * change): the finder plus all 18 rules over every map, against a 70B model
 * on four cards. Also the per-keystroke extras: completion, hover, lenses.
 */
import { analyzeDocument, codeLenses, completeAt, hoverAt } from '../src/core/analysis/index';
import type { AnalysisEnv } from '../src/core/analysis/api';
import { modelFromConfig } from '../src/core/models/registry';
import { findDeviceMaps } from '../src/core/text/find';
import { DEFAULT_SETUP, GIB } from '../src/core/settings';
import { bench } from './harness';

const llama70b = modelFromConfig({
  model_type: 'llama', hidden_size: 8192, intermediate_size: 28672, num_hidden_layers: 80, num_attention_heads: 64,
  num_key_value_heads: 8, vocab_size: 32000, tie_word_embeddings: false, dtype: 'bfloat16',
});
const env: AnalysisEnv = {
  setup: { ...DEFAULT_SETUP, gpus: Array.from({ length: 4 }, () => ({ name: 'A100 80 GB', memory: 80 * GIB })) },
  lookupModel: () => ({ status: 'ok', tree: llama70b, origin: 'bench' }),
};

/** A long script: training helpers, and every 100 steps a model loaded with a map built a different way. */
function bigPython(lines: number): string {
  const out = ['import torch', 'from transformers import AutoModelForCausalLM', 'from peft import LoraConfig, get_peft_model', ''];
  let i = 0;
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
    if (i % 60 === 0) {
      const explicit = Array.from({ length: 80 }, (_, j) => `    "model.layers.${j}": ${Math.floor(j / 20)},`);
      out.push(
        `dm_${i} = {`,
        '    "model.embed_tokens": 0,',
        ...explicit,
        `    "model.norm": 3,`,
        `    "lm_head": ${i % 120 === 0 ? 3 : '"cuda:3"'},`,
        '}',
        `model_${i} = AutoModelForCausalLM.from_pretrained("meta-llama/Llama-2-70b-hf", device_map=dm_${i}, dtype=torch.bfloat16)`,
        `other_${i} = AutoModelForCausalLM.from_pretrained("meta-llama/Llama-2-70b-hf", device_map={f"model.layers.{j}": j // 20 for j in range(80)})`,
        '',
      );
    }
  }
  out.push('config = LoraConfig(r=8, target_modules=["q_proj", "v_proj"])', 'model = get_peft_model(model_60, config)');
  return out.slice(0, lines).join('\n') + '\n';
}

const text = bigPython(10_000);
const doc = { text, languageId: 'python', fileName: '/ws/train.py' };
const first = analyzeDocument(doc, env);
if (first.facts.maps.length < 20 || first.findings.length === 0) throw new Error(`bench input not understood: ${first.facts.maps.length} maps, ${first.findings.length} findings`);
const lines = text.split('\n').length - 1;

// One keystroke in the middle of the file each run: the finder re-parses, every rule re-runs.
const mid = text.indexOf('def step_500');
let n = 0;
bench(`analyzeDocument, ${lines} lines, ${first.facts.maps.length} maps, ${first.findings.length} findings, after a keystroke`, () => {
  const edited = `${text.slice(0, mid)}# edit ${n++}\n${text.slice(mid)}`;
  return analyzeDocument({ ...doc, text: edited }, env);
}, 30, 3);
// For comparison: the finder alone on the same edit (the rest of the line above is the rules).
bench('findDeviceMaps alone, after a keystroke', () => findDeviceMaps({ ...doc, text: `${text.slice(0, mid)}# edit ${n++}\n${text.slice(mid)}` }), 30, 3);
const dictAt = text.indexOf('"model.layers.41"');
bench('completeAt a key in a 70B map (same text)', () => completeAt(doc, dictAt + 3, env), 50, 5);
bench('hoverAt a key (same text)', () => hoverAt(doc, dictAt + 3, env), 50, 5);
bench(`codeLenses for ${first.facts.maps.length} maps (same text)`, () => codeLenses(doc, env), 20, 2);
