#!/usr/bin/env bash
# Records what a real GPU host says about its cards, for the GPU presets (issue 10) and the
# stand-in nvidia-smi fixtures (issue 14). Run on the GPU machine; writes to $OUT (or ./out).
set -u
OUT=${OUT:-out}; mkdir -p "$OUT"
Q=index,name,memory.total,memory.used,memory.free,uuid,pci.bus_id,compute_cap
# A process holding memory, so the compute-apps query has a row to show.
python3 - <<'PY' &
import torch, time
x = torch.empty(3 * 1024**3, dtype=torch.uint8, device="cuda")
open("/tmp/holder.ready", "w").write("1")
time.sleep(40)
PY
for i in $(seq 1 60); do [ -f /tmp/holder.ready ] && break; sleep 0.5; done
nvidia-smi > "$OUT/nvidia-smi.txt" 2>&1; echo "rc=$?" >> "$OUT/rc.txt"
nvidia-smi --query-gpu=$Q --format=csv,noheader,nounits > "$OUT/query-gpu.csv" 2>&1; echo "query-gpu rc=$?" >> "$OUT/rc.txt"
nvidia-smi --query-gpu=$Q --format=csv > "$OUT/query-gpu-header.csv" 2>&1
nvidia-smi --query-compute-apps=pid,process_name,used_memory,gpu_uuid,gpu_bus_id --format=csv,noheader,nounits > "$OUT/query-apps.csv" 2>&1; echo "apps rc=$?" >> "$OUT/rc.txt"
nvidia-smi --query-gpu=bogus.field --format=csv > "$OUT/query-bad-field.txt" 2>&1; echo "bad-field rc=$?" >> "$OUT/rc.txt"
nvidia-smi -L > "$OUT/nvidia-smi-L.txt" 2>&1
nvidia-smi -q -d MEMORY > "$OUT/nvidia-smi-q-memory.txt" 2>&1
nvidia-smi --version > "$OUT/nvidia-smi-version.txt" 2>&1
CUDA_VISIBLE_DEVICES=0 python3 - > "$OUT/torch.json" 2>&1 <<'PY'
import json, torch
p = torch.cuda.get_device_properties(0)
free, total = torch.cuda.mem_get_info(0)
print(json.dumps({"name": p.name, "total_memory": p.total_memory, "mem_get_info_total": total,
  "mem_get_info_free": free, "major": p.major, "minor": p.minor, "torch": torch.__version__,
  "cuda": torch.version.cuda}, indent=1))
PY
python3 -m pip list 2>/dev/null | grep -iE "^(torch|transformers|accelerate|peft|bitsandbytes|deepspeed|safetensors|huggingface|trl|optimum) " > "$OUT/pip.txt"
{ which node nodejs; uname -a; nproc; } > "$OUT/host.txt" 2>&1
wait
