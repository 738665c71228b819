import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asRecord, findPy, onlyMap, slice } from './helpers';

const HEAD = 'import torch\nfrom transformers import AutoModelForCausalLM\n';

test('dict literal passed directly: entries, spans, style', () => {
  const text = `${HEAD}model = AutoModelForCausalLM.from_pretrained(\n    "meta-llama/Llama-2-7b-hf",\n    device_map={\n        'model.embed_tokens': 0,\n        'lm_head': "cuda:1",  # head\n    },\n)\n`;
  const m = onlyMap(findPy(text));
  assert.equal(m.kind, 'dict');
  assert.deepEqual(asRecord(m), { 'model.embed_tokens': 0, lm_head: 1 });
  assert.equal(slice(text, m.entries[0]!.keySpan), "'model.embed_tokens'");
  assert.equal(slice(text, m.entries[1]!.value.span), '"cuda:1"');
  assert.equal(m.entries[0]!.value.style, 'int');
  assert.equal(m.entries[1]!.value.style, 'cuda-string');
  assert.equal(m.style?.indent, '        ');
  assert.equal(m.style?.quote, "'");
  assert.equal(m.style?.trailingComma, true);
  assert.equal(m.model?.name, 'meta-llama/Llama-2-7b-hf');
  assert.equal(m.model?.loaderClass, 'AutoModelForCausalLM');
  assert.equal(m.reachesModel, true);
  assert.equal(m.partial, false);
});

test('strategy strings, device strings, ints and torch.device at the top level', () => {
  const cases: Array<[string, string, unknown, string | undefined]> = [
    ['"auto"', 'strategy', undefined, undefined],
    ['"balanced_low_0"', 'strategy', undefined, undefined],
    ['"balance"', 'strategy', undefined, 'but found balance.'],
    ['"Auto"', 'strategy', undefined, 'but found Auto.'],
    ['"cuda:1"', 'device', 1, undefined],
    ['"cpu"', 'device', 'cpu', undefined],
    ['0', 'int', 0, undefined],
    ['-1', 'int', undefined, 'Device index must not be negative'],
    ['torch.device("cuda", 1)', 'device', 1, undefined],
    ['torch.device("cuda:0")', 'device', 0, undefined],
  ];
  for (const [src, kind, device, invalid] of cases) {
    const m = onlyMap(findPy(`${HEAD}m = AutoModelForCausalLM.from_pretrained("x", device_map=${src})\n`));
    assert.equal(m.kind, kind, src);
    assert.equal(m.value?.device, device, src);
    if (invalid) assert.ok(m.value?.invalid?.includes(invalid), `${src}: ${m.value?.invalid}`);
    else assert.equal(m.value?.invalid, undefined, src);
  }
});

test('variable assigned a dict, then item assignment, update, pop and loops', () => {
  const text = `${HEAD}dm = {"model.embed_tokens": 0}
for i in range(4):
    dm[f"model.layers.{i}"] = 0 if i < 2 else 1
dm["lm_head"] = 1
dm.update({"model.norm": 1}, **{"x": 0})
dm.pop("x")
extra = {"model.rotary_emb": 1}
merged = {**dm, **extra}
m = AutoModelForCausalLM.from_pretrained("x", device_map=merged)
`;
  const m = onlyMap(findPy(text));
  assert.deepEqual(asRecord(m), {
    'model.embed_tokens': 0,
    'model.layers.0': 0,
    'model.layers.1': 0,
    'model.layers.2': 1,
    'model.layers.3': 1,
    lm_head: 1,
    'model.norm': 1,
    'model.rotary_emb': 1,
  });
  assert.equal(m.partial, false);
  assert.equal(m.entries.find((e) => e.key === 'model.layers.3')?.origin, 'loop');
  assert.equal(slice(text, m.span), 'merged');
});

