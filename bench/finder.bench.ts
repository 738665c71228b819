/** Finder speed on a 10,000-line Python file (re-linting runs it on every change) and a large JSON config. */
import { findDeviceMaps, setDevices } from '../src/core/text/index';
import { bench } from './harness';

/** A realistic long training script: helpers, loops, and several device maps built different ways. */
function bigPython(lines: number): string {
  const out: string[] = [
    'import os, torch',
    'os.environ["CUDA_VISIBLE_DEVICES"] = "0,1"',
    'from transformers import AutoModelForCausalLM, BitsAndBytesConfig',
    'from peft import LoraConfig, get_peft_model',
  ];
  let i = 0;
  while (out.length < lines) {
    i++;
    out.push(
      `def step_${i}(batch, model, optimizer):`,
      `    """Training step ${i} — données 🚀."""`,
      `    out = model(**batch)`,
      `    loss = out.loss / ${(i % 7) + 1}`,
      `    if loss.item() > ${i}.5:`,
      `        print(f"step {i}: {loss.item():.3f}")`,
      `    loss.backward()`,
      `    optimizer.step()`,
      `    return {"loss": loss, "lr": [g["lr"] for g in optimizer.param_groups]}`,
      '',
    );
    if (i % 100 === 0) {
      out.push(
        `dm_${i} = {"model.embed_tokens": 0, "model.norm": 1, "lm_head": 1}`,
        `for j in range(80):`,
        `    dm_${i}[f"model.layers.{j}"] = 0 if j < 40 else "cuda:1"`,
        `comp_${i} = {f"model.layers.{j}": j // 40 for j in range(80)}`,
        `model_${i} = AutoModelForCausalLM.from_pretrained("meta-llama/Llama-2-70b-hf", device_map={**comp_${i}, **dm_${i}}, max_memory={0: "70GiB", 1: "70GiB"})`,
        '',
      );
    }
  }
  return out.slice(0, lines).join('\n') + '\n';
}

const text = bigPython(10_000);
const doc = { text, languageId: 'python', fileName: '/ws/train.py' };
const facts = findDeviceMaps(doc);
// Every map in the file must be evaluated completely, or the bench would measure a finder that gave up.
if (facts.maps.length < 9 || facts.maps.some((m) => m.entries.length !== 83 || m.partial))
  throw new Error(`bench input not understood: ${facts.maps.length} maps`);
let n = 0;
// A different file name each run: no cached parse, the cost of opening the file.
bench(
  `findDeviceMaps, Python ${text.split('\n').length - 1} lines, ${facts.maps.length} maps, cold`,
  () => findDeviceMaps({ ...doc, fileName: `/ws/cold${n++}.py` }),
  30,
  3,
);
// The same document after one keystroke in the middle: what re-linting while typing costs.
const mid = text.indexOf('def step_500');
let k = 0;
bench(
  'findDeviceMaps, same 10,000 lines after a one-character edit',
  () => {
    k++;
    findDeviceMaps({ ...doc, text: text.slice(0, mid) + `# ${k}\n` + text.slice(mid) });
  },
  30,
  3,
);

const json = JSON.stringify(
  {
    runs: Array.from({ length: 200 }, (_, r) => ({
      model_name_or_path: 'Qwen/Qwen2-7B',
      learning_rate: 1e-4,
      device_map: Object.fromEntries(Array.from({ length: 28 }, (_, j) => [`model.layers.${j}`, j < 14 ? 0 : 1])),
      run: r,
    })),
  },
  null,
  2,
);
const jdoc = { text: json, languageId: 'json', fileName: '/ws/runs.json' };
bench(`findDeviceMaps, JSON ${json.split('\n').length} lines, ${findDeviceMaps(jdoc).maps.length} maps`, () => findDeviceMaps(jdoc), 30, 3);

const literal = `dm = {\n${Array.from({ length: 80 }, (_, j) => `    "model.layers.${j}": ${j < 40 ? 0 : 1},  # block ${j}`).join('\n')}\n}\nm = AutoModelForCausalLM.from_pretrained("x", device_map=dm)\n`;
const ldoc = { text: literal, languageId: 'python', fileName: '/ws/a.py' };
const lmap = findDeviceMaps(ldoc).maps[0]!;
const moves = new Map(Array.from({ length: 20 }, (_, j) => [`model.layers.${30 + j}`, 1] as [string, number]));
bench('setDevices, 20 changes in an 80-entry commented dict', () => setDevices(ldoc, lmap, moves), 50, 5);
