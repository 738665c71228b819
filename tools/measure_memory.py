#!/usr/bin/env python3
"""Measure GPU memory per card for load, forward, generate and one LoRA step.

Random-init models (no weights can be downloaded) are built from config.json
files in tools/measure_configs/, placed with a device map exactly as
from_pretrained would (`_get_device_map` for a strategy, or a given map) and
dispatched with accelerate's `dispatch_model` (the hooks from_pretrained adds).
Every number is `torch.cuda.memory_allocated` / `max_memory_allocated` per GPU,
in bytes; the CUDA context itself is recorded apart (it is not in the allocator).

Between cases the cuBLAS workspaces are freed so that every case starts cold:
`load` holds weights only, the first matmul adds the workspace.

Usage: python3 tools/measure_memory.py --out measured.json [--set calibration|validation|four|extra|all] [--only NAME ...]
"""
import argparse
import copy
import gc
import json
import os
import sys
import time
import traceback

import torch
import transformers
from accelerate import dispatch_model
from transformers.integrations.accelerate import _get_device_map

HERE = os.path.dirname(os.path.abspath(__file__))
GiB = 1024**3

# name, config file, overrides, placement, runs. Placement: ("strategy", name, ngpus) or ("map", {...}).
CASES = [
    {
        "name": "llama-2-7b/balanced2",
        "config": "llama-2-7b.json",
        "placement": ("strategy", "balanced", 2),
        "lora_targets": ["q_proj", "v_proj"],
        "forward": [[1, 512], [4, 2048], [2, 8192]],
        "forward_nocache": [[1, 512], [4, 2048]],
        "generate": [[1, 512, 64], [8, 1024, 128]],
        "lora": [[1, 512], [4, 1024]],
    },
    {
        "name": "llama-2-7b/manual2",
        "config": "llama-2-7b.json",
        "placement": ("split", 2),
        "lora_targets": ["q_proj", "v_proj"],
        "forward": [[1, 512], [8, 2048]],
        "generate": [[4, 2048, 256]],
        "lora": [[2, 1024]],
    },
    {
        "name": "qwen2.5-7b/balanced2",
        "config": "qwen2.5-7b.json",
        "placement": ("strategy", "balanced", 2),
        "lora_targets": ["q_proj", "v_proj"],
        "forward": [[1, 512], [4, 2048]],
        "forward_nocache": [[4, 2048]],
        "generate": [[1, 512, 64], [8, 2048, 128]],
        "lora": [[1, 512], [2, 2048]],
    },
    {
        "name": "gpt2-xl/balanced2",
        "config": "gpt2-xl.json",
        "placement": ("strategy", "balanced", 2),
        "lora_targets": ["c_attn"],
        "forward": [[1, 512], [8, 1024]],
        "forward_nocache": [[8, 1024]],
        "generate": [[1, 512, 64], [16, 512, 256]],
        "lora": [[1, 512], [8, 1024]],
    },
    {
        "name": "mistral-7b-v0.3/single",
        "config": "mistral-7b-v0.3.json",
        "placement": ("map", {"": 0}),
        "lora_targets": ["q_proj", "v_proj"],
        "forward": [[1, 512], [4, 4096]],
        "generate": [[4, 1024, 128]],
        "lora": [[1, 512], [2, 2048]],
    },
    {
        "name": "gemma-2-9b-l8/balanced2",
        "config": "gemma-2-9b.json",
        "overrides": {"num_hidden_layers": 8},
        "placement": ("strategy", "balanced", 2),
        "lora_targets": ["q_proj", "v_proj"],
        "forward": [[1, 512], [2, 2048]],
        "generate": [[1, 6144, 64], [4, 1024, 128]],
        "lora": [[1, 512]],
    },
]