test('dict comprehension over range with conditional values', () => {
  const text = `${HEAD}n = 32\ndm = {f"model.layers.{i}": 0 if i < n // 2 else 1 for i in range(n)}\ndm.update({"model.embed_tokens": 0, "model.norm": 1, "lm_head": 1})\nm = AutoModelForCausalLM.from_pretrained("x", device_map=dm)\n`;
  const m = onlyMap(findPy(text));
  const rec = asRecord(m);
  assert.equal(Object.keys(rec).length, 35);
  assert.equal(rec['model.layers.15'], 0);
  assert.equal(rec['model.layers.16'], 1);
  assert.equal(m.entries[0]!.literal, false);
  assert.equal(m.entries[0]!.origin, 'comprehension');
  assert.equal(m.dictSpan, undefined);
});

test('anything not evaluable makes the map partial, never wrong', () => {
  const cases = [
    'dm = {"a": 0, **other}',
    'dm = {"a": 0}\nfor k in keys:\n    dm[k] = 1',
    'dm = {k: 0 for k in names}',
    'dm = {"a": 0}\nfill(dm)',
    'dm = {"a": 0}\nif big:\n    dm["b"] = 1',
    'dm = {"a": 0}\ndm[name] = 1',
  ];
  for (const c of cases) {
    const m = onlyMap(findPy(`${HEAD}${c}\nm = AutoModelForCausalLM.from_pretrained("x", device_map=dm)\n`));
    assert.equal(m.partial, true, c);
  }
  const unknownVar = onlyMap(findPy(`${HEAD}m = AutoModelForCausalLM.from_pretrained("x", device_map=args.device_map)\n`));
  assert.equal(unknownVar.kind, 'unknown');
  assert.equal(unknownVar.partial, true);
});

test('branches with a known condition run exactly; print() does not make a map partial', () => {
  const m = onlyMap(
    findPy(
      `${HEAD}N = 2\ndm = {"a": 0}\nif N > 1:\n    dm["b"] = 1\nelse:\n    dm["b"] = 0\nprint(dm)\nm = AutoModelForCausalLM.from_pretrained("x", device_map=dm)\n`,
    ),
  );
  assert.deepEqual(asRecord(m), { a: 0, b: 1 });
  assert.equal(m.partial, false);
});

test('max_memory keeps keys as written; dtype; BitsAndBytesConfig; CUDA_VISIBLE_DEVICES', () => {
  const text = `import os\nos.environ["CUDA_VISIBLE_DEVICES"] = "0,1,3"\n${HEAD}from transformers import BitsAndBytesConfig
q = BitsAndBytesConfig(load_in_4bit=True, bnb_4bit_use_double_quant=True, llm_int8_skip_modules=["lm_head", "mlp"], llm_int8_enable_fp32_cpu_offload=True)
m = AutoModelForCausalLM.from_pretrained("x", device_map="auto", max_memory={0: "20GiB", "cuda:1": "10GB", "cpu": 1000}, torch_dtype=torch.float16, quantization_config=q)
`;
  const m = onlyMap(findPy(text));
  assert.deepEqual(
    m.maxMemory?.entries.map((e) => [e.key, e.keyRaw, e.value]),
    [
      [0, '0', '20GiB'],
      ['cuda:1', '"cuda:1"', '10GB'],
      ['cpu', '"cpu"', 1000],
    ],
  );
  assert.equal(m.dtype, 'fp16');
  assert.deepEqual(m.quantization, { method: 'bnb-4bit', skipModules: ['lm_head', 'mlp'], cpuOffload: true, doubleQuant: true });
  assert.equal(slice(text, m.quantizationSpan!), 'q');
  assert.equal(m.visibleDevices, 3);
  const m8 = onlyMap(
    findPy(`${HEAD}m = AutoModelForCausalLM.from_pretrained("x", device_map="auto", load_in_8bit=True, dtype="bfloat16")\n`),
  );
  assert.equal(m8.quantization?.method, 'bnb-8bit');
  assert.equal(m8.dtype, 'bf16');
});

