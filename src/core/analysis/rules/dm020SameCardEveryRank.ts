/**
 * DM020: every process of a multi-process launch loads the model onto the same card
 * (`{"": 0}`, `"cuda:0"`, `0`). With bitsandbytes 4/8-bit, training then fails in
 * accelerate 1.15 `prepare_model`; otherwise every rank's copy lands on that card first.
 */
import { ONE_CARD } from './dm019DistributedSplitMap';
import type { DeviceValue } from '../../text/types';
import type { RuleContext } from '../context';
import { action } from '../fixes/fixContext';
import { rankRead, withReplacement } from '../fixes/perRank';
import { defineRule } from './unit';

export const QUANT_DEVICE_ERROR =
  "You can't train a model that has been loaded in 8-bit or 4-bit precision on a different device than the one you're training on.";

/** A GPU written as a literal (the same in every process), not computed from the rank. */
const LITERAL_GPU = /^(\d+|(["'])cuda(:\d+)?\2|torch\.device\((["'])cuda(:\d+)?\4(,\s*\d+)?\))$/;

export const dm020 = defineRule({
  code: 'DM020',
  severity: 'warning',
  title: 'every process of a multi-process launch loads onto the same card',
  messages: {
    quantized:
      'Every one of the {processes} processes ({from}) loads the {bits} model on cuda:{device}: training fails. ' +
      'accelerate raises ValueError: {error} Use device_map={oneCard} so each process loads on its own card.',
    plain:
      'Every one of the {processes} processes ({from}) loads the model on cuda:{device} first. ' +
      'That card holds {processes} copies until each rank moves its own; use device_map={oneCard} to load each on its own card.',
    ownCard: 'Load each process on its own card: {value}',
  },
  docs: {
    catches:
      'A map that puts the whole model on one fixed GPU (`{"": 0}`, `"cuda:0"`, `0`) in a file started as several processes. ' +
      'An error when the model is quantized with bitsandbytes (4-bit or 8-bit) and the file trains; a warning otherwise.',
    why:
      "With 4/8-bit weights, accelerate 1.15 `Accelerator.prepare_model` compares the model's device with the process's own and raises " +
      `\`ValueError: ${QUANT_DEVICE_ERROR} Make sure you loaded the model on the correct device using for example device_map={'':torch.cuda.current_device()} …\` ` +
      'in every rank but rank 0. Without quantization every rank first loads its full copy onto that card, which runs out of memory as the processes add up.',
    example: {
      language: 'python',
      code: '# run.sh: accelerate launch --num_processes 2 train.py\nbnb = BitsAndBytesConfig(load_in_4bit=True)\nmodel = AutoModelForCausalLM.from_pretrained(name, quantization_config=bnb, device_map={"": 0})\ntrainer.train()',
    },
    fix:
      'Load each process on its own card: `device_map={"": PartialState().local_process_index}` where accelerate is imported, else ' +
      '`{"": int(os.environ.get("LOCAL_RANK", 0))}`. The quick fix writes the rank in place of the fixed card, in its spelling (`local_rank`, ' +
      '`f"cuda:{local_rank}"`, `torch.device("cuda", local_rank)`), with the line that reads the rank when the file has none.',
  },
  check(ctx, say) {
    const launch = ctx.env.launch;
    if (!launch || launch.processes < 2) return [];
    const m = ctx.map;
    const value = fixedCard(ctx);
    if (!value) return [];
    const q = m.quantization;
    const bnb = q && (q.method === 'bnb-4bit' || q.method === 'bnb-8bit');
    const values = { processes: launch.processes, from: launch.from, device: value.device, oneCard: ONE_CARD };
    if (bnb && ctx.facts.trains) {
      return [
        say.finding(
          value.span,
          'quantized',
          { ...values, bits: q.method === 'bnb-4bit' ? '4-bit' : '8-bit', error: QUANT_DEVICE_ERROR },
          { severity: 'error' },
        ),
      ];
    }
    return [say.finding(value.span, 'plain', values)];
  },
  fixes: [
    ({ ctx }, say) => {
      const value = fixedCard(ctx);
      const call = ctx.map.callSpan;
      const read = value && call && rankRead(ctx, call.start);
      if (!value || !read) return [];
      const q = value.quote ?? '"';
      const text =
        value.style === 'cuda-string'
          ? `f${q}cuda:{${read.name}}${q}`
          : value.style === 'torch-device'
            ? `torch.device(${q}cuda${q}, ${read.name})`
            : read.name;
      return action(
        say.text('ownCard', { value: text }),
        ['DM020'],
        withReplacement(read, value.span.start, value.span.end - value.span.start, text),
        true,
      );
    },
  ],
});

/** The one fixed GPU the whole model goes to (`{"": 0}`, `"cuda:0"`, `0`), written as a literal. */
function fixedCard(ctx: RuleContext): DeviceValue | undefined {
  const m = ctx.map;
  const value =
    m.kind === 'device' || m.kind === 'int'
      ? m.value
      : m.kind === 'dict' && m.entries.length === 1 && m.entries[0]!.key === ''
        ? m.entries[0]!.value
        : undefined;
  return value && typeof value.device === 'number' && LITERAL_GPU.test(value.raw.trim()) ? value : undefined;
}
