/**
 * The ms-swift command line of a setup, in a shell script. Every flag is one of
 * ms-swift 4's own arguments (github.com/modelscope/ms-swift, swift/arguments/):
 *   --model, --torch_dtype, --device_map, --max_memory   base_args/model_args.py (ModelArguments)
 *   --use_hf                                             base_args/base_args.py (ids from the Hugging Face Hub)
 *   --tuner_type lora|full                               base_args/base_args.py (ms-swift 3 spelled it --train_type)
 *   --lora_rank, --lora_alpha, --lora_dropout, --target_modules   tuner_args.py
 *   --quant_method bnb, --quant_bits 4, --bnb_4bit_quant_type, --bnb_4bit_compute_dtype   base_args/quant_args.py
 *   --dataset, --max_length                              base_args/data_args.py, template_args.py
 *   --per_device_train_batch_size, --gradient_checkpointing, --output_dir   swift/trainers/arguments.py
 *   --max_new_tokens                                     base_args/generation_args.py
 *   NPROC_PER_NODE (torchrun under `swift`)              swift/cli/main.py
 * `--device_map` takes a JSON string or a JSON file (`json_parse_to_dict`); with several
 * processes ms-swift adds the local rank to every int device of a dict map
 * (`_init_device_map`), and for MP + DDP gives process r the cards r, r+P, …
 * (`patcher.py`), so a hybrid run passes process 0's map. ms-swift turns gradient
 * checkpointing on by default: the script says what the estimate assumed.
 */
import type { SetupFile } from '../types';
import type { SetupPlanCore } from './context';
import { mib } from './pyWords';
import { continued, header, shq, visibleCards } from './shellWords';

const SWIFT_DTYPE = { bf16: 'bfloat16', fp16: 'float16', fp32: 'float32' } as const;

/** `--device_map` (the map as a JSON string: process 0's for a hybrid run) and, for a transformers strategy, `--max_memory`. */
function placementArgs(p: SetupPlanCore): string[] {
  const r = p.request;
  if (r.processes > 1 && r.layout === 'data-parallel') return []; // ms-swift's default: cuda:<local_rank> per process
  const inline = `--device_map ${shq(JSON.stringify(Object.fromEntries(p.map)))}`;
  if (r.processes > 1 || r.strategy === 'studio') return [inline];
  const budgets = [...(p.ranks[0]?.maxMemory ?? new Map())].map(
    ([d, b]) => `${typeof d === 'number' ? d : JSON.stringify(d)}: "${mib(b)}"`,
  );
  return [`--device_map ${r.strategy}`, `--max_memory ${shq(`{${budgets.join(', ')}}`)}`];
}

export function swiftScript(p: SetupPlanCore): SetupFile {
  const r = p.request;
  const training = r.task !== 'inference';
  const args = [`--model ${shq(r.model.id)}`, '--use_hf true', `--torch_dtype ${SWIFT_DTYPE[r.dtype]}`, ...placementArgs(p)];
  if (r.task === 'qlora')
    args.push('--quant_method bnb', '--quant_bits 4', '--bnb_4bit_quant_type nf4', `--bnb_4bit_compute_dtype ${SWIFT_DTYPE[r.dtype]}`);
  if (training) {
    args.push(`--tuner_type ${r.task === 'full' ? 'full' : 'lora'}`);
    if (r.task !== 'full')
      args.push(
        `--lora_rank ${r.loraRank}`,
        `--lora_alpha ${2 * r.loraRank}`,
        '--lora_dropout 0.05',
        `--target_modules ${p.loraTargets.join(' ')}`,
      );
    args.push(
      '--dataset "$DATASET"',
      `--max_length ${r.seq}`,
      `--per_device_train_batch_size ${r.batch}`,
      `--gradient_checkpointing ${r.gradientCheckpointing ? 'true' : 'false'}`,
      '--output_dir out',
    );
  } else args.push('--max_new_tokens 32');
  const envs = [`CUDA_VISIBLE_DEVICES=${visibleCards(p)}`, ...(r.processes > 1 ? [`NPROC_PER_NODE=${r.processes}`] : [])];
  const lines = [
    ...header(p, `ms-swift ${training ? 'sft' : 'infer'}`),
    ...(training ? ['DATASET="${DATASET:?set DATASET to your dataset id or file}"', ''] : []),
    ...continued(`${envs.join(' ')} swift ${training ? 'sft' : 'infer'}`, args),
    '',
  ];
  return { relativePath: training ? 'swift_sft.sh' : 'swift_infer.sh', languageId: 'shellscript', content: lines.join('\n') };
}
