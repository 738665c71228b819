"""DM021: two cards per process in run_ddp.sh's hybrid launch, but rank r takes cuda:r and cuda:r+1, so ranks 0 and 1 share cuda:1."""
import os

from transformers import AutoModelForCausalLM, Trainer, TrainingArguments

rank = int(os.environ["LOCAL_RANK"])
model = AutoModelForCausalLM.from_pretrained("meta-llama/Llama-2-7b-hf", device_map="auto", max_memory={rank: "20GiB", rank + 1: "20GiB"})
trainer = Trainer(model=model, args=TrainingArguments(output_dir="out"), train_dataset=None)
trainer.train()
