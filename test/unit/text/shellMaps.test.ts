/** ms-swift command lines in shell scripts: the map inside the quotes, with spans carried through the shell quoting. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findDeviceMaps } from '../../../src/core/text/find';
import { spannedCommands, sourceSpan } from '../../../src/core/text/shell/spannedWords';

const sh = (text: string, fileName = '/ws/train.sh') => findDeviceMaps({ text, languageId: 'shellscript', fileName });
const at = (text: string, s: { start: number; end: number }) => text.slice(s.start, s.end);

test('words keep the source place of every character through quotes, escapes and continuations', () => {
  // A prefix assignment is the command's own environment; `$A` reads the one on the line before, as bash does.
  const text = `A="x\\"y"\nB='p q' \\\n  cmd "$A" 'lit'\\\n"c"`;
  const [, c] = spannedCommands(text);
  assert.deepEqual(
    c!.words.map((w) => w.text),
    ['cmd', 'x"y', 'litc'],
  );
  const expanded = c!.words[1]!;
  // `$A` expands to the assignment's value: its characters point back there.
  assert.equal(at(text, sourceSpan(expanded, { start: 1, end: 2 })), '"');
  assert.equal(at(text, sourceSpan(expanded, { start: 0, end: 3 })), 'x\\"y');
  // A word joined across a continuation maps each part to its own line.
  assert.equal(at(text, sourceSpan(c!.words[2]!, { start: 3, end: 4 })), 'c');
  assert.equal(c!.env.get('B')?.text, 'p q');
});

test('heredoc bodies and comments are not commands', () => {
  const text = `cat <<EOF\nswift sft --device_map balance\nEOF\n# swift sft --device_map balance\necho done`;
  assert.deepEqual(
    spannedCommands(text).map((c) => c.words[0]?.text),
    ['cat', 'echo'],
  );
  assert.equal(sh(text).maps.length, 0);
});

test('a JSON map in single quotes: entries point inside the quotes, model, dtype, max_memory and bnb from the line', () => {
  const text = [
    'export CUDA_VISIBLE_DEVICES=0,1',
    'NPROC_PER_NODE=1 swift sft \\',
    '  --model Qwen/Qwen2.5-7B-Instruct \\',
    `  --device_map '{"model.embed_tokens": 0,`,
    `     "model.layers.0": 1}' \\`,
    '  --torch_dtype bfloat16 --quant_method bnb --quant_bits 4 \\',
    `  --max_memory '{0: "20GB", "cpu": "64GB"}'`,
  ].join('\n');
  const facts = sh(text);
  assert.equal(facts.maps.length, 1);
  const m = facts.maps[0]!;
  assert.equal(m.kind, 'dict');
  assert.deepEqual(
    m.entries.map((e) => [at(text, e.keySpan), at(text, e.value.span), e.value.device]),
    [
      ['"model.embed_tokens"', '0', 0],
      ['"model.layers.0"', '1', 1],
    ],
  );
  assert.ok(m.dictSpan && at(text, m.dictSpan).startsWith('{"model.embed_tokens"') && at(text, m.dictSpan).endsWith('1}'));
  assert.equal(m.model?.name, 'Qwen/Qwen2.5-7B-Instruct');
  assert.equal(at(text, m.model!.span), 'Qwen/Qwen2.5-7B-Instruct');
  assert.equal(m.dtype, 'bf16');
  assert.equal(m.quantization?.method, 'bnb-4bit');
  assert.equal(m.visibleDevices, 2);
  assert.deepEqual(
    m.maxMemory?.entries.map((e) => [e.key, e.value, at(text, e.valueSpan)]),
    [
      [0, '20GB', '"20GB"'],
      ['cpu', '64GB', '"64GB"'],
    ],
  );
  assert.equal(facts.trains, true);
});

test('LoRA rank and named target modules feed the training estimate; all-linear names none', () => {
  const f = sh('swift sft --model m --device_map \'{"": 0}\' --lora_rank 16 --target_modules q_proj v_proj');
  assert.equal(f.loraRank, 16);
  assert.deepEqual(f.loraTargets, ['q_proj', 'v_proj']);
  assert.equal(sh('swift sft --model m --device_map \'{"": 0}\' --target_modules all-linear').loraTargets, undefined);
});

test('double quotes with escapes: spans still land on the key, and the map takes no edits there', () => {
  const text = `swift infer --model m --device_map "{\\"lm_head\\": \\"cuda:1\\"}"`;
  const m = sh(text).maps[0]!;
  const e = m.entries[0]!;
  assert.equal(e.key, 'lm_head');
  assert.equal(e.value.device, 1);
  assert.equal(at(text, e.keySpan), '\\"lm_head\\"'.slice(1));
  assert.equal(e.literal, false);
  assert.equal(m.dictSpan, undefined);
  assert.equal(sh(text).trains, false);
});

test('a map in a shell variable points at the assignment', () => {
  const text = `DM='{"": "cuda:9"}'\nswift sft --model m --device_map "$DM"`;
  const m = sh(text).maps[0]!;
  assert.equal(at(text, m.entries[0]!.value.span), '"cuda:9"');
  assert.ok(m.entries[0]!.value.span.end < text.indexOf('\n'));
});

test('strategies, ints, 2.x spellings, files and unknown models', () => {
  const strat = sh('swift sft --model m --device-map=balance');
  assert.equal(strat.maps[0]!.kind, 'strategy');
  assert.match(strat.maps[0]!.value!.invalid!, /balanced/);
  assert.equal(sh('swift export --model m --device_map 0').maps[0]!.kind, 'int');
  const old = sh('swift sft --model_id_or_path qwen --device_map_config \'{"": 0}\' --device_max_memory 15GB 15GB --quantization_bit 8');
  const m = old.maps[0]!;
  assert.equal(m.model?.name, 'qwen');
  assert.deepEqual(
    m.maxMemory?.entries.map((e) => [e.key, e.value]),
    [
      [0, '15GB'],
      [1, '15GB'],
    ],
  );
  assert.equal(m.quantization?.method, 'bnb-8bit');
  // --quant_bits without --quant_method: ms-swift 3+ loads without quantization.
  assert.equal(sh('swift sft --model m --device_map auto --quant_bits 4').maps[0]!.quantization, undefined);
  const fileFacts = sh('swift sft --model m --device_map ./dm.json');
  const file = fileFacts.maps[0]!;
  assert.equal(file.kind, 'unknown');
  assert.equal(file.partial, true);
  // What is not read is said, as information, at the path.
  assert.match(fileFacts.problems[0]!.message, /from the file \.\/dm\.json when the run starts/);
  const v = sh('swift sft --model "$MODEL" --device_map auto').maps[0]!;
  assert.equal(v.model, undefined);
  assert.equal(v.modelUnresolved?.text, '$MODEL');
  assert.equal(sh('swift sft --model m').maps.length, 0);
  const unknown = sh('swift sft --model m --device_map "$DEVICE_MAP"').maps[0]!;
  assert.equal(unknown.kind, 'unknown');
  assert.equal(unknown.partial, true);
  assert.equal(sh('swift web-ui --device_map auto').maps.length, 0);
});

test('JSON that json.loads rejects is said where it fails', () => {
  const text = `swift sft --model m --device_map '{"lm_head": 0,}'`;
  const f = sh(text);
  assert.equal(f.problems.length, 1);
  assert.match(f.problems[0]!.message, /json\.loads/);
  assert.equal(at(text, f.problems[0]!.span), '}');
  assert.equal(f.maps[0]!.entries[0]!.key, 'lm_head');
});

test('files that never mention swift or a map are not read; bad shell never throws', () => {
  assert.equal(sh('echo hello').maps.length, 0);
  for (const bad of [
    `swift sft --device_map '{`,
    'swift sft --model',
    `swift sft --device_map "{\\"`,
    '$(((',
    'cat <<',
    "swift sft --device_map '\\'",
  ]) {
    assert.doesNotThrow(() => sh(bad));
  }
});
