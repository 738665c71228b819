/** Edge cases of the rules that the recorded cases do not cover, on maps built directly. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeFacts } from '../../../src/core/analysis/analyzeFacts';
import { analyzeDocument } from '../../../src/core/analysis/analyze';
import type { AnalysisEnv } from '../../../src/core/analysis/api';
import { VSCODE_MODEL_HINTS } from '../../../src/extension/models/modelHints';
import { codes, envWith, fixtureModel, gpus, pyMap, tinyLlama, VALID_TINY } from './helpers';

const tiny = envWith(tinyLlama(), gpus(2));
const run = (entries: ReadonlyArray<readonly [string, string]>, opts: Parameters<typeof pyMap>[1] = {}, env: AnalysisEnv = tiny) => {
  const { doc, facts } = pyMap(entries, opts);
  return analyzeFacts(doc, facts, env);
};

test('0 and "cuda:0" are two devices: the map is then checked for coverage (DM017 + DM001)', () => {
  const f = run([
    ['model.embed_tokens', '0'],
    ['model.layers', '"cuda:0"'],
    ['model.norm', '0'],
  ]);
  assert.deepEqual(codes(f), ['DM001', 'DM017']);
  assert.match(f.find((x) => x.code === 'DM001')!.message, /lm_head\.weight/);
});

test('one device written one way: gaps are DM018 (loaded on the CPU), not DM001', () => {
  const f = run([
    ['model.embed_tokens', '0'],
    ['model.layers', '0'],
    ['model.norm', '0'],
  ]);
  assert.deepEqual(codes(f), ['DM018']);
  assert.equal(f[0]!.severity, 'warning');
});

test('"disk" makes even a one-device map checked for coverage', () => {
  assert.deepEqual(codes(run([['model', '"disk"']])), ['DM001']);
});

test('a partial map never reports anything missing', () => {
  const entries = VALID_TINY.filter(([k]) => k !== 'lm_head');
  assert.deepEqual(codes(run(entries, { extra: { partial: true } })), []);
  assert.deepEqual(codes(run([['model', '0']], { extra: { partial: true } })), []);
});

test('DM007 counts CUDA_VISIBLE_DEVICES when no GPUs are configured', () => {
  const env = envWith(tinyLlama());
  assert.deepEqual(codes(run(VALID_TINY, {}, env)), []);
  const f = run(VALID_TINY, { extra: { visibleDevices: 1 } }, env);
  assert.deepEqual(codes(f), ['DM007']);
  assert.match(f[0]!.message, /beyond the GPUs CUDA_VISIBLE_DEVICES leaves visible \(cuda:0\)/);
});

test('a pending model lookup says nothing; a failed one says why (DM016)', () => {
  const pending: AnalysisEnv = { setup: gpus(2), lookupModel: () => ({ status: 'pending' }) };
  assert.deepEqual(
    run(
      VALID_TINY.filter(([k]) => k !== 'lm_head'),
      {},
      pending,
    ),
    [],
  );
  const failed = run(VALID_TINY, {}, envWith(undefined, gpus(2), 'repository not found: acme/tiny'));
  assert.deepEqual(codes(failed), ['DM016']);
  assert.match(failed[0]!.message, /repository not found: acme\/tiny/);
  assert.equal(failed[0]!.severity, 'info');
});

test('DM013 allows {"": "cpu"} alone and fp32 CPU offload; refuses cpu next to GPUs', () => {
  const q = { quantization: { method: 'bnb-4bit' as const } };
  assert.deepEqual(codes(run([['', '"cpu"']], { extra: q })), []);
  const cpuHead = VALID_TINY.map(([k, v]) => [k, k === 'lm_head' ? '"cpu"' : v] as const);
  assert.deepEqual(codes(run(cpuHead, { extra: q })), ['DM013']);
  assert.deepEqual(codes(run(cpuHead, { extra: { quantization: { method: 'bnb-4bit', cpuOffload: true } } })), []);
});

test('DM010: a warning for offload while training without LoRA targets inside, an error with them', () => {
  const cpuLayer = VALID_TINY.map(([k, v]) => [k, k === 'model.layers.1' ? '"cpu"' : v] as const);
  const warn = run(cpuLayer, { trains: true });
  assert.deepEqual(
    warn.map((f) => [f.code, f.severity]),
    [['DM010', 'warning']],
  );
  const err = run(cpuLayer, { trains: true, loraTargets: ['v_proj'] });
  assert.deepEqual(
    err.map((f) => [f.code, f.severity]),
    [['DM010', 'error']],
  );
  assert.match(err[0]!.message, /MmBackward0/);
  assert.deepEqual(
    codes(run(cpuLayer, { trains: true, loraTargets: ['lm_head'] })).map((c) => c),
    ['DM010'],
  );
  assert.deepEqual(codes(run(cpuLayer)), []);
});

test('DM015 is silent when the captured layers are meant for the same device', () => {
  const llama7b = envWith(fixtureModel('llama-2-7b'), gpus(2));
  assert.deepEqual(
    codes(
      run(
        [
          ['', '0'],
          ['model.layers.1', '0'],
        ],
        {},
        llama7b,
      ),
    ),
    [],
  );
  const f = run(
    [
      ['', '1'],
      ['model.embed_tokens', '0'],
      ['model.layers.0', '0'],
      ['model.layers.1', '0'],
    ],
    {},
    llama7b,
  );
  assert.deepEqual(codes(f), ['DM015']);
  assert.match(f[0]!.message, /model\.layers\.10-19/);
});

test('DM005 on T5 (lm_head and both embeddings tied to "shared" in transformers 5)', () => {
  const t5 = envWith(fixtureModel('flan-t5-xl'), gpus(2));
  const ok = [
    ['shared', '0'],
    ['encoder', '0'],
    ['decoder.embed_tokens', '0'],
    ['decoder.block', '1'],
    ['decoder.final_layer_norm', '1'],
    ['lm_head', '0'],
  ] as const;
  assert.deepEqual(codes(run(ok, {}, t5)), []);
  const f = run(
    [
      ['shared', '0'],
      ['encoder', '0'],
      ['decoder', '1'],
      ['lm_head', '0'],
    ],
    {},
    t5,
  );
  assert.ok(codes(f).includes('DM005'), f.map((x) => x.message).join('\n'));
});

test('DM012 follows the configured reserve', () => {
  const llama7b = fixtureModel('llama-2-7b');
  const layers: Array<readonly [string, string]> = [['model.embed_tokens', '0']];
  for (let i = 0; i < 32; i++) layers.push([`model.layers.${i}`, i < 28 ? '0' : '1']);
  layers.push(['model.norm', '1'], ['lm_head', '1'], ['model.rotary_emb', '1']);
  const cards = gpus(2, 16);
  assert.deepEqual(codes(run(layers, { trains: true }, envWith(llama7b, cards))), ['DM012']);
  assert.deepEqual(codes(run(layers, { trains: true }, envWith(llama7b, { ...cards, trainingReserve: 2 * 2 ** 30 }))), []);
  assert.deepEqual(codes(run(layers, {}, envWith(llama7b, cards))), []);
});

test('capacity checks stay silent without a GPU setting', () => {
  const llama13b = fixtureModel('llama-2-13b');
  const f = run([['', '0']], { trains: true }, envWith(llama13b));
  assert.deepEqual(codes(f), []);
  assert.deepEqual(codes(run([['', '0']], {}, envWith(llama13b, gpus(1, 16)))), ['DM011']);
});

test('a float device reached through a variable is DM006 too (the finder marks it invalid)', () => {
  const text = [
    'from transformers import AutoModelForCausalLM',
    'g = 1.0',
    'dm = {"model.embed_tokens": 0, "model.layers": 0, "model.norm": 1, "lm_head": g, "model.rotary_emb": 1}',
    'm = AutoModelForCausalLM.from_pretrained("./tiny", device_map=dm)',
  ].join('\n');
  const f = analyzeDocument({ text, languageId: 'python', fileName: '/w/train.py' }, tiny).findings;
  const dm006 = f.filter((x) => x.code === 'DM006');
  assert.equal(dm006.length, 1);
  assert.match(dm006[0]!.message, /TypeError: device\(\) received an invalid combination of arguments - got \(float\)/);
});

test('DM016 on a whole-file *device_map*.json says it names no model and how to name one, not "not a string literal"', () => {
  const text = '{\n  "model.embed_tokens": 0,\n  "model.layers": 0,\n  "model.norm": 1,\n  "lm_head": 1\n}\n';
  const env = envWith(undefined, gpus(2), 'Model not resolved: the model name is not a string literal or constant in this file.');
  const f = analyzeDocument({ text, languageId: 'json', fileName: '/w/llama_device_map.json' }, env).findings;
  assert.deepEqual(codes(f), ['DM016']);
  assert.equal(f[0]!.severity, 'info');
  assert.match(f[0]!.message, /whole-file device_map names no model/);
  assert.match(f[0]!.message, /"model_name_or_path"/);
  assert.match(f[0]!.message, /point the model at a local checkpoint folder/, 'without face hints: plain words');
  assert.doesNotMatch(f[0]!.message, /string literal/);
  // Each face words the fix its own way: VS Code names its setting.
  const inVsCode = analyzeDocument(
    { text, languageId: 'json', fileName: '/w/llama_device_map.json' },
    { ...env, modelHints: VSCODE_MODEL_HINTS },
  ).findings;
  assert.match(inVsCode[0]!.message, /"deviceMapStudio\.models" setting/);
  // A config JSON that names its model keeps the resolver's reason.
  const named = analyzeDocument(
    { text: '{"model_name_or_path": "org/m", "device_map": {"": 0}}', languageId: 'json', fileName: '/w/train.json' },
    envWith(undefined, gpus(2), 'not in the cache'),
  ).findings;
  assert.match(
    named.find((x) => x.code === 'DM016')!.message,
    /"org\/m" is not resolved, so the structural checks are skipped\. Reason: not in the cache/,
  );
});

test('a key written twice: a warning (no DM code) on the earlier key that says which value Python keeps', () => {
  const text =
    'from transformers import AutoModelForCausalLM\nm = AutoModelForCausalLM.from_pretrained("tiny", device_map={\n    "model.embed_tokens": 0,\n    "model.layers": 0,\n    "model.norm": 1,\n    "lm_head": 1,\n    "model.layers": 1,\n})\n';
  const f = analyzeDocument({ text, languageId: 'python', fileName: '/w/x.py' }, tiny).findings.filter((x) => !/^DM\d{3}$/.test(x.code));
  assert.equal(f.length, 1, JSON.stringify(f));
  const d = f[0]!;
  assert.equal(d.code, 'duplicate-key');
  assert.equal(d.severity, 'warning');
  assert.equal(text.slice(d.start, d.end), '"model.layers"');
  assert.ok(d.start < text.lastIndexOf('"model.layers"'), 'on the earlier key, the one that is ignored');
  assert.match(d.message, /"model\.layers" is written twice .*Python keeps only the later value, 1 \(line 7\)/);
  assert.equal(text.slice(d.related![0]!.span.start, d.related![0]!.span.end), '"model.layers": 1');
  // JSON reads the same way (json.load keeps the last value).
  const json =
    '{"model_name_or_path": "tiny", "device_map": {"model.layers": 0, "model.layers": "cpu", "lm_head": 0, "model.embed_tokens": 0, "model.norm": 0}}';
  const j = analyzeDocument({ text: json, languageId: 'json', fileName: '/w/train.json' }, tiny).findings.filter(
    (x) => x.code === 'duplicate-key',
  );
  assert.equal(j.length, 1);
  assert.match(j[0]!.message, /keeps only the later value, "cpu" \(line 1\)/);
  // No duplicate, no such finding.
  assert.deepEqual(
    analyzeDocument(
      { text: text.replace('    "model.layers": 1,\n', ''), languageId: 'python', fileName: '/w/x.py' },
      tiny,
    ).findings.filter((x) => x.code === 'duplicate-key'),
    [],
  );
});

test('a model named on the command line is checked against the option default, and the user is told', () => {
  const text = [
    'import argparse',
    'from transformers import AutoModelForCausalLM',
    'p = argparse.ArgumentParser()',
    'p.add_argument("--model", default="meta-llama/Llama-2-7b-hf")',
    'args = p.parse_args()',
    'dm = {"model.embed_tokens": 0, "model.layers": 1, "model.norm": 1}',
    'm = AutoModelForCausalLM.from_pretrained(args.model, device_map=dm)',
  ].join('\n');
  const doc = { text, languageId: 'python', fileName: '/w/train.py' };
  // The default resolves: the real checks run (lm_head is missing: DM001) and an info says which model was assumed.
  const seen: string[] = [];
  const resolving: AnalysisEnv = {
    setup: gpus(2),
    lookupModel: (ref) => (seen.push(ref?.name ?? ''), { status: 'ok', tree: fixtureModel('llama-2-7b'), origin: 'test' }),
  };
  const ok = analyzeDocument(doc, resolving).findings;
  assert.ok(seen.includes('meta-llama/Llama-2-7b-hf'));
  assert.deepEqual(
    codes(ok).filter((c) => c.startsWith('DM')),
    ['DM001'],
  );
  const note = ok.find((x) => x.code === 'model-default')!;
  assert.match(note.message, /Checked against "meta-llama\/Llama-2-7b-hf", the default of args\.model/);
  assert.equal(text.slice(note.start, note.end), 'args.model');
  // The default does not resolve: DM016 says where the name comes from and that its default failed too.
  const failing = envWith(undefined, gpus(2), 'not in the cache and the Hub is off');
  const f = analyzeDocument(doc, failing).findings.filter((x) => x.code === 'DM016');
  assert.equal(f.length, 1);
  assert.match(f[0]!.message, /The model \(args\.model\) is not known before the script runs/);
  assert.match(f[0]!.message, /Its default "meta-llama\/Llama-2-7b-hf" did not resolve either \(not in the cache and the Hub is off\)/);
});
