"""DM018: a single-device map that leaves model.norm and lm_head out: transformers 5 silently loads them on the CPU."""
import os

os.environ["CUDA_VISIBLE_DEVICES"] = "0,1"

import torch
from transformers import AutoModelForCausalLM

device_map = {
    "model.embed_tokens": 0,
    "model.layers": 0,
    "model.rotary_emb": 0,
}

model = AutoModelForCausalLM.from_pretrained("meta-llama/Llama-2-7b-hf", device_map=device_map, dtype=torch.bfloat16)
