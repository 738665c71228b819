#!/usr/bin/env python3
"""Record ground truth from the reference stack (transformers 5.17, accelerate 1.15).

For every tools/configs/<name>.json this builds the model on the meta device, the
way test/fixtures/reference/models/* (the shared reference fixtures) were made, and writes <out>/<name>/config.json
and <out>/<name>/reference.json in the same format, plus `class_of_module`
(module name -> class, named_modules order) and, when bitsandbytes imports,
`module_sizes_bnb4` / `module_sizes_bnb8`.

Usage (needs torch + transformers, no GPU memory used):
    python3 tools/gen_reference.py [--configs tools/configs] [--out test/fixtures/generated] [names...]
"""
import argparse
import copy
import glob
import json
import os
import sys
import traceback

import torch
import transformers
from transformers import AutoConfig
from transformers.integrations.accelerate import _get_device_map, compute_module_sizes

GiB = 1024**3
# The six max_memory scenarios of the shared fixtures, in their order (bytes; GPU ids are ints).
SCENARIOS = [
    ("2x24", {0: 24 * GiB, 1: 24 * GiB, "cpu": 200 * GiB}),
    ("2x12", {0: 12 * GiB, 1: 12 * GiB, "cpu": 200 * GiB}),
    ("4x16", {0: 16 * GiB, 1: 16 * GiB, 2: 16 * GiB, 3: 16 * GiB, "cpu": 200 * GiB}),
    ("6+20", {0: 6 * GiB, 1: 20 * GiB, "cpu": 200 * GiB}),
    ("4x80", {0: 80 * GiB, 1: 80 * GiB, 2: 80 * GiB, 3: 80 * GiB, "cpu": 400 * GiB}),
    ("1x8", {0: 8 * GiB, "cpu": 12 * GiB, "disk": 1000 * GiB}),
]
STRATEGIES = ["sequential", "balanced", "balanced_low_0", "auto"]
DTYPES = [("bf16", torch.bfloat16), ("fp32", torch.float32)]


def build_config(spec: dict):
    spec = dict(spec)
    model_type = spec.pop("model_type")
    config = AutoConfig.for_model(model_type, **spec)
    config.dtype = torch.bfloat16
    return config


def build_meta_model(config, dtype):
    """The model as from_pretrained instantiates it before loading: on meta, in `dtype`."""
    cls = getattr(transformers, config.architectures[0])
    with torch.device("meta"):
        return cls._from_config(config, dtype=dtype)


def no_split_modules(model):
    """`_no_split_modules` gathered over the model's PreTrainedModel submodules, as _get_device_map uses them."""
    for attr in ("_get_no_split_modules", "get_no_split_modules"):
        fn = getattr(type(model), attr, None)
        if fn is not None:
            return fn(model, "auto")
    from transformers.modeling_utils import PreTrainedModel

    out = set()
    for m in model.modules():
        if isinstance(m, PreTrainedModel) and getattr(m, "_no_split_modules", None):
            out.update(m._no_split_modules)
    return out


def jsonable_device(v):
    if isinstance(v, torch.device):
        return v.index if v.type == "cuda" else v.type
    return v


def bnb_sizes(config, bits: int):
    """compute_module_sizes with the bnb quantizer's param_element_size (as from_pretrained passes it)."""
    from transformers import BitsAndBytesConfig
    from transformers.quantizers.auto import AutoHfQuantizer

    qc = BitsAndBytesConfig(load_in_4bit=bits == 4, load_in_8bit=bits == 8)
    quantizer = AutoHfQuantizer.from_config(qc, pre_quantized=False)
    model = build_meta_model(config, torch.bfloat16)
    quantizer.preprocess_model(model=model, device_map="auto", dtype=torch.bfloat16)
    sizes, _ = compute_module_sizes(model, quantizer)
    return {k: float(v) if v != int(v) else int(v) for k, v in sizes.items()}


