"""DM010: blocks 24-31 are on the CPU while the file trains LoRA on q_proj/v_proj in them: the backward step fails."""
import os

os.environ["CUDA_VISIBLE_DEVICES"] = "0,1"

import torch
from transformers import AutoModelForCausalLM
from peft import LoraConfig, get_peft_model

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
    "model.layers.16": 1,
    "model.layers.17": 1,
    "model.layers.18": 1,
    "model.layers.19": 1,
    "model.layers.20": 1,
    "model.layers.21": 1,
    "model.layers.22": 1,
    "model.layers.23": 1,
    "model.layers.24": "cpu",
    "model.layers.25": "cpu",
    "model.layers.26": "cpu",
    "model.layers.27": "cpu",
    "model.layers.28": "cpu",
    "model.layers.29": "cpu",
    "model.layers.30": "cpu",
    "model.layers.31": "cpu",
    "model.norm": 1,
    "model.rotary_emb": 1,
    "lm_head": 1,
}

model = AutoModelForCausalLM.from_pretrained("meta-llama/Llama-2-7b-hf", device_map=device_map, dtype=torch.bfloat16)
model = get_peft_model(model, LoraConfig(r=8, target_modules=["q_proj", "v_proj"], task_type="CAUSAL_LM"))
optimizer = torch.optim.AdamW(model.parameters(), lr=2e-4)
loss = model(input_ids=torch.ones(1, 8, dtype=torch.long)).logits.sum()
loss.backward()
