"""DM005: Llama-3.2-1B ties lm_head to the embeddings: they sit on different cards."""
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
    "model.layers.8": 1,
    "model.layers.9": 1,
    "model.layers.10": 1,
    "model.layers.11": 1,
    "model.layers.12": 1,
    "model.layers.13": 1,
    "model.layers.14": 1,
    "model.layers.15": 1,
    "model.norm": 1,
    "model.rotary_emb": 1,
    "lm_head": 1,
}

model = AutoModelForCausalLM.from_pretrained("meta-llama/Llama-3.2-1B", device_map=device_map, dtype=torch.bfloat16)
