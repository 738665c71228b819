#!/usr/bin/env python3
"""Time transformers' own placement against Device Map Studio's engine, same configs, same machine.

For every <configs>/<name>/config.json (default: test/fixtures/generated, the configs our
fixtures were recorded from) and each of the six max_memory scenarios of tools/gen_reference.py:

  transformers  meta_build_ms  the model as from_pretrained builds it before loading weights:
                               AutoConfig.from_pretrained(folder), then cls(config) inside
                               cls.get_init_context(dtype, False, False) (meta device, bf16)
                get_device_map_ms  transformers.integrations.accelerate._get_device_map(model,
                               "balanced", max_memory, None), the call from_pretrained makes
  ours          build_ms, place_warm_ms, cold_ms  from `node dist/time-engine.js` (in-process)

and prints / writes one JSON: medians, the ratios transformers / ours, and whether both sides
produced the same device map (a timing of two different answers would mean nothing).

Needs Python with torch + transformers 5.17, a node binary and this repository built
(`node esbuild.mjs timing` makes dist/time-engine.js); no GPU memory, no network.

    python3 tools/time_vs_transformers.py --node /path/to/node --out $OUT [--runs 20] [names...]
"""
import argparse
import copy
import inspect
import json
import os
import platform
import statistics
import subprocess
import sys
import time

import torch
import transformers
from transformers import AutoConfig
from transformers.integrations.accelerate import _get_device_map

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GiB = 1024**3
# tools/gen_reference.py's scenarios; tools/time_engine.ts holds the same six.
SCENARIOS = [
    ("2x24", {0: 24 * GiB, 1: 24 * GiB, "cpu": 200 * GiB}),
    ("2x12", {0: 12 * GiB, 1: 12 * GiB, "cpu": 200 * GiB}),
    ("4x16", {0: 16 * GiB, 1: 16 * GiB, 2: 16 * GiB, 3: 16 * GiB, "cpu": 200 * GiB}),
    ("6+20", {0: 6 * GiB, 1: 20 * GiB, "cpu": 200 * GiB}),
    ("4x80", {0: 80 * GiB, 1: 80 * GiB, 2: 80 * GiB, 3: 80 * GiB, "cpu": 400 * GiB}),
    ("1x8", {0: 8 * GiB, "cpu": 12 * GiB, "disk": 1000 * GiB}),
]


def ratio(theirs, ours):
    """transformers' time over ours (> 1: we are faster); a timer tick stands in for a zero."""
    return theirs / max(ours, 1e-6)


def median_ms(fn, runs):
    fn()  # warm-up, as the Node half does
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def meta_builder(folder):
    """A function building the model the way from_pretrained does before any weight is read."""
    config = AutoConfig.from_pretrained(folder, local_files_only=True)
    cls = getattr(transformers, config.architectures[0])
    dtype = torch.bfloat16
    get_init = getattr(cls, "get_init_context", None)
    params = list(inspect.signature(get_init).parameters) if get_init else []
    from transformers.utils import ContextManagers

    def build():
        if get_init is not None and params[:1] == ["dtype"]:
            contexts = get_init(dtype, False, False, allow_all_kernels=False)  # transformers 5: dtype, is_quantized, _is_ds_init_called
        elif get_init is not None:
            contexts = get_init(False, False)
        else:
            contexts = [torch.device("meta")]
        previous = torch.get_default_dtype()
        torch.set_default_dtype(dtype)  # from_pretrained's _get_dtype sets it for the init
        try:
            with ContextManagers(contexts):
                return cls(copy.deepcopy(config))
        finally:
            torch.set_default_dtype(previous)

    how = f"{cls.__name__}(config) in get_init_context{inspect.signature(get_init)}" if get_init else "cls(config) under torch.device('meta')"
    model = build()
    if next(model.parameters()).device.type != "meta":

        def build():  # noqa: F811 - this transformers' init context is not meta: force it
            with torch.device("meta"):
                previous = torch.get_default_dtype()
                torch.set_default_dtype(dtype)
                try:
                    return cls(copy.deepcopy(config))
                finally:
                    torch.set_default_dtype(previous)

        how += "; not on meta, so built under torch.device('meta') instead"
    return build, how


