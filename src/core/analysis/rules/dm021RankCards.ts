/**
 * DM021: a map that depends on the rank, evaluated once per process (text/python/perRank.ts),
 * gives two ranks the same card, or gives a rank a card the launch does not leave visible.
 */
import type { Finding } from '../api';
import type { RuleContext } from '../context';
import type { RankView } from '../../text/types';
import { defineRule } from './unit';

export const ORDINAL_ERROR = 'RuntimeError: CUDA error: invalid device ordinal';

/** The GPUs one rank puts weights on: a dict's or device's GPUs, or the cards a strategy's max_memory budgets. */
export function rankGpus(v: RankView): number[] | undefined {
  if (v.partial) return undefined;
  const ds = v.kind === 'strategy' ? v.budgeted : v.devices;
  return ds?.filter((d): d is number => typeof d === 'number');
}

function list(xs: readonly (number | string)[]): string {
  return xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`;
}

/** Cards every process sees: the launch's CUDA_VISIBLE_DEVICES, the file's, the configured GPUs (the fewest). */
function visibleCards(ctx: RuleContext): number | undefined {
  const fromLaunch = ctx.env.launch?.visibleDevices;
  const n = ctx.gpuCount;
  if (fromLaunch === undefined) return n;
  return n === undefined ? fromLaunch : Math.min(n, fromLaunch);
}

export const dm021 = defineRule({
  code: 'DM021',
  severity: 'error',
  title: 'per-rank GPU sets that overlap, or reach past the visible cards',
  messages: {
    overlap:
      'Ranks share cards ({processes} processes, {from}): {shared}. Each process loads its own copy of what it places there, ' +
      'so a shared card holds several; give each rank its own cards.',
    beyond: '{ranks} beyond the {range} visible ({processes} processes, {from}). That process fails at load with "{error}".',
    rankUses: 'rank {rank} uses {cards}',
  },
  docs: {
    catches:
      'A `device_map` or `max_memory` computed from the rank (`LOCAL_RANK` / `RANK` from `os.environ`, `PartialState().process_index` or ' +
      '`local_process_index`, `Accelerator().local_process_index`, `torch.distributed.get_rank()`, a `local_rank` argument), evaluated once per ' +
      'process of the launch (ranks 0 to N-1, at most 8): two ranks that put weights on the same card, or a rank that puts them on a card past the ' +
      "ones the launch leaves visible (the launch's `CUDA_VISIBLE_DEVICES`, the file's, the configured GPUs). For a strategy map the cards are " +
      'the GPU keys of `max_memory` with a budget above zero.',
    why:
      'A card past the visible ones fails **at load** in that rank: accelerate 1.15 `get_max_memory` only warns ' +
      '`Device {device} is not available, available devices are {list(range(num_devices))}` for a `max_memory` key, then layers are placed there and ' +
      `the first weight copied to it raises \`${ORDINAL_ERROR}\`. Cards shared between ranks fail **while loading or training**, with no message ` +
      "that names the cause: every process places its own copy of the layers there, each within a budget (its `max_memory`, or the card's free memory " +
      'at the moment it looked) that counted the card as its own, so the card runs out of memory (`torch.OutOfMemoryError: CUDA out of memory`). ' +
      'With `ACCELERATE_BYPASS_DEVICE_MAP=true` accelerate 1.15 wraps such a model in `DistributedDataParallel(model, device_ids=None, output_device=None)`: ' +
      'nothing checks that the ranks keep to their own cards.',
    example: {
      language: 'python',
      code:
        '# run.sh: ACCELERATE_BYPASS_DEVICE_MAP=true torchrun --nproc_per_node 2 train.py (4 GPUs)\n' +
        'rank = int(os.environ["LOCAL_RANK"])\n' +
        'model = AutoModelForCausalLM.from_pretrained(name, device_map="auto", max_memory={rank: "20GiB", rank + 1: "20GiB"})',
    },
    fix:
      'Give rank r cards of its own: `{2 * r: "20GiB", 2 * r + 1: "20GiB"}` for two cards per process, and launch no more processes than ' +
      'visible cards divided by cards per process.',
  },
  check(ctx, say) {
    const launch = ctx.env.launch;
    const ranks = ctx.map.ranks;
    if (!launch || launch.processes < 2 || !ranks) return [];
    const views = ranks.slice(0, launch.processes);
    const span = ctx.map.kind === 'strategy' && ctx.map.maxMemory ? ctx.map.maxMemory.span : ctx.map.span;
    const base = { processes: launch.processes, from: launch.from };
    const out: Finding[] = [];
    const users = new Map<number, number[]>();
    const gpusOf = new Map<number, number[]>();
    for (const v of views) {
      const gpus = rankGpus(v);
      if (!gpus) continue;
      gpusOf.set(v.rank, gpus);
      for (const g of gpus) users.set(g, [...(users.get(g) ?? []), v.rank]);
    }
    const shared = [...users].filter(([, rs]) => rs.length > 1).sort((a, b) => a[0] - b[0]);
    if (shared.length > 0) {
      const text = shared.map(([g, rs]) => `cuda:${g} by ranks ${list(rs)}`).join('; ');
      out.push(say.finding(span, 'overlap', { ...base, shared: text }, { data: { shared: shared.map(([g]) => g) } }));
    }
    const n = visibleCards(ctx);
    if (n !== undefined) {
      const past: string[] = [];
      for (const [rank, gpus] of gpusOf) {
        const beyond = gpus.filter((g) => g >= n);
        if (beyond.length > 0) past.push(say.text('rankUses', { rank, cards: list(beyond.map((g) => `cuda:${g}`)) }));
      }
      if (past.length > 0) {
        const range = n > 1 ? `cuda:0-${n - 1}` : n === 1 ? 'cuda:0' : 'no GPU';
        const ranksText = list(past);
        out.push(
          say.finding(span, 'beyond', {
            ...base,
            ranks: ranksText.charAt(0).toUpperCase() + ranksText.slice(1),
            range,
            error: ORDINAL_ERROR,
          }),
        );
      }
    }
    return out;
  },
});
