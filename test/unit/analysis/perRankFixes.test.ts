/** DM019/DM020 quick fixes write the rank in the file's own style (issue 12); each is one action, and re-checking is clean. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDocument } from '../../../src/core/analysis/analyze';
import { codeActionsFor } from '../../../src/core/analysis/codeActions';
import type { AnalysisEnv, CodeAction, SourceDocument } from '../../../src/core/analysis/api';
import type { TextEdit } from '../../../src/core/text/types';
import { loadExample } from './exampleEnv';

function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.offset - a.offset)) out = out.slice(0, e.offset) + e.text + out.slice(e.offset + e.length);
  return out;
}

/** The fixture's env and model with another body (its header lines kept). */
function withBody(fixture: string, body: string): { doc: SourceDocument; env: AnalysisEnv } {
  const ex = loadExample(fixture);
  const header = ex.doc.text
    .split('\n')
    .filter((l) => l.startsWith('# '))
    .join('\n');
  return { doc: { ...ex.doc, text: `${header}\n${body}` }, env: ex.env };
}

function fixesFor(code: string, doc: SourceDocument, env: AnalysisEnv): CodeAction[] {
  const { findings } = analyzeDocument(doc, env);
  const f = findings.find((x) => x.code === code);
  assert.ok(f, `${code} raised`);
  return codeActionsFor(doc, f, findings, env).filter((a) => a.fixes.includes(code));
}

function appliedClean(code: string, doc: SourceDocument, env: AnalysisEnv, a: CodeAction): string {
  const text = applyEdits(doc.text, a.edits);
  const after = analyzeDocument({ ...doc, text }, env).findings;
  assert.deepEqual(
    after.map((f) => `${f.code} ${f.message}`),
    [],
    `"${a.title}" left findings:\n${text}`,
  );
  return text.replace(/^# .*\n/gm, '');
}

const TRAIN = 'trainer = Trainer(model=model, args=TrainingArguments(output_dir="out"), train_dataset=None)\ntrainer.train()\n';

test('DM019: a rank variable the file already has is reused, nothing else is added', () => {
  const { doc, env } = withBody(
    'dm019_ddp_auto.py',
    'import os\nfrom transformers import AutoModelForCausalLM, Trainer, TrainingArguments\n\nrank = int(os.environ["LOCAL_RANK"])\n' +
      `model = AutoModelForCausalLM.from_pretrained("./models/tiny-llama", device_map="auto")\n${TRAIN}`,
  );
  const [one] = fixesFor('DM019', doc, env);
  assert.equal(one!.edits.length, 1);
  assert.match(appliedClean('DM019', doc, env, one!), /\nrank = int\(os.environ\["LOCAL_RANK"\]\)\nmodel = .*device_map=\{"": rank\}\)/);
});

test("DM019 in a function with no import of os: the import at the top, the rank read at the call's indentation, single quotes kept", () => {
  const { doc, env } = withBody(
    'dm019_ddp_auto.py',
    'from transformers import AutoModelForCausalLM, Trainer, TrainingArguments\n\n\ndef main():\n' +
      "    model = AutoModelForCausalLM.from_pretrained('./models/tiny-llama', device_map='auto')\n" +
      TRAIN.replace(/^/gm, '    ').trimEnd() +
      '\n\n\nmain()\n',
  );
  const [one] = fixesFor('DM019', doc, env);
  assert.equal(one!.preferred, true);
  const text = appliedClean('DM019', doc, env, one!);
  assert.ok(text.startsWith('import os\nfrom transformers'), text);
  assert.match(text, /\n {4}local_rank = int\(os.environ.get\("LOCAL_RANK", 0\)\)\n {4}model = .*device_map=\{'': local_rank\}\)/);
});

test('DM019 hybrid on four cards: max_memory keyed by the rank and the bypass, one action; none on two cards', () => {
  const ex = loadExample('dm019_hybrid_four_cards.py');
  const [, hybrid] = fixesFor('DM019', ex.doc, ex.env);
  assert.ok(hybrid, 'hybrid offered');
  const text = appliedClean('DM019', ex.doc, ex.env, hybrid);
  assert.match(text, /os.environ.setdefault\("ACCELERATE_BYPASS_DEVICE_MAP", "true"\)\nlocal_rank = accelerator.local_process_index\n/);
  assert.match(text, /max_memory=\{2 \* local_rank: "24GiB", 2 \* local_rank \+ 1: "24GiB"\}/);
  const two = loadExample('dm019_ddp_auto.py');
  assert.deepEqual(
    fixesFor('DM019', two.doc, two.env).map((a) => a.title),
    ['Load one whole copy per process: device_map={"": local_rank}'],
  );
});

test('DM020: the fixed card becomes the rank in its own spelling', () => {
  for (const [written, expected] of <Array<[string, string]>>[
    ['{"": 0}', '{"": local_rank}'],
    ['"cuda:0"', 'f"cuda:{local_rank}"'],
    ['torch.device("cuda", 0)', 'torch.device("cuda", local_rank)'],
  ]) {
    const { doc, env } = withBody(
      'dm020_qlora_card0.py',
      'import torch\nfrom transformers import AutoModelForCausalLM\n\n' +
        `model = AutoModelForCausalLM.from_pretrained("./models/tiny-llama", device_map=${written})\n`,
    );
    const [own] = fixesFor('DM020', doc, env);
    assert.match(appliedClean('DM020', doc, env, own!), new RegExp(`device_map=${expected.replace(/[(){}"]/g, '\\$&')}\\)`));
  }
});

test('no fix when no line can go above the call (a loader call inside another call spanning lines)', () => {
  const { doc, env } = withBody(
    'dm019_ddp_auto.py',
    'from transformers import AutoModelForCausalLM, Trainer, TrainingArguments\n\ntrainer = Trainer(\n' +
      '    model=AutoModelForCausalLM.from_pretrained("./models/tiny-llama", device_map="auto"),\n    args=TrainingArguments(output_dir="out"),\n)\ntrainer.train()\n',
  );
  assert.deepEqual(fixesFor('DM019', doc, env), []);
});
