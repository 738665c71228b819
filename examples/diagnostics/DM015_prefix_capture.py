"""DM015: the key model.layers.1 also captures model.layers.10-19 when transformers 5.17 matches keys."""
import os

os.environ["CUDA_VISIBLE_DEVICES"] = "0,1"

import torch
from transformers import AutoModelForCausalLM

device_map = {
    "model.embed_tokens": 0,
    "model.layers": 0,
    "model.layers.1": 1,
    "model.norm": 0,
    "model.rotary_emb": 0,
    "lm_head": 0,
}

model = AutoModelForCausalLM.from_pretrained("meta-llama/Llama-2-7b-hf", device_map=device_map, dtype=torch.bfloat16)
