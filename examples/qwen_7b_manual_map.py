"""Qwen-7B (v1) across two cards with a hand-written map.

Qwen v1 names its blocks transformer.h.N (not model.layers.N). Card 0 also serves
generation, so it takes fewer blocks. Try: delete a line and watch DM001, or type
a new key and press Ctrl+Space for module names.
"""
import os

os.environ["CUDA_VISIBLE_DEVICES"] = "0,1"

import torch
from transformers import AutoModelForCausalLM

device_map = {
    "transformer.wte": 0,
    "transformer.h.0": 0,
    "transformer.h.1": 0,
    "transformer.h.2": 0,
    "transformer.h.3": 0,
    "transformer.h.4": 0,
    "transformer.h.5": 0,
    "transformer.h.6": 0,
    "transformer.h.7": 0,
    "transformer.h.8": 0,
    "transformer.h.9": 0,
    "transformer.h.10": 0,
    "transformer.h.11": 0,
    "transformer.h.12": 0,
    "transformer.h.13": 0,
    "transformer.h.14": 1,
    "transformer.h.15": 1,
    "transformer.h.16": 1,
    "transformer.h.17": 1,
    "transformer.h.18": 1,
    "transformer.h.19": 1,
    "transformer.h.20": 1,
    "transformer.h.21": 1,
    "transformer.h.22": 1,
    "transformer.h.23": 1,
    "transformer.h.24": 1,
    "transformer.h.25": 1,
    "transformer.h.26": 1,
    "transformer.h.27": 1,
    "transformer.h.28": 1,
    "transformer.h.29": 1,
    "transformer.h.30": 1,
    "transformer.h.31": 1,
    "transformer.ln_f": 1,
    "transformer.rotary_emb": 1,
    "lm_head": 1,
}

model = AutoModelForCausalLM.from_pretrained(
    "Qwen/Qwen-7B",
    device_map=device_map,
    dtype=torch.bfloat16,
    trust_remote_code=True,
)
