/**
 * What would fit when a setup does not: QLoRA instead of LoRA (or of full
 * fine-tuning), CPU offload for inference, fewer processes, more cards of the same
 * kind, our planner instead of a transformers strategy. Each one is evaluated with
 * the same placement and estimate as the request itself; only those that fit are offered.
 */
import { evaluate } from './evaluate';
import type { SetupAlternative, SetupRequest } from './types';
import { setupSay, taskWords } from './messages';

/** The most cards "more cards" looks for (one node of 8, or two). */
const MAX_CARDS = 16;
/** RAM an offload alternative may use when the machine's is not known (as the editor budgets a strategy's CPU). */
const UNKNOWN_RAM = 2 ** 40;

type Change = SetupAlternative['change'];

function tryChange(req: SetupRequest, what: string, change: Change): SetupAlternative | undefined {
  const e = evaluate({ ...req, ...change });
  return e.fits ? { what, change, perCard: e.perCard } : undefined;
}

export function alternativesFor(req: SetupRequest): SetupAlternative[] {
  const out: SetupAlternative[] = [];
  const add = (a: SetupAlternative | undefined): void => {
    if (a) out.push(a);
  };
  const processes = req.processes ?? 1;
  if (req.task === 'full') add(tryChange(req, setupSay.text('altLora', {}), { task: 'lora' }));
  if (req.task === 'lora' || (req.task === 'full' && out.length === 0))
    add(tryChange(req, setupSay.text('altQlora', { task: taskWords(req.task) }), { task: 'qlora' }));
  if (req.task === 'inference' && req.cpuOffload === undefined && processes === 1)
    add(tryChange(req, setupSay.text('altOffload', {}), { cpuOffload: req.machine?.cpuMemory || UNKNOWN_RAM }));
  if ((req.strategy ?? 'studio') !== 'studio') add(tryChange(req, setupSay.text('altStudio', {}), { strategy: 'studio' }));
  if (processes > 1) {
    for (let p = processes - 1; p >= 1; p--) {
      const a = tryChange(req, p === 1 ? setupSay.text('altOneProcess', {}) : setupSay.text('altProcesses', { count: p }), {
        processes: p,
      });
      if (a) {
        out.push(a);
        break;
      }
    }
    if ((req.layout ?? 'data-parallel') === 'data-parallel') add(tryChange(req, setupSay.text('altHybrid', {}), { layout: 'hybrid' }));
  }
  const last = req.cards[req.cards.length - 1];
  if (last && !(processes > 1 && (req.layout ?? 'data-parallel') === 'data-parallel')) {
    for (let n = req.cards.length + 1; n <= MAX_CARDS; n++) {
      const cards = [...req.cards, ...Array.from({ length: n - req.cards.length }, () => ({ ...last }))];
      const a = tryChange(req, setupSay.text('altMoreCards', { count: n, more: n - req.cards.length, name: last.name }), { cards });
      if (a) {
        out.push(a);
        break;
      }
    }
  }
  return out;
}