def jsonable(v):
    if isinstance(v, torch.device):
        return v.index if v.type == "cuda" else v.type
    return v


def time_transformers(folder, runs):
    build, how = meta_builder(folder)
    model = build()
    out = {"class": type(model).__name__, "build_how": how, "meta_build_ms": median_ms(build, runs), "scenarios": {}}
    for scen, mm in SCENARIOS:
        dm = _get_device_map(model, "balanced", copy.deepcopy(mm), None)
        out["scenarios"][scen] = {
            "get_device_map_ms": median_ms(lambda: _get_device_map(model, "balanced", copy.deepcopy(mm), None), runs),
            "device_map": {k: jsonable(v) for k, v in dm.items()},
        }
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--node", default="node", help="node binary (20+)")
    ap.add_argument("--engine", default=os.path.join(ROOT, "dist", "time-engine.js"))
    ap.add_argument("--configs", default=os.path.join(ROOT, "test", "fixtures", "generated"))
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--out", default=None, help="folder for time_vs_transformers.json")
    ap.add_argument("names", nargs="*")
    args = ap.parse_args()
    if not os.path.exists(args.engine):
        sys.exit(f"{args.engine} is missing: run `node esbuild.mjs timing` in the repository first")

    ours = subprocess.run(
        [args.node, args.engine, "--configs", args.configs, "--runs", str(args.runs), *args.names],
        check=True, capture_output=True, text=True, cwd=ROOT,
    )
    ours = json.loads(ours.stdout.strip().splitlines()[-1])

    models = {}
    for name, node in ours["models"].items():
        theirs = time_transformers(os.path.join(args.configs, name), args.runs)
        rows = []
        for s in node["scenarios"]:
            t = theirs["scenarios"][s["scenario"]]
            rows.append({
                "scenario": s["scenario"],
                "transformers_get_device_map_ms": t["get_device_map_ms"],
                "ours_place_warm_ms": s["place_warm_ms"],
                "ours_cold_ms": s["cold_ms"],
                "same_device_map": t["device_map"] == s["device_map"],
                "ratio_place": ratio(t["get_device_map_ms"], s["place_warm_ms"]),
                "ratio_build_and_place": ratio(theirs["meta_build_ms"] + t["get_device_map_ms"], s["cold_ms"]),
            })
        models[name] = {
            "class": theirs["class"],
            "same_class": theirs["class"] == node["class"],
            "transformers_meta_build_ms": theirs["meta_build_ms"],
            "ours_build_ms": node["build_ms"],
            "ratio_build": ratio(theirs["meta_build_ms"], node["build_ms"]),
            "build_how": theirs["build_how"],
            "scenarios": rows,
        }
        print(f"{name}: meta build {theirs['meta_build_ms']:.1f} ms vs {node['build_ms']:.2f} ms", file=sys.stderr)

    all_rows = [r for m in models.values() for r in m["scenarios"]]
    summary = {
        "median_ratio_place": statistics.median(r["ratio_place"] for r in all_rows),
        "median_ratio_build": statistics.median(m["ratio_build"] for m in models.values()),
        "median_ratio_build_and_place": statistics.median(r["ratio_build_and_place"] for r in all_rows),
        "same_device_map": f"{sum(r['same_device_map'] for r in all_rows)}/{len(all_rows)}",
    }
    result = {
        "machine": {"platform": platform.platform(), "processor": platform.processor() or platform.machine(), "cpus": os.cpu_count()},
        "versions": {"python": platform.python_version(), "torch": torch.__version__, "transformers": transformers.__version__, "node": ours["node"]},
        "runs": args.runs,
        "summary": summary,
        "models": models,
    }
    text = json.dumps(result, indent=1)
    if args.out:
        os.makedirs(args.out, exist_ok=True)
        with open(os.path.join(args.out, "time_vs_transformers.json"), "w") as f:
            f.write(text)
    print(json.dumps({"summary": summary, "versions": result["versions"], "machine": result["machine"]}))


if __name__ == "__main__":
    main()
