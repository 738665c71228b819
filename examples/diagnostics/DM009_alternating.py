"""DM009: blocks alternate between the cards: every switch copies the activations across."""
import os

os.environ["CUDA_VISIBLE_DEVICES"] = "0,1"

import torch
from transformers import AutoModelForCausalLM

device_map = {
    "model.embed_tokens": 0,
    "model.layers.0": 0,
    "model.layers.1": 1,
    "model.layers.2": 0,
    "model.layers.3": 1,
    "model.layers.4": 0,
    "model.layers.5": 1,
    "model.layers.6": 0,
    "model.layers.7": 1,
    "model.layers.8": 0,
    "model.layers.9": 1,
    "model.layers.10": 0,
    "model.layers.11": 1,
    "model.layers.12": 0,
    "model.layers.13": 1,
    "model.layers.14": 0,
    "model.layers.15": 1,
    "model.layers.16": 0,
    "model.layers.17": 1,
    "model.layers.18": 0,
    "model.layers.19": 1,
    "model.layers.20": 0,
    "model.layers.21": 1,
    "model.layers.22": 0,
    "model.layers.23": 1,
    "model.layers.24": 0,
    "model.layers.25": 1,
    "model.layers.26": 0,
    "model.layers.27": 1,
    "model.layers.28": 0,
    "model.layers.29": 1,
    "model.layers.30": 0,
    "model.layers.31": 1,
    "model.norm": 1,
    "model.rotary_emb": 1,
    "lm_head": 1,
}

model = AutoModelForCausalLM.from_pretrained("meta-llama/Llama-2-7b-hf", device_map=device_map, dtype=torch.bfloat16)
