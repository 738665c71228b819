/**
 * DM019: a map with more than one entry in a script trained under several processes.
 * accelerate 1.15 `Accelerator.prepare_model` raises unless ACCELERATE_BYPASS_DEVICE_MAP
 * is "true": `verify_device_map` counts the model's `hf_device_map` entries, not devices.
 */
import type { RuleContext } from '../context';
import { action } from '../fixes/fixContext';
import { cardsPerRank, rankRead, withReplacement } from '../fixes/perRank';
import { defineRule } from './unit';

const GIB = 2 ** 30;

export const DISTRIBUTED_ERROR =
  "You can't train a model that has been loaded with `device_map='auto'` in any distributed mode. " +
  'Please rerun your script specifying `--num_processes=1` or by launching with `python {{myscript.py}}`.';

/** One whole copy per process, as the message spells it. */
export const ONE_CARD = '{"": local_rank}';

const STRATEGIES = new Set(['auto', 'balanced', 'balanced_low_0', 'sequential']);

/** A strategy (the model is spread over what it finds) or a dict of several keys: `hf_device_map` gets more than one entry. */
export function manyEntries(ctx: RuleContext): string | undefined {
  const m = ctx.map;
  if (m.kind === 'strategy' && m.value && !m.value.invalid && STRATEGIES.has(String(m.value.literal ?? m.value.device)))
    return `device_map=${m.value.raw}`;
  if (m.kind === 'dict' && m.entries.length > 1) return `a device_map of ${m.entries.length} keys`;
  return undefined;
}

export const dm019 = defineRule({
  code: 'DM019',
  severity: 'error',
  title: 'a map with more than one entry in a script trained under several processes (torchrun, accelerate launch, deepspeed)',
  messages: {
    distributed:
      '{what} is trained in {processes} processes ({from}): accelerate refuses it. ' +
      'Accelerator.prepare_model raises ValueError: {error} Load one whole copy per process (device_map={oneCard}), ' +
      'or, for model parallel inside each process, give each rank its own cards and set ACCELERATE_BYPASS_DEVICE_MAP=true.',
    oneCard: 'Load one whole copy per process: device_map={map}',
    hybrid: 'Keep the split: {cards} cards of its own per process (max_memory by rank) and ACCELERATE_BYPASS_DEVICE_MAP=true',
  },
  docs: {
    catches:
      'A `device_map` that gives the model more than one entry — `"auto"`, `"balanced"`, `"balanced_low_0"`, `"sequential"`, or a dict of several keys ' +
      '(even all on one card) — in a file that trains, started as several processes: `torchrun --nproc_per_node N`, ' +
      '`python -m torch.distributed.run`, `accelerate launch --num_processes N`, `deepspeed --num_gpus N`, in a shell script next to the file, ' +
      'or the `processes` setting / config key / `--processes` flag. Silent when the launch or the file sets `ACCELERATE_BYPASS_DEVICE_MAP=true`.',
    why:
      'Fails **at the first `accelerator.prepare` / `Trainer.train()`**. accelerate 1.15 `Accelerator.prepare_model` checks ' +
      '`self.verify_device_map(model) and self.distributed_type != DistributedType.NO and os.environ.get("ACCELERATE_BYPASS_DEVICE_MAP", "false") != "true"` ' +
      `and raises \`ValueError: ${DISTRIBUTED_ERROR}\`. \`verify_device_map\` returns True when any module has an \`hf_device_map\` with more than one entry: ` +
      'it counts entries, not devices.',
    example: {
      language: 'python',
      code: '# run.sh: torchrun --nproc_per_node 2 train.py\nmodel = AutoModelForCausalLM.from_pretrained(name, device_map="auto")\ntrainer = Trainer(model=model, args=args, train_dataset=ds)\ntrainer.train()',
    },
    fix:
      'Data parallel: one whole copy per process, `device_map={"": local_rank}` (`PartialState().local_process_index` where accelerate is imported, ' +
      'else `int(os.environ.get("LOCAL_RANK", 0))`). A deliberate hybrid (model parallel inside each process, data parallel across them): give each rank ' +
      'its own cards with a per-rank `max_memory` and set `ACCELERATE_BYPASS_DEVICE_MAP=true` in the launch. Quick fixes: the first writes ' +
      '`device_map={"": local_rank}`, reading the rank the way the file already does, else with `PartialState().local_process_index` where ' +
      'accelerate is imported, else `int(os.environ.get("LOCAL_RANK", 0))`; the second (for a strategy, when every process can have two or more ' +
      'visible cards of its own) adds a `max_memory` keyed by the rank and `os.environ.setdefault("ACCELERATE_BYPASS_DEVICE_MAP", "true")`.',
  },
  check(ctx, say) {
    const launch = ctx.env.launch;
    if (!launch || launch.processes < 2 || launch.bypass || ctx.facts.bypassesDeviceMapCheck || !ctx.facts.trains) return [];
    const what = manyEntries(ctx);
    if (!what) return [];
    return [
      say.finding(
        ctx.map.span,
        'distributed',
        { what, processes: launch.processes, from: launch.from, error: DISTRIBUTED_ERROR, oneCard: ONE_CARD },
        { data: { processes: launch.processes } },
      ),
    ];
  },
  fixes: [
    ({ ctx }, say) => {
      const call = ctx.map.callSpan;
      const read = call && rankRead(ctx, call.start);
      if (!read) return [];
      const q = ctx.map.style?.quote ?? ctx.map.value?.quote ?? '"';
      const map = `{${q}${q}: ${read.name}}`;
      const s = ctx.map.span;
      return action(say.text('oneCard', { map }), ['DM019'], withReplacement(read, s.start, s.end - s.start, map), true);
    },
    ({ ctx }, say) => hybridFix(ctx, (cards) => say.text('hybrid', { cards })),
  ],
});

/** A strategy kept inside each process: rank r budgets cards [k*r, k*r+k), and the file sets the bypass. */
function hybridFix(ctx: RuleContext, title: (cards: number) => string) {
  const { map, env } = ctx;
  const call = map.callSpan;
  const cards = cardsPerRank(ctx);
  const gpus = env.setup.gpus;
  if (map.kind !== 'strategy' || !call || cards === undefined || cards < 2 || gpus.length === 0) return [];
  const inCall = (s: { start: number; end: number }) => s.start >= call.start && s.end <= call.end;
  if (!inCall(map.span) || (map.maxMemory && !inCall(map.maxMemory.span))) return [];
  const read = rankRead(ctx, call.start, 'os.environ.setdefault("ACCELERATE_BYPASS_DEVICE_MAP", "true")');
  if (!read) return [];
  const q = map.value?.quote ?? '"';
  const gib = Math.floor(Math.min(...gpus.map((g) => g.memory)) / GIB);
  const keys = Array.from({ length: cards }, (_, i) => `${cards} * ${read.name}${i > 0 ? ` + ${i}` : ''}`);
  const budget = `{${keys.map((k) => `${k}: ${q}${gib}GiB${q}`).join(', ')}}`;
  const mm = map.maxMemory;
  const edits = mm
    ? withReplacement(read, mm.span.start, mm.span.end - mm.span.start, budget)
    : withReplacement(read, map.span.end, 0, `, max_memory=${budget}`);
  return action(title(cards), ['DM019'], edits);
}