test('training detection and LoRA targets', () => {
  const text = `${HEAD}from peft import LoraConfig, get_peft_model\nm = AutoModelForCausalLM.from_pretrained("x", device_map="auto")\ncfg = LoraConfig(r=16, target_modules=["q_proj", "v_proj"])\nm = get_peft_model(m, cfg)\n`;
  const f = findPy(text);
  assert.equal(f.trains, true);
  assert.deepEqual(f.loraTargets, ['q_proj', 'v_proj']);
  assert.equal(f.loraRank, 16);
  for (const t of ['loss.backward()', 'opt = torch.optim.AdamW(m.parameters())', 'trainer = SFTTrainer(model=m)', 'Trainer(m).train()']) {
    assert.equal(findPy(`${HEAD}m = AutoModelForCausalLM.from_pretrained("x", device_map="auto")\n${t}\n`).trains, true, t);
  }
  assert.equal(findPy(`${HEAD}m = AutoModelForCausalLM.from_pretrained("x", device_map="auto")\nm.generate(x)\n`).trains, false);
});

test('model reference: constants, f-strings, keyword, config, revision, aliases, unresolved', () => {
  const ref = (body: string) => onlyMap(findPy(`${HEAD}${body}\n`));
  assert.equal(
    ref(
      'org = "meta-llama"\nsize = 13\nname = f"{org}/Llama-2-{size}b-hf"\nm = AutoModelForCausalLM.from_pretrained(name, device_map="auto")',
    ).model?.name,
    'meta-llama/Llama-2-13b-hf',
  );
  const kw = ref('m = AutoModelForCausalLM.from_pretrained(pretrained_model_name_or_path="./ckpt", revision="v2", device_map="auto")');
  assert.equal(kw.model?.name, './ckpt');
  assert.equal(kw.model?.revision, 'v2');
  const cfg = ref(
    'from transformers import AutoConfig\nc = AutoConfig.from_pretrained("Qwen/Qwen2-7B")\nm = AutoModelForCausalLM.from_config(c, device_map="auto")',
  );
  assert.equal(cfg.model?.name, 'Qwen/Qwen2-7B');
  const cfg2 = ref('m = AutoModelForCausalLM.from_pretrained(None, config=AutoConfig.from_pretrained("gpt2"), device_map="auto")');
  assert.equal(cfg2.model?.name, 'gpt2');
  const alias = ref('import transformers as tf\nm = tf.LlamaForCausalLM.from_pretrained("x", device_map={"": 0})');
  assert.equal(alias.model?.loaderClass, 'LlamaForCausalLM');
  assert.equal(alias.reachesModel, true);
  const peft = ref(
    'from peft import AutoPeftModelForCausalLM\nm = AutoPeftModelForCausalLM.from_pretrained("out/adapter", device_map="auto")',
  );
  assert.equal(peft.model?.name, 'out/adapter');
  assert.equal(peft.model?.loaderClass, 'AutoPeftModelForCausalLM');
  const un = ref('m = AutoModelForCausalLM.from_pretrained(args.model, device_map="auto")');
  assert.equal(un.model, undefined);
  assert.equal(un.modelUnresolved?.text, 'args.model');
  const kwargs = ref('kw = dict(device_map={"": 0}, torch_dtype=torch.bfloat16)\nm = AutoModelForCausalLM.from_pretrained("gpt2", **kw)');
  assert.deepEqual(asRecord(kwargs), { '': 0 });
  assert.equal(kwargs.dtype, 'bf16');
});

test('attn_implementation on the loader call is read for the memory estimate (issue 19)', () => {
  const m = onlyMap(findPy(`${HEAD}m = AutoModelForCausalLM.from_pretrained("x", device_map="auto", attn_implementation="eager")\n`));
  assert.equal(m.attention, 'eager');
  const f = onlyMap(
    findPy(`${HEAD}m = AutoModelForCausalLM.from_pretrained("x", device_map="auto", attn_implementation="flash_attention_2")\n`),
  );
  assert.equal(f.attention, 'flash');
  const none = onlyMap(findPy(`${HEAD}m = AutoModelForCausalLM.from_pretrained("x", device_map="auto", attn_implementation=args.attn)\n`));
  assert.equal(none.attention, undefined);
});

