#!/usr/bin/env python3
"""Record which tree each loader class builds (transformers 5.17), for the loader-class tests.

For every tools/configs/<name>.json and every loader class in LOADERS, build the model
on the meta device through the Auto class (as `from_pretrained` would pick it) and write
one JSON: {name: {loader: {"class", "parameters": [[name, shape]], "buffers": [[name, shape]],
"tied_weights"} | {"error": str}}}.

Usage (no GPU memory used): python3 tools/gen_loader_reference.py [--out FILE]
"""
import argparse
import glob
import json
import os

import torch
import transformers
from transformers import AutoConfig

LOADERS = [
    "AutoModel",
    "AutoModelForCausalLM",
    "AutoModelForSequenceClassification",
    "AutoModelForTokenClassification",
    "AutoModelForSeq2SeqLM",
    "T5EncoderModel",
]


def build_config(spec):
    spec = dict(spec)
    model_type = spec.pop("model_type")
    # Small depth keeps the files small; the head and naming do not depend on it.
    for k in ("num_hidden_layers", "n_layer", "num_layers", "num_decoder_layers"):
        if k in spec:
            spec[k] = 2
    return AutoConfig.for_model(model_type, **spec)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--configs", default="tools/configs")
    ap.add_argument("--out", default="test/fixtures/generated/loader-classes.json")
    args = ap.parse_args()
    out = {}
    for path in sorted(glob.glob(os.path.join(args.configs, "*.json"))):
        name = os.path.basename(path)[:-5]
        spec = json.load(open(path))
        out[name] = {"config": {k: v for k, v in build_config(spec).to_dict().items() if not k.startswith("_")}}
        for loader in LOADERS:
            try:
                config = build_config(spec)
                auto = getattr(transformers, loader)
                with torch.device("meta"):
                    model = auto.from_config(config, dtype=torch.bfloat16) if hasattr(auto, "from_config") else auto(config)
                tied = getattr(model, "all_tied_weights_keys", {}) or {}
                out[name][loader] = {
                    "class": type(model).__name__,
                    "parameters": [[n, list(p.shape)] for n, p in model.named_parameters(remove_duplicate=False)],
                    "buffers": [[n, list(b.shape)] for n, b in model.named_buffers()],
                    "tied_weights": {k: v for k, v in dict(tied).items()},
                }
            except Exception as e:  # an Auto class with no mapping for this type: recorded as such
                out[name][loader] = {"error": f"{type(e).__name__}: {str(e).splitlines()[0][:300]}"}
        print(name, {k: v.get("class", "error") for k, v in out[name].items() if k != "config"}, flush=True)
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(out, f)
    print("wrote", args.out)


if __name__ == "__main__":
    main()
