#!/usr/bin/env bash
# Runs Device Map Studio's GPU-host detection ON a real GPU machine and records everything to
# $OUT (default ./out), for issue 14's "done when": `device-map gpus --json` equals nvidia-smi to
# the byte, and `check --gpus detect` judges against the real card.
# Needs: `node` (>= 20) on PATH and the repository built (`node esbuild.mjs cli` -> dist/cli.js).
# No network, no installs. Python + torch are optional (torch.json: the capacity torch reports).
# To keep the result as a test fixture: copy $OUT to test/fixtures/gpu-host/<host-name>/ — the
# test "every kept gpus.json ... matches its nvidia-smi query byte for byte" then checks it.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${OUT:-out}; mkdir -p "$OUT"
CLI=(node "$ROOT/bin/device-map.js")
Q=index,name,memory.total,memory.used,memory.free,uuid,pci.bus_id,compute_cap
rc() { echo "$1 rc=$2" >> "$OUT/rc.txt"; }
: > "$OUT/rc.txt"
{ node --version; uname -a; nvidia-smi --version; } > "$OUT/host.txt" 2>&1

# The query and our answer back to back, so memory.used has no time to move between them.
nvidia-smi --query-gpu=$Q --format=csv,noheader,nounits > "$OUT/query-gpu.csv" 2>&1; rc query-gpu $?
"${CLI[@]}" gpus --json > "$OUT/gpus.json" 2> "$OUT/gpus.stderr"; rc "gpus --json" $?
nvidia-smi --query-gpu=$Q --format=csv,noheader,nounits > "$OUT/query-gpu-after.csv" 2>&1
"${CLI[@]}" gpus > "$OUT/gpus.txt" 2>&1; rc gpus $?
nvidia-smi --query-compute-apps=pid,process_name,used_memory,gpu_uuid,gpu_bus_id --format=csv,noheader,nounits > "$OUT/query-apps.csv" 2>&1; rc query-apps $?
nvidia-smi -q -d MEMORY > "$OUT/nvidia-smi-q-memory.txt" 2>&1

# The visible-devices handling on the real driver: the first card by UUID prefix, and by index.
FIRST_UUID=$(cut -d, -f6 "$OUT/query-gpu.csv" | head -1 | tr -d ' ')
CUDA_VISIBLE_DEVICES=${FIRST_UUID:0:12} "${CLI[@]}" gpus --json > "$OUT/gpus-cvd-uuid.json" 2>&1; rc "gpus cvd uuid" $?
CUDA_VISIBLE_DEVICES=0 "${CLI[@]}" gpus --json > "$OUT/gpus-cvd-0.json" 2>&1; rc "gpus cvd 0" $?

# The checks against the detected card (Llama-2-70B on one card: DM011 on any single GPU).
( cd "$ROOT" && "${CLI[@]}" check test/fixtures/gpu-host/llama70b_on_card0.py --gpus detect --json ) > "$OUT/check-detect.json" 2> "$OUT/check-detect.stderr"; rc "check --gpus detect" $?
( cd "$ROOT" && "${CLI[@]}" check examples/qlora_llama2_13b_2x24gb.py --gpus detect ) > "$OUT/check-example.txt" 2>&1; rc "check example" $?
( cd "$ROOT" && "${CLI[@]}" estimate --model examples/models/llama-2-70b --map '{"": 0}' --mode load --dtype bf16 --gpus detect --json ) > "$OUT/estimate-detect.json" 2>&1; rc "estimate --gpus detect" $?

# Byte-for-byte comparison, here and now (the test does the same on the kept copy).
node - "$OUT/gpus.json" "$OUT/query-gpu.csv" > "$OUT/compare.txt" 2>&1 <<'JS'
const fs = require('fs');
const out = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const rows = fs.readFileSync(process.argv[3], 'utf8').trim().split('\n').map((l) => l.split(',').map((s) => s.trim()));
let bad = 0;
for (const g of out.gpus) {
  const r = rows.find((x) => x[5] === g.uuid);
  const want = r && { memory_total: Number(r[2]) * 1048576, memory_used: Number(r[3]) * 1048576, memory_free: Number(r[4]) * 1048576 };
  for (const k of ['memory_total', 'memory_used', 'memory_free']) {
    const ok = want && g[k] === want[k];
    if (!ok) bad++;
    console.log(`${g.uuid} ${k}: ${g[k]} ${ok ? '==' : '!='} ${want ? want[k] : 'missing'}`);
  }
}
console.log(bad === 0 && out.gpus.length > 0 ? 'MATCH' : `MISMATCH (${bad}, ${out.gpus.length} cards)`);
JS

# What torch says the card holds (the number the presets mean), when torch is there.
python3 - > "$OUT/torch.json" 2>&1 <<'PY' || true
import json, torch
out = []
for i in range(torch.cuda.device_count()):
    p = torch.cuda.get_device_properties(i)
    free, total = torch.cuda.mem_get_info(i)
    out.append({"index": i, "name": p.name, "total_memory": p.total_memory, "mem_get_info_total": total, "mem_get_info_free": free})
print(json.dumps(out, indent=1))
PY
cat "$OUT/compare.txt"
