"""DM008: "balance" is not a strategy (auto, balanced, balanced_low_0, sequential): loading raises ValueError."""
import torch
from transformers import AutoModelForCausalLM

model = AutoModelForCausalLM.from_pretrained("meta-llama/Llama-2-7b-hf", device_map="balance", dtype=torch.bfloat16)
