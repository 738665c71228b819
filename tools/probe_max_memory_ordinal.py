#!/usr/bin/env python3
"""What a user sees when `max_memory` names a GPU index the machine does not have (issue 12, DM007).

Builds OPT-350m on the meta device, asks transformers 5.17 for a device map with
max_memory={<n GPUs>: "1GiB", 0: "20GiB", "cpu": "10GiB"} (the way from_pretrained does), then
dispatches a tiny real model with the map accelerate computes, printing every warning and
exception text verbatim (JSON lines).
"""
import json
import os
import sys
import traceback
import warnings

import torch
import transformers
from accelerate import init_empty_weights
from accelerate.utils import get_max_memory, infer_auto_device_map
from transformers.integrations.accelerate import _get_device_map

HERE = os.path.dirname(os.path.abspath(__file__))


def emit(**kw):
    print(json.dumps(kw), flush=True)


def attempt(label, fn):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            out = fn()
            emit(label=label, ok=True, result=str(out)[:400], warnings=[str(w.message) for w in caught])
        except Exception as e:
            emit(label=label, ok=False, error=f"{type(e).__name__}: {e}"[:1200], warnings=[str(w.message) for w in caught],
                 where=traceback.format_exc().splitlines()[-3:])


def main():
    n = torch.cuda.device_count()
    emit(label="versions", transformers=transformers.__version__, accelerate=__import__("accelerate").__version__,
         torch=torch.__version__, gpus=n)
    cfg = json.load(open(os.path.join(HERE, "measure_configs", "opt-350m.json")))
    cfg = {k: v for k, v in cfg.items() if k not in ("transformers_version", "torch_dtype")}
    config = transformers.AutoConfig.for_model(cfg.pop("model_type"), **cfg)
    with init_empty_weights():
        model = transformers.AutoModelForCausalLM.from_config(config)
    bad = n  # one past the last GPU
    mm = {0: "20GiB", bad: "1GiB", "cpu": "10GiB"}
    attempt("get_max_memory", lambda: get_max_memory(dict(mm)))
    attempt("infer_auto_device_map", lambda: infer_auto_device_map(model, max_memory=dict(mm)))
    attempt("_get_device_map auto", lambda: _get_device_map(model, "auto", dict(mm), None))
    attempt("_get_device_map balanced", lambda: _get_device_map(model, "balanced", dict(mm), None))
    # A map that names the missing card directly, as a user would after copying from a bigger host.
    attempt("tensor to missing card", lambda: torch.zeros(1, device=f"cuda:{bad}"))
    attempt("torch.cuda.mem_get_info missing card", lambda: torch.cuda.mem_get_info(bad))


if __name__ == "__main__":
    sys.exit(main())
