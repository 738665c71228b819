"""DM004: model.layers sends every layer to card 0 while model.layers.20 says card 1."""
import os

os.environ["CUDA_VISIBLE_DEVICES"] = "0,1"

import torch
from transformers import AutoModelForCausalLM

device_map = {
    "model.embed_tokens": 0,
    "model.layers": 0,
    "model.layers.20": 1,
    "model.norm": 1,
    "model.rotary_emb": 1,
    "lm_head": 1,
}

model = AutoModelForCausalLM.from_pretrained("meta-llama/Llama-2-7b-hf", device_map=device_map, dtype=torch.bfloat16)
