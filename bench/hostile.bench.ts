/**
 * Issue 18's hostile inputs, timed cold on the calling thread (what the CLI, the
 * language server and the web build pay). The desktop extension runs these on its
 * worker thread, so its host never pays them (test/node/finder/hostThread.test.ts
 * bounds the host's share by a step count). The tests only assert termination and
 * bounded output; speed is read here.
 */
import { analyzeDocument } from '../src/core/analysis/index';
import type { AnalysisEnv } from '../src/core/analysis/api';
import { modelFromConfig } from '../src/core/models/registry';
import { catalogueConfig } from '../src/core/models/catalogue/index';
import { DEFAULT_SETUP } from '../src/core/settings';
import { LineIndex } from '../src/core/text/lineIndex';
import { bench } from './harness';

const tree = modelFromConfig(catalogueConfig('gpt2')!);
const env: AnalysisEnv = { setup: DEFAULT_SETUP, lookupModel: () => ({ status: 'ok', tree, origin: 'bench' }) };
const HEAD = 'from transformers import AutoModelForCausalLM\n';
// A new file name per run: cold, no cached facts or memoized findings (the same name would time a cache hit).
let run = 0;
const py = (text: string) => ({ text, languageId: 'python', fileName: `/bench/hostile-${run++}.py` });

const cases: Record<string, string> = {
  'comprehension range(20000) x range(20000) (was 28 s)': `${HEAD}device_map = {f"x.{i}.{j}": 0 for i in range(20000) for j in range(20000)}\nm = AutoModelForCausalLM.from_pretrained("gpt2", device_map=device_map)\n`,
  'string doubling s = s + s x60': `${HEAD}s = "gpt2"\n${'s = s + s\n'.repeat(60)}m = AutoModelForCausalLM.from_pretrained(s, device_map="auto")\n`,
  // Grows for real through range(len(a)) (`.items()` is not evaluated, so a chain spelled with it never grew).
  'doubling {**a, **{...}} merges x16': `${HEAD}a = {"transformer.wte": 0}\n${Array.from({ length: 16 }, (_, n) => `a = {**a, **{f"transformer.h.{j}.${n}": 0 for j in range(len(a))}}`).join('\n')}\nm = AutoModelForCausalLM.from_pretrained("gpt2", device_map=a)\n`,
  'a chain of big ** merges': `${HEAD}a = {f"transformer.h.{j}": 0 for j in range(5000)}\n${'a = {**a, **a, **a, **a}\n'.repeat(30)}m = AutoModelForCausalLM.from_pretrained("gpt2", device_map=a)\n`,
  // It names device_map, or the pre-filter would skip it and the case would time nothing.
  'budget-exhausting file': `${HEAD}${Array.from({ length: 40 }, (_, i) => `x${i} = [j * 2 for j in range(20000)]`).join('\n')}\ndevice_map = {"transformer.wte": 0}\n`,
};
for (const [name, text] of Object.entries(cases)) bench(`analyzeDocument, ${name}`, () => analyzeDocument(py(text), env), 5, 1);

const dict = (n: number): string => `{\n${Array.from({ length: n }, (_, i) => `  "transformer.h.${i}": 0`).join(',\n')}\n}\n`;
for (const n of [20_000, 100_000]) {
  const text = dict(n);
  const offsets = Array.from({ length: n }, (_, i) => Math.floor((i / n) * text.length));
  bench(
    `LineIndex: ${n}-line dict, a position per line (was quadratic)`,
    () => {
      const idx = new LineIndex(text);
      for (const o of offsets) idx.lineColumn(o);
    },
    5,
    1,
  );
}
