/**
 * What a completion costs when it is asked right after a keystroke, before the debounced analysis of
 * the new text has come back (issue 18: the extension no longer runs the finder on its host then):
 *   host   — the old path: the finder (incremental parse and evaluation) and the completion, on the host;
 *   worker — the desktop build's path: the facts of exactly that text from the worker thread
 *            (src/extension/finder/answerFacts.ts), then the same completion on the host.
 * The two are timed interleaved (host, worker, host, worker...) on the same edits. Wall time from
 * asking to answer; no key: these are not budgets of issue 16, only the price of the worker's round trip.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { completeAt } from '../src/core/analysis/index';
import type { AnalysisEnv } from '../src/core/analysis/api';
import { modelFromConfig } from '../src/core/models/registry';
import { DEFAULT_SETUP, GIB } from '../src/core/settings';
import { OffThreadFinder } from '../src/extension/finder/offThread';
import { nodeWorker } from '../src/extension/finder/nodeWorker';
import { AnswerFacts } from '../src/extension/finder/answerFacts';
import { LLAMA_70B_CONFIG } from './llama70b';
import { report, runsFor } from './harness';

const ROOT = process.cwd();
execFileSync('node', ['esbuild.mjs', 'finderWorker'], { cwd: ROOT, stdio: 'pipe' });

const llama70b = modelFromConfig(LLAMA_70B_CONFIG);
const env: AnalysisEnv = {
  setup: { ...DEFAULT_SETUP, gpus: Array.from({ length: 4 }, () => ({ name: 'A100 80 GB', memory: 80 * GIB })) },
  lookupModel: () => ({ status: 'ok', tree: llama70b, origin: 'bench' }),
};

/** The analysis bench's 300-entry map (a normal file), and a 1,500-line script with 40 maps. */
const subs = ['self_attn', 'mlp', 'input_layernorm', 'post_attention_layernorm'];
const entries = Array.from({ length: 300 }, (_, e) => `    "model.layers.${Math.floor(e / 4)}.${subs[e % 4]}": ${Math.floor(e / 75)},`);
const fine = `import torch\nfrom transformers import AutoModelForCausalLM\ndm = {\n${entries.join('\n')}\n}\nm = AutoModelForCausalLM.from_pretrained("meta-llama/Llama-2-70b-hf", device_map=dm)\n`;
const script = ['import torch', 'from transformers import AutoModelForCausalLM'];
for (let i = 0; i < 40; i++) {
  script.push(`def step_${i}(model, batch):`, '    loss = model(**batch).loss', '    loss.backward()', '');
  script.push(`dm_${i} = {f"model.layers.{j}": j // 20 for j in range(80)}`, `dm_${i}["model.layers.41.mlp"] = ${i % 4}`);
  script.push(`m_${i} = AutoModelForCausalLM.from_pretrained("meta-llama/Llama-2-70b-hf", device_map=dm_${i})`, '');
}
for (let i = 0; i < 1000; i++) script.push(`# padding line ${i}`);
const long = script.join('\n');

async function compare(name: string, text: string, key: string): Promise<void> {
  const at = text.indexOf(key) + key.length - 3;
  if (at < key.length) throw new Error(`no ${key} in the bench text`);
  // One character typed (and taken back) inside the map, as a completion request after a keystroke sees it.
  const edited = (k: number) => ({ text: `${text.slice(0, at)}${k % 2 ? 'x' : ''}${text.slice(at)}`, languageId: 'python' });
  const worker = new OffThreadFinder(nodeWorker(join(ROOT, 'dist/finder-worker.js')));
  const facts = new AnswerFacts(worker);
  const n = runsFor(40, 5);
  const host: number[] = [];
  const off: number[] = [];
  try {
    for (let i = 0; i < n.warmup + n.runs; i++) {
      let t0 = performance.now();
      const a = completeAt({ ...edited(i), fileName: '/ws/host.py' }, at, env);
      const tHost = performance.now() - t0;
      t0 = performance.now();
      const doc = { ...edited(i), fileName: '/ws/worker.py' };
      const run = await facts.ready(doc);
      const b = run!(() => completeAt(doc, at, env));
      const tWorker = performance.now() - t0;
      if (a.length !== b.length) throw new Error(`different answers: ${a.length} vs ${b.length} items`);
      if (i >= n.warmup) (host.push(tHost), off.push(tWorker));
    }
  } finally {
    worker.dispose();
  }
  report(`completion after a keystroke, ${name}: host finder + completion`, host);
  report(`completion after a keystroke, ${name}: worker facts + completion`, off);
}

async function main(): Promise<void> {
  await compare('300-entry map', fine, '"model.layers.41.mlp"');
  await compare('1,200-line script, 40 maps', long, 'dm_7["model.layers.41');
}
void main();
