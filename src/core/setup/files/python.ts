/**
 * The Python script of a setup: `from_pretrained` with the planned map (or the
 * transformers strategy and its `max_memory`), the dtype, `BitsAndBytesConfig` for
 * QLoRA, peft's `LoraConfig` on the model's own projection names, and a `Trainer`
 * skeleton (or a generation for inference). Several processes: each loads on its own
 * card (`{"": local_rank}`), or, hybrid, shifts process 0's map onto its own cards
 * with ACCELERATE_BYPASS_DEVICE_MAP set (what DM019 asks for).
 *
 * peft's `prepare_model_for_kbit_training(model, use_gradient_checkpointing=True, ...)`
 * (src/peft/utils/other.py) turns checkpointing on by default, so the script passes the
 * estimate's choice. It also casts every bf16/fp16 parameter that is not 4-bit (embeddings,
 * lm_head, norms) to float32, which the estimate does not count yet: the script says so.
 */
import { describeMode } from '../../analysis/estimateChoice';
import { bytes } from '../../analysis/format';
import type { SetupPlanCore } from './context';
import { RANK_SETUP_PREFIX } from './json';
import { autoClassOf, dtypeKeyword, mib, pyDict, q, torchDType } from './pyWords';

const TASK_TITLE = {
  inference: 'Inference with',
  lora: 'LoRA fine-tuning of',
  qlora: 'QLoRA (4-bit) fine-tuning of',
  full: 'Full fine-tuning of',
};

export function scriptName(p: Pick<SetupPlanCore, 'request'>): string {
  return p.request.task === 'inference' ? 'infer.py' : 'train.py';
}

function docstring(p: SetupPlanCore): string[] {
  const r = p.request;
  const names = [...new Set(r.cards.map((c) => c.name))].join(', ');
  const placement = r.strategy === 'studio' ? "Device Map Studio's planner" : `transformers' device_map="${r.strategy}"`;
  const procs =
    r.processes > 1
      ? ` ${r.processes} processes, ${r.layout === 'hybrid' ? `each model parallel over ${p.ranks[0]?.cards.length ?? 1} cards` : 'one whole copy each'}.`
      : '';
  const lines = [
    `"""${TASK_TITLE[r.task]} ${r.model.id} on ${r.cards.length} × ${names}.`,
    '',
    `Written by Device Map Studio (device-map init). Placement: ${placement}.${procs}`,
  ];
  if (p.mode && p.perCard.length > 0) {
    lines.push(`Estimated peak per card over ${describeMode(p.mode)}:`);
    for (const c of p.perCard)
      lines.push(`    cuda:${c.device}  ${bytes(c.estimate.total)} of ${bytes(c.capacity)}${c.fits ? '' : '  (does not fit)'}`);
  }
  lines.push('"""');
  return lines;
}

/** The map and `max_memory` keyword lines of `from_pretrained`, and the statements that build them. */
function placementLines(p: SetupPlanCore): { before: string[]; kwargs: string[] } {
  const r = p.request;
  const rank0 = p.ranks[0]!;
  if (r.processes > 1 && r.layout === 'data-parallel') {
    return {
      before: [
        '# One whole copy per process, each on its own card (torchrun / accelerate set LOCAL_RANK).',
        'device_map = {"": local_rank}',
        '',
      ],
      kwargs: ['device_map=device_map,'],
    };
  }
  if (r.processes > 1) {
    // Hybrid: each process reads its own map, written out (and checked) in setup_rank<r>.json.
    const how =
      r.strategy === 'studio' ? "Device Map Studio's plan" : `the map device_map="${r.strategy}" gives with max_memory on its cards`;
    return {
      before: [
        `# Process r uses cards r, r+${r.processes}, …: its map (${how}) is in ${RANK_SETUP_PREFIX}<r>.json next to this script.`,
        `with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), f"${RANK_SETUP_PREFIX}{local_rank}.json")) as f:`,
        '    device_map = json.load(f)["device_map"]',
        '',
      ],
      kwargs: ['device_map=device_map,'],
    };
  }
  if (r.strategy === 'studio')
    return {
      before: ['# Planned by Device Map Studio for these cards and this step.', `device_map = ${pyDict(rank0.deviceMap)}`, ''],
      kwargs: ['device_map=device_map,'],
    };
  const budgets = new Map([...(rank0.maxMemory ?? new Map())].map(([d, b]) => [d, mib(b)] as const));
  return {
    before: [
      `# Each card less what the step needs besides weights${r.task === 'inference' ? '' : ', and card 0 less the training reserve'}.`,
      `max_memory = ${pyDict(budgets)}`,
      '',
    ],
    kwargs: [`device_map=${q(r.strategy)},`, 'max_memory=max_memory,'],
  };
}

