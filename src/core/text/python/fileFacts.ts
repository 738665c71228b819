/** Whether a Python file trains, which modules its LoRA adapters target, and whether it trains every weight. */
import type { PyVal } from './values';

const OPTIMIZERS = /^(Adam|AdamW|SGD|Adafactor|Adagrad|RMSprop|Lion|AdamW8bit|PagedAdamW|PagedAdamW8bit|PagedAdamW32bit|Adam8bit|LAMB)$/;

export class TrainingFacts {
  trains = false;
  loraTargets: string[] | undefined;
  loraRank: number | undefined;
  /** peft is used (LoraConfig, get_peft_model, prepare_model_for_kbit_training, PeftModel...). */
  private peft = false;
  /** A Trainer (`Trainer`, `SFTTrainer`, `Seq2SeqTrainer`...) is built. */
  private trainer = false;

  /** Full fine-tuning: a Trainer with no peft anywhere in the file (every parameter trains). */
  get fullFineTuning(): boolean {
    return this.trainer && !this.peft;
  }

  /** Looks at one call (its dotted callee, and keyword arguments when already evaluated). */
  observe(callee: string | undefined, kwargs: () => ReadonlyMap<string, PyVal>): void {
    if (!callee) return;
    const last = callee.slice(callee.lastIndexOf('.') + 1);
    if (
      /^(get_peft_model|prepare_model_for_kbit_training|\w*LoraConfig\w*)$/.test(last) ||
      /(^|\.)(peft|PeftModel\w*|AutoPeftModel\w*)(\.|$)/.test(callee)
    )
      this.peft = true;
    if (/^\w*Trainer$/.test(last)) this.trainer = true;
    if (last === 'LoraConfig' || last === 'LoraConfigWithMeta') {
      this.trains = true;
      const kw = kwargs();
      const t = kw.get('target_modules');
      if (t?.t === 'str') this.loraTargets = [t.v];
      else if (t?.t === 'list' && t.items.every((x) => x.t === 'str')) this.loraTargets = t.items.map((x) => (x as { v: string }).v);
      const r = kw.get('r');
      if (r?.t === 'int') this.loraRank = r.v;
      return;
    }
    if (
      last === 'get_peft_model' ||
      last === 'prepare_model_for_kbit_training' ||
      last === 'backward' ||
      /^\w*Trainer$/.test(last) ||
      OPTIMIZERS.test(last) ||
      callee.includes('optim.')
    )
      this.trains = true;
  }
}