# Held out: architectures and settings the estimate's factors were NOT fitted on (validation).
VALIDATION = [
    {
        "name": "phi-3-mini/balanced2",
        "config": "phi-3-mini.json",
        "placement": ("strategy", "balanced", 2),
        "lora_targets": ["qkv_proj"],
        "forward": [[1, 512], [4, 2048]],
        "generate": [[8, 1024, 128]],
        "lora": [[2, 1024]],
    },
    {
        "name": "falcon-7b/single",
        "config": "falcon-7b.json",
        "placement": ("map", {"": 0}),
        "lora_targets": ["query_key_value"],
        "forward": [[1, 512], [4, 2048]],
        "generate": [[8, 1024, 128]],
        "lora": [[2, 1024]],
    },
    {
        "name": "opt-1.3b/balanced2",
        "config": "opt-1.3b.json",
        "placement": ("strategy", "balanced", 2),
        "lora_targets": ["q_proj", "v_proj"],
        "forward": [[1, 512], [8, 2048]],
        "generate": [[16, 512, 128]],
        "lora": [[4, 1024]],
    },
    {
        "name": "llama-3.2-1b-fp32/single",
        "config": "llama-3.2-1b.json",
        "dtype": "float32",
        "placement": ("map", {"": 0}),
        "lora_targets": ["q_proj", "v_proj"],
        "forward": [[2, 2048]],
        "generate": [[4, 1024, 128]],
        "lora": [[2, 1024]],
    },
    {
        "name": "mixtral-8x7b-l4/balanced2",
        "config": "mixtral-8x7b.json",
        "overrides": {"num_hidden_layers": 4},
        "placement": ("strategy", "balanced", 2),
        "lora_targets": ["q_proj", "v_proj"],
        "forward": [[1, 512], [4, 2048]],
        "generate": [[4, 1024, 128]],
        "lora": [[2, 1024]],
    },
    {
        "name": "llama-2-7b/offload-cpu",
        "config": "llama-2-7b.json",
        "placement": ("map", dict([("model.embed_tokens", 0), ("model.norm", 0), ("model.rotary_emb", 0), ("lm_head", 0)]
                                  + [(f"model.layers.{i}", 0 if i < 24 else "cpu") for i in range(32)])),
        "lora_targets": ["q_proj", "v_proj"],
        "forward": [[1, 512], [4, 1024]],
        "generate": [[2, 512, 32]],
    },
]


# Four cards, measured after the estimate was frozen: new architectures, strategies and sizes.
FOUR_GPU = [
    {
        "name": "llama-3.1-8b/balanced4",
        "config": "llama-3.1-8b.json",
        "placement": ("strategy", "balanced", 4),
        "lora_targets": ["q_proj", "v_proj"],
        "forward": [[1, 512], [8, 2048]],
        "generate": [[16, 1024, 128]],
        "lora": [[4, 1024]],
    },
    {
        "name": "gemma-2-9b/balanced_low_0-4",
        "config": "gemma-2-9b.json",
        "placement": ("strategy", "balanced_low_0", 4),
        "lora_targets": ["q_proj", "v_proj"],
        "forward": [[2, 2048]],
        "generate": [[1, 6144, 64]],
        "lora": [[1, 1024]],
    },
    {
        "name": "qwen3-8b/sequential-6GiB",
        "config": "qwen3-8b.json",
        "placement": ("strategy", "sequential", 4),
        "max_memory_gib": 6,
        "lora_targets": ["q_proj", "v_proj"],
        "forward": [[4, 2048]],
        "generate": [[8, 1024, 128]],
        "lora": [[2, 1024]],
    },
    {
        "name": "mixtral-8x7b/balanced4",
        "config": "mixtral-8x7b.json",
        "placement": ("strategy", "balanced", 4),
        "forward": [[1, 512], [2, 2048]],
        "generate": [[4, 512, 32]],
    },
]


# Conditions the estimate extrapolates to: eager attention, fp16, wide MoE decoding, OPT-350m projections.
EXTRA = [
    {
        "name": "llama-3.2-1b-eager/single",
        "config": "llama-3.2-1b.json",
        "attn_implementation": "eager",
        "placement": ("map", {"": 0}),
        "lora_targets": ["q_proj", "v_proj"],
        "forward": [[2, 2048]],
        "generate": [[4, 1024, 64]],
        "lora": [[2, 1024]],
    },
    {
        "name": "mistral-7b-v0.3-fp16/single",
        "config": "mistral-7b-v0.3.json",
        "dtype": "float16",
        "placement": ("map", {"": 0}),
        "lora_targets": ["q_proj", "v_proj"],
        "forward": [[4, 2048]],
        "generate": [[8, 1024, 64]],
        "lora": [[1, 2048]],
    },
    {
        "name": "mixtral-8x7b-l4-wide/balanced2",
        "config": "mixtral-8x7b.json",
        "overrides": {"num_hidden_layers": 4},
        "placement": ("strategy", "balanced", 2),
        "generate": [[32, 256, 16]],
    },
    {
        "name": "opt-350m/balanced2",
        "config": "opt-350m.json",
        "placement": ("strategy", "balanced", 2),
        "lora_targets": ["q_proj", "v_proj"],
        "forward": [[8, 1024]],
        "generate": [[16, 512, 64]],
        "lora": [[4, 1024]],
    },
]


