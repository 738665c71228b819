/**
 * Rebalance: replace the map with what a strategy computes for this model on
 * these cards (DM009, DM010, DM011, DM012). For training, the main card's
 * budget keeps the configured reserve free, so the fix really clears DM012.
 */
import { STRATEGIES } from '../../placement/strategy';
import type { Device } from '../../base/devices';
import { expandStrategy } from '../../placement/strategy';
import { renderDict, replaceMap, writeStyleOf } from '../../text/edits/index';
import { langOf } from '../../text/edits/result';
import type { TextEdit } from '../../text/types';
import type { CodeAction } from '../api';
import { budgetsFor } from '../concrete';
import { sizeOptionsOf, visibleSetup, weightsOfMap, type RuleContext } from '../context';
import { bytes, deviceLabel } from '../format';
import { governingKey } from '../../models/assign';
import type { Fix } from './fixContext';
import { voice } from '../messages';

/** Shared by DM009-DM012; its titles are templates like every rule's. */
export const REBALANCE_MESSAGES = {
  strategy: 'Rebalance as "{strategy}" ({summary})',
  strategyTraining: 'Rebalance as "{strategy}" keeping {reserve} free on cuda:0 ({summary})',
  plannerOne: 'Rebalance with the Device Map Studio planner: move 1 module ({summary})',
  plannerMany: 'Rebalance with the Device Map Studio planner: move {moved} modules ({summary})',
  setUpGpus: 'Set up the GPUs to get a rebalance',
} as const;
const say = voice('rebalance', REBALANCE_MESSAGES);
import { planWithPolicy } from '../plannerPolicy';
import { estimateModeOf } from '../estimateChoice';
import { peakUsageFor } from '../usage';

/** Budgets for a rebalance: as the strategy hover (the cards CUDA_VISIBLE_DEVICES leaves), minus the training reserve on GPU 0 when the file trains. */
function rebalanceBudgets(ctx: RuleContext): Map<Device, number | string> | undefined {
  const budgets = budgetsFor(ctx.map, visibleSetup(ctx.map, ctx.env.setup));
  if (!budgets) return undefined;
  const out = new Map(budgets);
  if (ctx.facts.trains && typeof out.get(0) === 'number') out.set(0, Math.max(0, (out.get(0) as number) - ctx.env.setup.trainingReserve));
  return out;
}

export function rebalanceActions(ctx: RuleContext, fixes: readonly string[]): CodeAction[] {
  const tree = ctx.tree;
  // No cards, no plan: say what it needs, and open the setup (a command, no edit).
  if (tree && ctx.map.kind === 'dict' && ctx.env.setup.gpus.length === 0)
    return [{ title: say.text('setUpGpus', {}), fixes, edits: [], kind: 'quickfix', command: 'configureGpus' }];
  const budgets = rebalanceBudgets(ctx);
  if (!tree || !budgets || ctx.map.kind !== 'dict') return [];
  const out: CodeAction[] = [];
  const seen = new Set<string>();
  const planned = plannerAction(ctx, fixes);
  if (planned) {
    seen.add(planned.sig);
    out.push(planned.action);
  }
  for (const s of STRATEGIES) {
    if (s === 'auto') continue; // the same map as "balanced" in transformers 5
    let map: Map<string, Device>;
    try {
      map = expandStrategy(tree, s, budgets, sizeOptionsOf(ctx.map)).deviceMap;
    } catch {
      continue;
    }
    const sig = JSON.stringify([...map]);
    if (seen.has(sig)) continue;
    seen.add(sig);
    const w = weightsOfMap(ctx, map);
    if (!w || !fits(ctx, map, w)) continue;
    const summary = summaryOf(w);
    const edits = rewrite(ctx, map);
    if (edits.length === 0) continue;
    const title = ctx.facts.trains
      ? say.text('strategyTraining', { strategy: s, reserve: bytes(ctx.env.setup.trainingReserve), summary })
      : say.text('strategy', { strategy: s, summary });
    out.push({ title, fixes, edits: [...edits], kind: 'quickfix' });
  }
  return out;
}