test('files that never mention device_map are skipped outright', () => {
  const f = findPy(`${HEAD}m = AutoModelForCausalLM.from_pretrained("x")\nloss.backward()\n`);
  assert.deepEqual(f, { maps: [], trains: false, problems: [] });
});

test('a device_map variable that reaches no loader is found but not analysed', () => {
  const f = findPy('device_map = {"model.layers.0": 0}\n');
  assert.equal(f.maps.length, 1);
  assert.equal(f.maps[0]!.reachesModel, false);
  const helper = onlyMap(findPy('build(device_map={"a": 0})\n'));
  assert.equal(helper.reachesModel, false);
});

test('offsets are UTF-16 with non-ASCII text before the map', () => {
  const text = `# モデル 🚀 café\nname = "modèle/😀"\nm = AutoModelForCausalLM.from_pretrained(name, device_map={"lm_head": "cuda:1"})\n`;
  const m = onlyMap(findPy(text));
  assert.equal(slice(text, m.entries[0]!.keySpan), '"lm_head"');
  assert.equal(slice(text, m.entries[0]!.value.span), '"cuda:1"');
  assert.equal(m.model?.name, 'modèle/😀');
  assert.equal(slice(text, m.model!.span), 'name');
});

test('string escapes and concatenation in keys', () => {
  const m = onlyMap(
    findPy(
      'm = AutoModel.from_pretrained("x", device_map={"model." "norm": 0, \'lm\\x5fhead\': 1, "model.layers.%d" % 3: 1, "model.layers.{}".format(4): 1, r"a\\b": 0})\n',
    ),
  );
  assert.deepEqual(Object.keys(asRecord(m)), ['model.norm', 'lm_head', 'model.layers.3', 'model.layers.4', 'a\\b']);
});

test('model behind a PeftModel wrapper and os.path.join paths', () => {
  const peft = onlyMap(
    findPy(
      `${HEAD}from peft import PeftModel\nbase = AutoModelForCausalLM.from_pretrained("meta-llama/Llama-2-7b-hf", torch_dtype=torch.float16)\nm = PeftModel.from_pretrained(base, "out/lora", device_map={"": 0})\n`,
    ),
  );
  assert.equal(peft.model?.name, 'meta-llama/Llama-2-7b-hf');
  const joined = onlyMap(
    findPy(
      `import os\n${HEAD}root = "/data/models"\nm = AutoModelForCausalLM.from_pretrained(os.path.join(root, "llama-7b"), device_map="auto")\n`,
    ),
  );
  assert.equal(joined.model?.name, '/data/models/llama-7b');
});