def reference_for(name: str, spec: dict, notes: list) -> tuple[dict, dict]:
    config = build_config(spec)
    config_dict = config.to_dict()
    config_dict.setdefault("torch_dtype", "bfloat16")

    model = build_meta_model(config, torch.bfloat16)
    ref = {
        "source": f"transformers {transformers.__version__}, accelerate {__import__('accelerate').__version__}, torch {torch.__version__}",
        "how": "model built from config.json on the meta device; sizes from transformers.integrations.accelerate.compute_module_sizes; placements from transformers.integrations.accelerate._get_device_map(model, strategy, max_memory, None), exactly what from_pretrained(device_map=strategy, max_memory=...) computes (tools/gen_reference.py)",
        "class": type(model).__name__,
        "no_split_modules": sorted(no_split_modules(model)),
        "tied_weights": dict(getattr(model, "all_tied_weights_keys", {}) or {}),
        "parameters": [[n, list(p.shape)] for n, p in model.named_parameters(remove_duplicate=False)],
        "buffers": [],
        "module_sizes_bf16": {},
        "placements": [],
        "class_of_module": {n: type(m).__name__ for n, m in model.named_modules()},
    }
    non_persistent = set()
    for mname, m in model.named_modules():
        for b in getattr(m, "_non_persistent_buffers_set", ()):
            non_persistent.add(f"{mname}.{b}" if mname else b)
    ref["buffers"] = [[n, list(b.shape), n not in non_persistent] for n, b in model.named_buffers()]
    sizes, _ = compute_module_sizes(model)
    ref["module_sizes_bf16"] = dict(sizes)

    for dname, dtype in DTYPES:
        m = model if dtype == torch.bfloat16 else build_meta_model(config, dtype)
        for scen, mm in SCENARIOS:
            for strategy in STRATEGIES:
                try:
                    dm = _get_device_map(m, strategy, copy.deepcopy(mm), None)
                except Exception as e:  # record, never silently drop
                    notes.append(f"{name} {strategy} {dname} {scen}: {type(e).__name__}: {e}")
                    continue
                ref["placements"].append({
                    "scenario": scen,
                    "max_memory": {str(k): v for k, v in mm.items()},
                    "strategy": strategy,
                    "dtype": dname,
                    "device_map": {k: jsonable_device(v) for k, v in dm.items()},
                })

    try:
        import bitsandbytes  # noqa: F401
        ref["module_sizes_bnb4"] = bnb_sizes(config, 4)
        ref["module_sizes_bnb8"] = bnb_sizes(config, 8)
    except ImportError:
        pass
    except Exception as e:
        notes.append(f"{name} bnb sizes: {type(e).__name__}: {e}")
    return config_dict, ref


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--configs", default="tools/configs")
    ap.add_argument("--out", default="test/fixtures/generated")
    ap.add_argument("names", nargs="*")
    args = ap.parse_args()
    notes: list[str] = []
    try:
        import bitsandbytes  # noqa: F401
        notes.append("bitsandbytes importable: bnb sizes recorded")
    except ImportError:
        notes.append("bitsandbytes not importable: no bnb sizes")
    for path in sorted(glob.glob(os.path.join(args.configs, "*.json"))):
        name = os.path.splitext(os.path.basename(path))[0]
        if args.names and name not in args.names:
            continue
        try:
            config_dict, ref = reference_for(name, json.load(open(path)), notes)
        except Exception:
            notes.append(f"{name}: FAILED\n{traceback.format_exc()}")
            continue
        os.makedirs(os.path.join(args.out, name), exist_ok=True)
        with open(os.path.join(args.out, name, "config.json"), "w") as f:
            json.dump(config_dict, f, indent=2)
        with open(os.path.join(args.out, name, "reference.json"), "w") as f:
            json.dump(ref, f)
        print(f"{name}: {ref['class']} params={len(ref['parameters'])} size={ref['module_sizes_bf16']['']} placements={len(ref['placements'])}")
    print("\n".join(notes), file=sys.stderr)


if __name__ == "__main__":
    main()
