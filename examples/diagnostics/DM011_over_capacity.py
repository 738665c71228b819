"""DM011: all of Llama-2-13B in bf16 (about 24.2 GiB) on one 24 GB card, plus the CUDA context: it does not fit."""
import os

os.environ["CUDA_VISIBLE_DEVICES"] = "0,1"

import torch
from transformers import AutoModelForCausalLM

device_map = {
    "model.embed_tokens": 0,
    "model.layers.0": 0,
    "model.layers.1": 0,
    "model.layers.2": 0,
    "model.layers.3": 0,
    "model.layers.4": 0,
    "model.layers.5": 0,
    "model.layers.6": 0,
    "model.layers.7": 0,
    "model.layers.8": 0,
    "model.layers.9": 0,
    "model.layers.10": 0,
    "model.layers.11": 0,
    "model.layers.12": 0,
    "model.layers.13": 0,
    "model.layers.14": 0,
    "model.layers.15": 0,
    "model.layers.16": 0,
    "model.layers.17": 0,
    "model.layers.18": 0,
    "model.layers.19": 0,
    "model.layers.20": 0,
    "model.layers.21": 0,
    "model.layers.22": 0,
    "model.layers.23": 0,
    "model.layers.24": 0,
    "model.layers.25": 0,
    "model.layers.26": 0,
    "model.layers.27": 0,
    "model.layers.28": 0,
    "model.layers.29": 0,
    "model.layers.30": 0,
    "model.layers.31": 0,
    "model.layers.32": 0,
    "model.layers.33": 0,
    "model.layers.34": 0,
    "model.layers.35": 0,
    "model.layers.36": 0,
    "model.layers.37": 0,
    "model.layers.38": 0,
    "model.layers.39": 0,
    "model.norm": 0,
    "model.rotary_emb": 0,
    "lm_head": 1,
}

model = AutoModelForCausalLM.from_pretrained("meta-llama/Llama-2-13b-hf", device_map=device_map, dtype=torch.bfloat16)