# Issue 19, fitted on: CPU offload through max_memory (BLOOM runs eager attention with ALiBi),
# LoRA r16 with and without gradient checkpointing on large vocabularies. One GPU is enough.
OFFLOAD19 = [
    {
        "name": "bloom-7b1/auto-6GiB-cpu",
        "config": "bloom-7b1.json",
        "placement": ("strategy", "auto", 1),
        "max_memory_gib": 6,
        "forward": [[1, 512], [4, 2048]],
        "generate": [[2, 512, 16]],
    },
    {
        "name": "llama-3.1-8b/auto-12GiB-cpu",
        "config": "llama-3.1-8b.json",
        "placement": ("strategy", "auto", 1),
        "max_memory_gib": 12,
        "forward": [[1, 512], [4, 2048]],
        "generate": [[4, 512, 16]],
    },
    {
        "name": "qwen2.5-0.5b/single-lora16",
        "config": "qwen2.5-0.5b.json",
        "placement": ("map", {"": 0}),
        "lora_targets": ["q_proj", "k_proj", "v_proj", "o_proj"],
        "lora_rank": 16,
        "forward": [[2, 2048]],
        "lora": [[2, 1024], [2, 2048]],
    },
    {
        "name": "qwen2.5-14b/single-lora16",
        "config": "qwen2.5-14b.json",
        "placement": ("map", {"": 0}),
        "lora_targets": ["q_proj", "v_proj"],
        "lora_rank": 16,
        "forward": [[2, 1024]],
        "lora": [[2, 1024]],
    },
]


# Issue 19, blind: measured only after the estimate is frozen, on architectures outside OFFLOAD19.
BLIND19 = [
    {
        "name": "mistral-7b-v0.3/auto-8GiB-cpu",
        "config": "mistral-7b-v0.3.json",
        "placement": ("strategy", "auto", 1),
        "max_memory_gib": 8,
        "forward": [[4, 2048]],
        "generate": [[4, 512, 16]],
    },
    {
        "name": "falcon-7b/auto-6GiB-cpu",
        "config": "falcon-7b.json",
        "placement": ("strategy", "auto", 1),
        "max_memory_gib": 6,
        "forward": [[2, 2048]],
        "generate": [[2, 512, 16]],
    },
    {
        "name": "opt-1.3b-eager/single",
        "config": "opt-1.3b.json",
        "attn_implementation": "eager",
        "placement": ("map", {"": 0}),
        "lora_targets": ["q_proj", "v_proj"],
        "forward": [[4, 2048]],
        "generate": [[8, 512, 32]],
        "lora": [[2, 1024]],
    },
    {
        "name": "gemma-2-9b-l8/single-lora16",
        "config": "gemma-2-9b.json",
        "overrides": {"num_hidden_layers": 8},
        "placement": ("map", {"": 0}),
        "lora_targets": ["q_proj", "v_proj"],
        "lora_rank": 16,
        "forward": [[2, 2048]],
        "lora": [[2, 1024], [2, 2048]],
    },
    {
        "name": "llama-3.2-1b/single-lora16",
        "config": "llama-3.2-1b.json",
        "placement": ("map", {"": 0}),
        "lora_targets": ["q_proj", "k_proj", "v_proj", "o_proj"],
        "lora_rank": 16,
        "lora": [[2, 1024], [2, 2048]],
    },
]