export const rebalance: Fix = ({ finding, ctx }) => rebalanceActions(ctx, [finding.code]);

/** Weights per card, for a fix title: `cuda:0 12.3 GiB · cuda:1 11.9 GiB`. */
function summaryOf(weights: ReadonlyMap<Device, number>): string {
  return [...weights].map(([d, b]) => `${deviceLabel(d)} ${bytes(b)}`).join(' · ');
}

/**
 * The map written out: entry by entry where the dict is literal; a dict
 * assembled from a comprehension or merges is rewritten as one literal
 * (the user asked for a new layout, so the loop that made the old one goes).
 */
function rewrite(ctx: RuleContext, map: Map<string, Device>): readonly TextEdit[] {
  const edits = replaceMap(ctx.doc, ctx.map, map);
  if (edits.length > 0 || !ctx.map.dictSpan) return edits;
  const s = ctx.map.dictSpan;
  const ws = writeStyleOf(ctx.map, langOf(ctx.doc));
  return [{ offset: s.start, length: s.end - s.start, text: renderDict(ctx.doc.text, s.start, map, ws, ctx.map) }];
}

/** A rebalance is only offered when it clears the capacity and reserve checks it is meant to fix. */
function fits(ctx: RuleContext, map: ReadonlyMap<string, Device>, weights: Map<Device, number>): boolean {
  const { gpus, contextBytes, trainingReserve } = ctx.env.setup;
  // The step's peak (DM011's measure) must fit every card.
  for (const card of peakUsageFor(ctx, map)) if (card.capacity !== undefined && card.total > card.capacity) return false;
  const cards = [...weights].filter((e): e is [number, number] => typeof e[0] === 'number').sort((a, b) => a[0] - b[0]);
  const main = cards[0];
  const cap = main ? gpus[main[0]]?.memory : undefined;
  return !(ctx.facts.trains && main && cap !== undefined && cap - main[1] - contextBytes < trainingReserve);
}

/**
 * Our own planner (plannerPolicy): contiguous blocks against the real capacity
 * minus what the step needs besides weights (the current map's estimate), the
 * training reserve on card 0, and as few moved modules as possible.
 */
function plannerAction(ctx: RuleContext, fixes: readonly string[]): { action: CodeAction; sig: string } | undefined {
  const tree = ctx.tree;
  // Only the cards the process sees (CUDA_VISIBLE_DEVICES in the file), renumbered from 0.
  const setup = visibleSetup(ctx.map, ctx.env.setup);
  if (!tree || setup.gpus.length === 0) return undefined;
  let plan;
  try {
    // The one planner policy (plannerPolicy): the panel's planned preview and `plan --strategy studio` call it the same way.
    plan = planWithPolicy({
      tree,
      setup,
      sizes: sizeOptionsOf(ctx.map),
      mode: estimateModeOf(ctx.env, ctx.facts),
      trains: ctx.facts.trains,
      current: ctx.devices,
    });
  } catch {
    return undefined;
  }
  if (!plan.fits || plan.offloaded.length > 0) return undefined;
  const map = new Map(plan.deviceMap);
  const w = weightsOfMap(ctx, map);
  if (!w || !fits(ctx, map, w)) return undefined;
  const edits = rewrite(ctx, map);
  if (edits.length === 0) return undefined;
  const summary = summaryOf(w);
  // Modules whose device changes, counted against the map as written (the planner does not see CPU entries as places).
  const moved = [...map].filter(([k, d]) => {
    const g = governingKey(k, ctx.devices);
    return g === undefined || ctx.devices.get(g) !== d;
  }).length;
  return {
    sig: JSON.stringify([...map]),
    action: {
      title: moved === 1 ? say.text('plannerOne', { summary }) : say.text('plannerMany', { moved, summary }),
      fixes,
      edits: [...edits],
      kind: 'quickfix',
      preferred: true,
    },
  };
}
