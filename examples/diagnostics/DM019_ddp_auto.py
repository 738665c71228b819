"""DM019: device_map="auto" in a script run_ddp.sh starts as two processes; Trainer's accelerator.prepare raises."""
from transformers import AutoModelForCausalLM, Trainer, TrainingArguments

model = AutoModelForCausalLM.from_pretrained("meta-llama/Llama-2-7b-hf", device_map="auto")
trainer = Trainer(model=model, args=TrainingArguments(output_dir="out"), train_dataset=None)
trainer.train()