# Issue 19, second blind set: defined before the estimate's eager-attention / LoRA changes and
# measured then, but added to the tests only after that estimate is frozen. Architectures outside
# the calibration set (Phi-3, Qwen3, Falcon) in the three kinds the issue names.
BLIND19B = [
    {
        "name": "phi-3-mini/auto-3GiB-cpu",
        "config": "phi-3-mini.json",
        "placement": ("strategy", "auto", 1),
        "max_memory_gib": 3,
        "forward": [[2, 2048]],
        "generate": [[2, 512, 16]],
    },
    {
        "name": "qwen3-8b/auto-8GiB-cpu",
        "config": "qwen3-8b.json",
        "placement": ("strategy", "auto", 1),
        "max_memory_gib": 8,
        "forward": [[2, 2048]],
        "generate": [[2, 512, 16]],
    },
    {
        "name": "falcon-7b-eager/single",
        "config": "falcon-7b.json",
        "attn_implementation": "eager",
        "placement": ("map", {"": 0}),
        "forward": [[2, 2048]],
        "generate": [[4, 512, 16]],
    },
    {
        "name": "phi-3-mini-eager/single",
        "config": "phi-3-mini.json",
        "attn_implementation": "eager",
        "placement": ("map", {"": 0}),
        "lora_targets": ["qkv_proj"],
        "forward": [[2, 2048]],
        "generate": [[4, 512, 32]],
        "lora": [[2, 1024]],
    },
    {
        "name": "qwen3-8b-l8/single-lora16",
        "config": "qwen3-8b.json",
        "overrides": {"num_hidden_layers": 8},
        "placement": ("map", {"": 0}),
        "lora_targets": ["q_proj", "k_proj", "v_proj", "o_proj"],
        "lora_rank": 16,
        "forward": [[2, 2048]],
        "lora": [[2, 1024], [2, 2048]],
    },
]


# Full fine-tuning (issue 17's `init --task full` needs an estimate for it). FULLFT is the fit set;
# FULLFT_BLIND is measured in the same call but sealed until the full-FT estimate is frozen.
FULLFT = [
    {"name": "qwen2.5-0.5b/single-full", "config": "qwen2.5-0.5b.json", "placement": ("map", {"": 0}),
     "full": [[2, 1024], [2, 2048]]},
    {"name": "opt-350m/single-full", "config": "opt-350m.json", "placement": ("map", {"": 0}),
     "full": [[4, 1024]]},
    {"name": "mistral-7b-v0.3-l4/single-full", "config": "mistral-7b-v0.3.json",
     "overrides": {"num_hidden_layers": 4}, "placement": ("map", {"": 0}), "full": [[2, 2048]]},
]
FULLFT_BLIND = [
    {"name": "llama-3.2-1b/single-full", "config": "llama-3.2-1b.json", "placement": ("map", {"": 0}),
     "full": [[2, 1024], [2, 2048]]},
    {"name": "phi-3-mini-l8/single-full", "config": "phi-3-mini.json", "overrides": {"num_hidden_layers": 8},
     "placement": ("map", {"": 0}), "full": [[2, 2048]]},
    {"name": "gemma-2-9b-l4/single-full", "config": "gemma-2-9b.json", "overrides": {"num_hidden_layers": 4},
     "placement": ("map", {"": 0}), "full": [[1, 2048]]},
]


def per_gpu(fn):
    return [fn(i) for i in range(torch.cuda.device_count())]


def allocated():
    return per_gpu(torch.cuda.memory_allocated)


def peak():
    return per_gpu(torch.cuda.max_memory_allocated)


def reset_peaks():
    for i in range(torch.cuda.device_count()):
        torch.cuda.synchronize(i)
        torch.cuda.reset_peak_memory_stats(i)


def sync():
    for i in range(torch.cuda.device_count()):
        torch.cuda.synchronize(i)


def cold_reset():
    """Frees everything the allocator caches, cuBLAS workspaces included."""
    gc.collect()
    sync()
    try:
        torch._C._cuda_clearCublasWorkspaces()
    except Exception:
        pass
    torch.cuda.empty_cache()


def driver_context():
    """Bytes a card loses outside the caching allocator (CUDA context, libraries)."""
    out = []
    for i in range(torch.cuda.device_count()):
        free, total = torch.cuda.mem_get_info(i)
        out.append(total - free - torch.cuda.memory_reserved(i))
    return out


def workspace_probe():
    """Allocator bytes a first bf16 matmul leaves behind on each card (the cuBLAS workspace)."""
    cold_reset()
    before = allocated()
    for i in range(torch.cuda.device_count()):
        a = torch.randn(256, 256, device=f"cuda:{i}", dtype=torch.bfloat16)
        (a @ a).sum().item()
        del a
    sync()
    after = allocated()
    cold_reset()
    return [b - a for a, b in zip(before, after)]


