/** A throwaway project for the launch tests: a Trainer script loading the tiny Llama with `device_map="auto"`, plus the given files. */
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { REPO_ROOT } from '../helpers/fixtures';

export const TRAIN = [
  'from transformers import AutoModelForCausalLM, Trainer, TrainingArguments',
  '',
  'model = AutoModelForCausalLM.from_pretrained("./models/tiny-llama", device_map="auto")',
  'Trainer(model=model, args=TrainingArguments(output_dir="out"), train_dataset=None).train()',
  '',
].join('\n');

/** A temporary folder holding `models/tiny-llama` and `files` (paths relative to it, folders made as needed). */
export function launchProject(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'dms-launch-'));
  cpSync(join(REPO_ROOT, 'test/fixtures/analysis/models/tiny-llama'), join(dir, 'models/tiny-llama'), { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}
