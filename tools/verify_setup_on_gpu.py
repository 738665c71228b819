#!/usr/bin/env python3
"""Run the Python scripts `device-map init` writes, on a real GPU, and check them (issue 17).

Layout under --root (prepared on the machine that has Node, carried to the GPU host):
    models/<name>/config.json     the model's config (random bf16 weights and a small word-level
                                  tokenizer are written beside it here: no Hub on the GPU host)
    <setup>/infer.py|train.py     what `device-map init --model <root>/models/<name> --out <root>/<setup>` wrote

Each script runs in its own process from its own folder (the generated paths are relative to it),
with two edits a real user makes too: a small synthetic dataset where the script leaves
`train_dataset = None`, and `max_steps=2` so a check takes seconds. Recorded per script: exit
code, the tail of its output, `model.hf_device_map` against the script's own `device_map`, and
`torch.cuda.max_memory_allocated` per card against the estimate in the script's docstring.
Usage: python3 tools/verify_setup_on_gpu.py --root /tmp/gpuv --out verify.json
"""
import argparse
import json
import os
import re
import subprocess
import sys

WRAPPER = r'''
import json, os, re, runpy, sys, torch
path = sys.argv[1]
src = open(path).read()
m = re.search(r"at (\d+) × (\d+) tokens", src)
batch, seq = (int(m.group(1)), int(m.group(2))) if m else (1, 128)
if "train_dataset = None" in src:
    src = src.replace("train_dataset = None", "train_dataset = [{'input_ids': list(range(3, 3 + %d)), 'attention_mask': [1] * %d, 'labels': list(range(3, 3 + %d))} for _ in range(16)]" % (seq, seq, seq))
    src = src.replace('output_dir="out",', 'output_dir="out", max_steps=2, report_to=[], save_strategy="no", logging_steps=1,')
ns = {"__name__": "__main__", "__file__": path}
exec(compile(src, path, "exec"), ns)
model = ns.get("model")
hf = None
for cand in (model, getattr(model, "base_model", None), getattr(getattr(model, "base_model", None), "model", None)):
    if cand is not None and getattr(cand, "hf_device_map", None) is not None:
        hf = {k: (v if isinstance(v, (int, str)) else str(v)) for k, v in cand.hf_device_map.items()}
        break
want = ns.get("device_map")
print("@@RESULT " + json.dumps({
    "hf_device_map": hf,
    "device_map": want if isinstance(want, (dict, str)) else None,
    "peak": [torch.cuda.max_memory_allocated(i) for i in range(torch.cuda.device_count())],
}))
'''


def make_model(folder):
    import torch
    import transformers
    from tokenizers import Tokenizer, models, pre_tokenizers

    if os.path.exists(os.path.join(folder, "model.safetensors")) or os.path.exists(os.path.join(folder, "model.safetensors.index.json")):
        return
    cfg = json.load(open(os.path.join(folder, "config.json")))
    cfg = {k: v for k, v in cfg.items() if k not in ("transformers_version", "torch_dtype")}
    config = transformers.AutoConfig.for_model(cfg.pop("model_type"), **cfg)
    cls = getattr(transformers, config.architectures[0])
    with torch.device("cuda:0"):
        model = cls._from_config(config, dtype=torch.bfloat16)
    model.save_pretrained(folder)
    del model
    torch.cuda.empty_cache()
    vocab = {f"w{i}": i for i in range(min(config.vocab_size, 2000))}
    vocab["[UNK]"] = len(vocab)
    tok = Tokenizer(models.WordLevel(vocab=vocab, unk_token="[UNK]"))
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    fast = transformers.PreTrainedTokenizerFast(tokenizer_object=tok, unk_token="[UNK]", pad_token="[UNK]", eos_token="[UNK]")
    fast.save_pretrained(folder)


def estimated(src):
    return {int(m.group(1)): float(m.group(2)) for m in re.finditer(r"cuda:(\d+)\s+([\d.]+) GiB of", src)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", required=True)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    root = os.path.abspath(args.root)
    for name in sorted(os.listdir(os.path.join(root, "models"))):
        make_model(os.path.join(root, "models", name))
    results = []
    for setup in sorted(os.listdir(root)):
        folder = os.path.join(root, setup)
        if setup == "models" or not os.path.isdir(folder):
            continue
        for script in sorted(f for f in os.listdir(folder) if f.endswith(".py")):
            path = os.path.join(folder, script)
            p = subprocess.run([sys.executable, "-c", WRAPPER, path], cwd=folder, capture_output=True, text=True, timeout=900,
                               env={**os.environ, "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"})
            line = next((l for l in p.stdout.splitlines() if l.startswith("@@RESULT ")), None)
            got = json.loads(line[len("@@RESULT "):]) if line else None
            est = estimated(open(path).read())
            row = {"setup": setup, "script": script, "rc": p.returncode, "tail": (p.stdout + p.stderr)[-1500:],
                   "estimate_gib": est}
            if got:
                row.update(got)
                row["same_map"] = got["hf_device_map"] == got["device_map"] if isinstance(got["device_map"], dict) else None
                row["peak_gib"] = [b / 2**30 for b in got["peak"]]
            results.append(row)
            print(f"{setup}/{script}: rc={p.returncode} same_map={row.get('same_map')} peak={row.get('peak_gib')} est={est}", flush=True)
            with open(args.out, "w") as f:
                json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()