test('the __main__ block runs unconditionally; unknown branches still mark maps partial', () => {
  const text = `${HEAD}import os\nif __name__ == "__main__":\n    os.environ["CUDA_VISIBLE_DEVICES"] = "2"\n    dm = {"": 0}\n    m = AutoModelForCausalLM.from_pretrained("x", device_map=dm)\n`;
  const m = onlyMap(findPy(text));
  assert.equal(m.partial, false);
  assert.equal(m.visibleDevices, 1);
  // Inside a branch the values are exact; after it they are uncertain.
  const inside = onlyMap(
    findPy(
      `${HEAD}import sys\ndm = {"a": 0}\nif len(sys.argv) > 1:\n    dm["b"] = 1\n    m = AutoModelForCausalLM.from_pretrained("x", device_map=dm)\n`,
    ),
  );
  assert.equal(inside.partial, false);
  assert.deepEqual(asRecord(inside), { a: 0, b: 1 });
  const after = findPy(
    `${HEAD}import sys\ndm = {"a": 0}\nif len(sys.argv) > 1:\n    dm["b"] = 1\nm = AutoModelForCausalLM.from_pretrained("x", device_map=dm)\nm2 = AutoModelForCausalLM.from_pretrained("x", device_map=dm)\n`,
  );
  assert.equal(after.maps.length, 2);
  assert.ok(after.maps.every((m) => m.partial));
  const fn = findPy(
    `${HEAD}dm = {"a": 0}\ndef add():\n    dm["b"] = 1\n    return AutoModelForCausalLM.from_pretrained("x", device_map=dm)\nm = AutoModelForCausalLM.from_pretrained("y", device_map=dm)\n`,
  );
  assert.deepEqual(asRecord(fn.maps[0]!), { a: 0, b: 1 });
  assert.equal(fn.maps[0]!.partial, false);
  assert.deepEqual(asRecord(fn.maps[1]!), { a: 0 });
  assert.equal(fn.maps[1]!.partial, true);
  const names = onlyMap(
    findPy(
      `${HEAD}import sys\nif sys.argv[1] == "big":\n    name = "meta-llama/Llama-2-70b-hf"\nelse:\n    name = "meta-llama/Llama-2-7b-hf"\nm = AutoModelForCausalLM.from_pretrained(name, device_map="auto")\n`,
    ),
  );
  assert.equal(names.model, undefined);
  assert.equal(names.modelUnresolved?.text, 'name');
});

test('dict(zip(...)), dict.fromkeys and dict(pairs)', () => {
  const z = onlyMap(
    findPy(
      `${HEAD}keys = ["model.embed_tokens", "lm_head"]\nm = AutoModelForCausalLM.from_pretrained("x", device_map=dict(zip(keys, [0, "cuda:1"])))\n`,
    ),
  );
  assert.deepEqual(asRecord(z), { 'model.embed_tokens': 0, lm_head: 1 });
  assert.equal(z.partial, false);
  const f = onlyMap(
    findPy(
      `${HEAD}layers = [f"model.layers.{i}" for i in range(3)]\ndm = {**dict.fromkeys(layers, 1), "lm_head": 0}\nm = AutoModelForCausalLM.from_pretrained("x", device_map=dm)\n`,
    ),
  );
  assert.deepEqual(asRecord(f), { 'model.layers.0': 1, 'model.layers.1': 1, 'model.layers.2': 1, lm_head: 0 });
  assert.equal(f.entries[0]!.origin, 'comprehension');
  const p = onlyMap(findPy(`${HEAD}m = AutoModelForCausalLM.from_pretrained("x", device_map=dict([("a", 0), ("b", 1)]))\n`));
  assert.deepEqual(asRecord(p), { a: 0, b: 1 });
});

test('attributes set in one method are seen in another; match bodies are searched', () => {
  const cls = onlyMap(
    findPy(
      `${HEAD}class Loader:\n    def __init__(self):\n        self.name = "org/model"\n        self.dm = {"": 0}\n    def load(self):\n        return AutoModelForCausalLM.from_pretrained(self.name, device_map=self.dm)\n`,
    ),
  );
  assert.equal(cls.model?.name, 'org/model');
  assert.deepEqual(asRecord(cls), { '': 0 });
  const m = onlyMap(
    findPy(`${HEAD}match mode:\n    case "big":\n        m = AutoModelForCausalLM.from_pretrained("x", device_map="balanced")\n`),
  );
  assert.equal(m.kind, 'strategy');
});

test('pipeline model_kwargs carry the device_map', () => {
  const m = onlyMap(
    findPy(
      `from transformers import pipeline\nmk = {"device_map": {"": 1}, "torch_dtype": "float16"}\np = pipeline("text-generation", model="gpt2", model_kwargs=mk)\n`,
    ),
  );
  assert.deepEqual(asRecord(m), { '': 1 });
  assert.equal(m.model?.name, 'gpt2');
  assert.equal(m.dtype, 'fp16');
});