export function pythonScript(p: SetupPlanCore): string {
  const r = p.request;
  const tree = r.model.tree;
  const { auto, peftTask } = autoClassOf(tree);
  const training = r.task !== 'inference';
  const lora = r.task === 'lora' || r.task === 'qlora';
  const qlora = r.task === 'qlora';
  const several = r.processes > 1;
  const hybrid = several && r.layout === 'hybrid';
  const dtype = torchDType(r.dtype);
  const peftNames = ['LoraConfig', 'get_peft_model', ...(qlora ? ['prepare_model_for_kbit_training'] : [])];
  const hfNames = [auto, 'AutoTokenizer', ...(qlora ? ['BitsAndBytesConfig'] : []), ...(training ? ['Trainer', 'TrainingArguments'] : [])];
  const out: string[] = [...docstring(p)];
  if (hybrid) out.push('import json');
  if (several) out.push('import os', '');
  if (hybrid)
    out.push(
      '# Model parallel inside each process: accelerate accepts the map only with this set (DM019).',
      'os.environ["ACCELERATE_BYPASS_DEVICE_MAP"] = "true"',
      '',
    );
  out.push('import torch');
  if (lora) out.push(`from peft import ${peftNames.join(', ')}`);
  out.push(`from transformers import ${hfNames.join(', ')}`, '');
  out.push(`model_id = ${q(r.model.id)}`);
  if (several) out.push('local_rank = int(os.environ.get("LOCAL_RANK", 0))');
  out.push('');
  if (qlora)
    out.push(
      'bnb_config = BitsAndBytesConfig(',
      '    load_in_4bit=True,',
      '    bnb_4bit_quant_type="nf4",',
      `    bnb_4bit_compute_dtype=${dtype},`,
      ')',
      '',
    );
  const { before, kwargs } = placementLines(p);
  out.push(...before);
  out.push(`model = ${auto}.from_pretrained(`, '    model_id,');
  if (qlora) out.push('    quantization_config=bnb_config,');
  for (const k of kwargs) out.push(`    ${k}`);
  out.push(`    ${dtypeKeyword(tree)}=${dtype},`, ')');
  out.push('tokenizer = AutoTokenizer.from_pretrained(model_id)', '');
  const checkpointing = r.gradientCheckpointing ? 'True' : 'False';
  if (qlora)
    out.push(
      '# peft casts the weights that are not 4-bit (embeddings, lm_head, norms) to float32 here; the estimate above does not count that yet.',
      `model = prepare_model_for_kbit_training(model, use_gradient_checkpointing=${checkpointing})`,
    );
  if (lora) {
    out.push(
      'lora = LoraConfig(',
      `    r=${r.loraRank},`,
      `    lora_alpha=${2 * r.loraRank},`,
      '    lora_dropout=0.05,',
      `    target_modules=[${p.loraTargets.map(q).join(', ')}],`,
      `    task_type=${q(peftTask)},`,
      ')',
      'model = get_peft_model(model, lora)',
      '',
    );
  }
  if (!training) {
    out.push(
      'model.eval()',
      'inputs = tokenizer("The capital of France is", return_tensors="pt").to(model.device)',
      'with torch.no_grad():',
      '    output = model.generate(**inputs, max_new_tokens=32)',
      'print(tokenizer.decode(output[0], skip_special_tokens=True))',
    );
    return `${out.join('\n')}\n`;
  }
  out.push(
    'train_dataset = None  # your tokenized dataset',
    'args = TrainingArguments(',
    '    output_dir="out",',
    `    per_device_train_batch_size=${r.batch},`,
    '    gradient_accumulation_steps=8,',
    `    gradient_checkpointing=${checkpointing},`,
    `    ${r.dtype === 'fp16' ? 'fp16' : 'bf16'}=${r.dtype === 'fp32' ? 'False' : 'True'},`,
    ')',
    'trainer = Trainer(model=model, args=args, train_dataset=train_dataset)',
    'trainer.train()',
  );
  return `${out.join('\n')}\n`;
}