def load_config(case):
    d = json.load(open(os.path.join(HERE, "measure_configs", case["config"])))
    d = {k: v for k, v in d.items() if k not in ("transformers_version", "torch_dtype")}
    for k, v in case.get("overrides", {}).items():
        d[k] = v
    if "layer_types" in d and d.get("num_hidden_layers") and len(d["layer_types"]) != d["num_hidden_layers"]:
        d["layer_types"] = d["layer_types"][: d["num_hidden_layers"]]
    model_type = d.pop("model_type")
    return transformers.AutoConfig.for_model(model_type, **d)


def device_map_for(case, model):
    kind = case["placement"][0]
    if kind == "map":
        return dict(case["placement"][1])
    if kind == "strategy":
        _, strategy, n = case["placement"]
        mm = {i: case.get("max_memory_gib", 140) * GiB for i in range(n)}
        mm["cpu"] = 200 * GiB
        # max_memory small enough that the strategy spreads over exactly n cards.
        return _get_device_map(model, strategy, mm, None)
    if kind == "split":
        # Blocks split evenly over n cards, embeddings with the first, head with the last.
        n = case["placement"][1]
        dm = {}
        names = [name for name, _ in model.named_children()]
        base = model.get_submodule(names[0])
        layers = [f"{names[0]}.{c}" for c, _ in base.named_children()]
        blocks = None
        for c, m in base.named_children():
            if isinstance(m, torch.nn.ModuleList):
                blocks = (f"{names[0]}.{c}", len(m))
        per = -(-blocks[1] // n)
        for full in layers:
            if full == blocks[0]:
                for j in range(blocks[1]):
                    dm[f"{full}.{j}"] = j // per
            else:
                dm[full] = 0 if layers.index(full) < layers.index(blocks[0]) else n - 1
        for name in names[1:]:
            dm[name] = n - 1
        return dm
    raise ValueError(kind)


def expected_weights(model, device_map):
    """Bytes of parameters and buffers per device as placed (shared storage counted once)."""
    seen = set()
    out = {}
    for t in list(model.parameters()) + list(model.buffers()):
        key = t.data_ptr() if t.device.type != "meta" else id(t)
        if (t.device.type, key) in seen:
            continue
        seen.add((t.device.type, key))
        dev = t.device.index if t.device.type == "cuda" else t.device.type
        out[str(dev)] = out.get(str(dev), 0) + t.numel() * t.element_size()
    return out


def ids(config, batch, seq):
    g = torch.Generator().manual_seed(0)
    return torch.randint(3, min(config.vocab_size, 30000), (batch, seq), generator=g)


def measure_case(case, out_runs):
    cold_reset()
    config = load_config(case)
    t0 = time.time()
    cls = getattr(transformers, config.architectures[0])
    with torch.device("cuda:0"):
        kwargs = {"attn_implementation": case["attn_implementation"]} if "attn_implementation" in case else {}
        model = cls._from_config(config, dtype=getattr(torch, case.get("dtype", "bfloat16")), **kwargs)
    model.eval()
    dm_model = model
    device_map = device_map_for(case, dm_model)
    # Modules offloaded to the CPU go there first, so accelerate keeps their weights in host memory.
    for k, v in device_map.items():
        if v == "cpu":
            model.get_submodule(k).to("cpu")
    if set(device_map.values()) == {0}:
        model = model.to("cuda:0")
    else:
        model = dispatch_model(model, device_map=device_map)
    cold_reset()
    reset_peaks()
    run = {
        "case": case["name"],
        "model": case["config"].removesuffix(".json"),
        "config": config.to_dict(),
        "attn_implementation": getattr(config, "_attn_implementation", None),
        "dtype": case.get("dtype", "bfloat16"),
        "lora_targets": case.get("lora_targets"),
        "held_out": case in VALIDATION or case in FOUR_GPU or case in EXTRA or case in BLIND19 or case in BLIND19B or case in FULLFT_BLIND,
        "lora_rank": case.get("lora_rank", 8) if case.get("lora") else None,
        "max_memory_gib": case.get("max_memory_gib"),
        "device_map": {k: v for k, v in device_map.items()},
        "build_s": time.time() - t0,
        "after_load": allocated(),
        "expected_weights": expected_weights(model, device_map),
        "forward": [],
        "forward_nocache": [],
        "generate": [],
        "lora": [],
        "full": [],
    }
    first = next(iter(model.parameters())).device
    entry = device_map.get("", None)
    in_dev = torch.device(f"cuda:{entry}") if entry is not None else first
    for key, use_cache in (("forward", None), ("forward_nocache", False)):
        for batch, seq in case.get(key, []):
            try:
                x = ids(config, batch, seq).to(in_dev)
                base = allocated()
                reset_peaks()
                with torch.no_grad():
                    kwargs = {} if use_cache is None else {"use_cache": use_cache}
                    o = model(x, **kwargs)
                    sync()
                pk = peak()
                del o
                run[key].append({"batch": batch, "seq": seq, "before": base, "peak": pk, "after": allocated()})
            except Exception as e:
                run[key].append({"batch": batch, "seq": seq, "error": f"{type(e).__name__}: {e}"[:500]})
            cold_keep_ws()
    for batch, prompt, new in case.get("generate", []):
        try:
            x = ids(config, batch, prompt).to(in_dev)
            base = allocated()
            reset_peaks()
            t = time.time()
            with torch.no_grad():
                g = model.generate(x, attention_mask=torch.ones_like(x), max_new_tokens=new, min_new_tokens=new,
                                   do_sample=False, pad_token_id=0)
            sync()
            pk = peak()
            run["generate"].append({"batch": batch, "prompt": prompt, "new_tokens": new, "out_len": int(g.shape[1]),
                                    "before": base, "peak": pk, "seconds": time.time() - t})
            del g
        except Exception as e:
            run["generate"].append({"batch": batch, "prompt": prompt, "new_tokens": new, "error": f"{type(e).__name__}: {e}"[:500]})
        cold_keep_ws()
    if case.get("lora"):
        measure_lora(case, model, config, in_dev, run)
    if case.get("full"):
        measure_full(case, model, config, in_dev, run)
    out_runs.append(run)
    del model, dm_model
    cold_reset()


def cold_keep_ws():
    gc.collect()
    sync()
    torch.cuda.empty_cache()


def measure_lora(case, model, config, in_dev, run):
    from peft import LoraConfig, get_peft_model

    rank = case.get("lora_rank", 8)
    lcfg = LoraConfig(r=rank, lora_alpha=2 * rank, target_modules=case["lora_targets"], lora_dropout=0.0,
                      fan_in_fan_out=config.model_type == "gpt2")
    before_wrap = allocated()
    pm = get_peft_model(model, lcfg)
    trainable = sum(p.numel() for p in pm.parameters() if p.requires_grad)
    run["lora_trainable"] = trainable
    run["lora_wrapped"] = allocated()
    run["lora_before_wrap"] = before_wrap
    for gc_on in (False, True):
        if gc_on:
            pm.gradient_checkpointing_enable(gradient_checkpointing_kwargs={"use_reentrant": False})
        for batch, seq in case["lora"]:
            try:
                pm.train()
                opt = torch.optim.AdamW([p for p in pm.parameters() if p.requires_grad], lr=1e-4)
                x = ids(config, batch, seq).to(in_dev)
                base = allocated()
                reset_peaks()
                loss = pm(input_ids=x, labels=x, use_cache=False).loss
                sync()
                fwd_peak = peak()
                loss.backward()
                sync()
                bwd_peak = peak()
                opt.step()
                opt.zero_grad(set_to_none=True)
                sync()
                pk = peak()
                after_step = allocated()
                run["lora"].append({"batch": batch, "seq": seq, "gradient_checkpointing": gc_on, "before": base,
                                    "forward_peak": fwd_peak, "backward_peak": bwd_peak, "peak": pk,
                                    "after_step": after_step})
                del loss, opt
            except Exception as e:
                run["lora"].append({"batch": batch, "seq": seq, "gradient_checkpointing": gc_on,
                                    "error": f"{type(e).__name__}: {e}"[:800]})
            cold_keep_ws()
    pm.eval()



def measure_full(case, model, config, in_dev, run):
    """Full fine-tuning: every parameter trainable, AdamW as the Trainer builds it, two steps.

    Weights stay in the loaded dtype (bf16 here, as `from_pretrained(dtype=torch.bfloat16)` with
    `TrainingArguments(bf16=True)` leaves them), so gradients and AdamW's two states are bf16 too.
    The peak is taken over two steps: the first creates the optimizer states, the second runs
    forward and backward with them already resident.
    """
    fused = case.get("fused_adamw", True)
    for gc_on in (False, True):
        if gc_on:
            model.gradient_checkpointing_enable(gradient_checkpointing_kwargs={"use_reentrant": False})
        for batch, seq in case["full"]:
            try:
                model.train()
                for p in model.parameters():
                    p.requires_grad_(True)
                opt = torch.optim.AdamW(model.parameters(), lr=1e-5, fused=fused)
                x = ids(config, batch, seq).to(in_dev)
                base = allocated()
                reset_peaks()
                steps = []
                for _ in range(2):
                    loss = model(input_ids=x, labels=x, use_cache=False).loss
                    sync()
                    fwd = peak()
                    loss.backward()
                    sync()
                    bwd = peak()
                    opt.step()
                    opt.zero_grad(set_to_none=True)
                    sync()
                    steps.append({"forward_peak": fwd, "backward_peak": bwd, "peak": peak(), "after_step": allocated()})
                    del loss
                run["full"].append({"batch": batch, "seq": seq, "gradient_checkpointing": gc_on, "fused_adamw": fused,
                                    "before": base, "steps": steps, "peak": peak(), "after_step": allocated()})
                del opt
            except Exception as e:
                run["full"].append({"batch": batch, "seq": seq, "gradient_checkpointing": gc_on,
                                    "error": f"{type(e).__name__}: {e}"[:800]})
            cold_keep_ws()
    if hasattr(model, "gradient_checkpointing_disable"):
        model.gradient_checkpointing_disable()
    model.eval()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--only", nargs="*")
    ap.add_argument("--set", choices=["calibration", "validation", "four", "extra", "offload19", "blind19", "blind19b", "fullft", "fullft_blind", "all"], default="calibration")
    args = ap.parse_args()
    torch.manual_seed(0)
    result = {
        "source": f"transformers {transformers.__version__}, torch {torch.__version__}, peft {__import__('peft').__version__}, accelerate {__import__('accelerate').__version__}",
        "how": "tools/measure_memory.py: random bf16 weights built from config on cuda:0, dispatched with accelerate.dispatch_model to the device map from_pretrained computes (_get_device_map) or the given one; bytes from torch.cuda.memory_allocated / max_memory_allocated per GPU; cuBLAS workspaces freed between models; forward under no_grad; generate greedy with min_new_tokens=max_new_tokens; LoRA = peft r=8 alpha=16 (or the case's lora_rank, alpha 2r) dropout 0, AdamW, one step with labels=input_ids",
        "gpus": torch.cuda.device_count(),
        "gpu_name": torch.cuda.get_device_name(0),
        "total_mem": per_gpu(lambda i: torch.cuda.get_device_properties(i).total_memory),
    }
    cold_reset()
    # Touch every card so the context exists, then record what lives outside the allocator.
    for i in range(torch.cuda.device_count()):
        torch.zeros(1, device=f"cuda:{i}")
    result["driver_context_before_matmul"] = driver_context()
    result["cublas_workspace"] = workspace_probe()
    for i in range(torch.cuda.device_count()):
        a = torch.randn(256, 256, device=f"cuda:{i}", dtype=torch.bfloat16)
        (a @ a).sum().item()
    result["driver_context_after_matmul"] = driver_context()
    cold_reset()
    result["runs"] = []
    cases = {"calibration": CASES, "validation": VALIDATION, "four": FOUR_GPU, "extra": EXTRA, "offload19": OFFLOAD19, "blind19": BLIND19, "blind19b": BLIND19B, "fullft": FULLFT, "fullft_blind": FULLFT_BLIND, "all": CASES + VALIDATION + FOUR_GPU + EXTRA}[args.set]
    for case in cases:
        if args.only and case["name"] not in args.only:
            continue
        if case["placement"][0] == "strategy" and case["placement"][2] > torch.cuda.device_count():
            continue
        if case["placement"][0] == "split" and case["placement"][1] > torch.cuda.device_count():
            continue
        t = time.time()
        try:
            measure_case(case, result["runs"])
        except Exception:
            result["runs"].append({"case": case["name"], "error": traceback.format_exc()[-2000:]})
            cold_reset()
        print(f"{case['name']}: {time.time() - t:.1f}s", flush=True)
        with open(args.out, "w") as f:
            json.dump(result, f, indent=1)
    print("done", file=sys.stderr)


if __name__ == "__main__":
    main()