test('a string still being typed is not evaluated (no false strategy error mid-keystroke)', () => {
  const m = onlyMap(findPy('m = AutoModel.from_pretrained("x", device_map="ba'));
  assert.equal(m.kind, 'unknown');
  assert.equal(m.value, undefined);
  const d = onlyMap(findPy('m = AutoModel.from_pretrained("x", device_map={"a": 0, "lm_head": "cu'));
  assert.equal(d.partial, true);
  assert.equal(d.entries.find((e) => e.key === 'lm_head')?.value.invalid, undefined);
});

test('a key written twice is reported once, at its overridden spelling', () => {
  const text = `${HEAD}dm = {"lm_head": 0, "model": 0, "lm_head": 1}\nm = AutoModelForCausalLM.from_pretrained("x", device_map=dm)\nm2 = AutoModelForCausalLM.from_pretrained("y", device_map=dm)\n`;
  const f = findPy(text);
  assert.equal(f.problems.length, 1);
  assert.equal(slice(text, f.problems[0]!.span), '"lm_head"');
  assert.ok(f.problems[0]!.span.start < text.indexOf('"model"'));
  assert.equal(asRecord(f.maps[0]!)['lm_head'], 1);
});

test('a model read from the command line is checked as its declared default, and marked so', () => {
  const ap = onlyMap(
    findPy(
      `${HEAD}import argparse\np = argparse.ArgumentParser()\np.add_argument("--model-name", type=str, default="meta-llama/Llama-2-7b-hf")\nargs = p.parse_args()\nm = AutoModelForCausalLM.from_pretrained(args.model_name, device_map="auto")\n`,
    ),
  );
  assert.equal(ap.model?.name, 'meta-llama/Llama-2-7b-hf');
  assert.equal(ap.model?.fromDefault, true);
  assert.equal(ap.modelUnresolved?.defaultName, 'meta-llama/Llama-2-7b-hf');
  assert.match(ap.modelUnresolved?.reason ?? '', /command line/);
  const dc = onlyMap(
    findPy(
      `${HEAD}from dataclasses import dataclass, field\n@dataclass\nclass ModelArguments:\n    model_name_or_path: Optional[str] = field(default="Qwen/Qwen2-7B", metadata={"help": "x"})\n    cache_dir: str = "c"\nm = AutoModelForCausalLM.from_pretrained(model_args.model_name_or_path, device_map="auto")\n`,
    ),
  );
  assert.equal(dc.modelUnresolved?.defaultName, 'Qwen/Qwen2-7B');
  const none = onlyMap(findPy(`${HEAD}m = AutoModelForCausalLM.from_pretrained(args.model, device_map="auto")\n`));
  assert.equal(none.modelUnresolved?.defaultName, undefined);
  assert.equal(none.model, undefined);
});

test('full fine-tuning: a Trainer or SFTTrainer with no peft in the file (issue 17)', () => {
  const load = `${HEAD}m = AutoModelForCausalLM.from_pretrained("x", device_map="auto")\n`;
  for (const t of ['trainer = SFTTrainer(model=m)', 'Trainer(m).train()', 'transformers.Trainer(model=m, args=args)'])
    assert.equal(findPy(`${load}${t}\n`).fullFineTuning, true, t);
  for (const peft of [
    'from peft import get_peft_model\nm = get_peft_model(m, cfg)',
    'cfg = LoraConfig(r=8)',
    'm = PeftModel.from_pretrained(m, "adapter")',
  ])
    assert.equal(findPy(`${load}${peft}\ntrainer = SFTTrainer(model=m)\n`).fullFineTuning, undefined, peft);
  // Training without a Trainer (a hand-written loop) is not taken for full fine-tuning; neither is inference.
  assert.equal(findPy(`${load}loss.backward()\n`).fullFineTuning, undefined);
  assert.equal(findPy(`${load}m.generate(x)\n`).fullFineTuning, undefined);
});
