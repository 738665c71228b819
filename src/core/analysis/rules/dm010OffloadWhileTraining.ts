/**
 * DM010: blocks on "cpu"/"disk" in a file that trains. With LoRA targets inside
 * the offloaded blocks the step fails (recorded on Falcon-7B: "Function
 * MmBackward0 returned an invalid gradient ... expected device meta"); otherwise
 * every step streams the weights in and training crawls.
 */
import { moduleIndex, walkModules, type ModuleNode } from '../../models/tree';
import type { Finding } from '../api';
import type { RuleContext } from '../context';
import { finding } from '../finding';
import { holdsParams } from '../treeWalk';

function isOffload(d: unknown): d is 'cpu' | 'disk' {
  return d === 'cpu' || d === 'disk';
}

/** LoRA targets (`q_proj`) that name a module under `node`. */
function targetsUnder(targets: readonly string[] | undefined, node: ModuleNode | undefined): string[] {
  if (!targets || targets.length === 0 || !node) return [];
  const hit = new Set<string>();
  for (const m of walkModules(node)) {
    const last = m.name.split('.').pop()!;
    for (const t of targets) if (last === t || m.name === t || m.name.endsWith(`.${t}`)) hit.add(t);
  }
  return [...hit];
}

export function dm010OffloadWhileTraining(ctx: RuleContext): Finding[] {
  if (!ctx.facts.trains || ctx.map.kind !== 'dict') return [];
  const index = ctx.tree ? moduleIndex(ctx.tree.root) : undefined;
  const out: Finding[] = [];
  for (const [key, device] of ctx.devices) {
    if (!isOffload(device)) continue;
    const node = index?.get(key);
    // Buffer-only modules (rotary embeddings) cost nothing to stream; keys naming nothing are DM002's.
    if (index && (!node || !holdsParams(node))) continue;
    const e = ctx.entryByKey.get(key)!;
    const hits = targetsUnder(ctx.facts.loraTargets, node);
    if (hits.length > 0) {
      out.push(
        finding(
          'DM010',
          e.entrySpan,
          `this file trains LoRA on ${hits.join(', ')}, which sit in "${key}" on ${device}: the training step fails with ` +
            'RuntimeError: Function MmBackward0 returned an invalid gradient at index 1 - expected device meta but got cuda:0. Put these blocks on a GPU',
          { severity: 'error', data: { key, device, targets: hits } },
        ),
      );
    } else {
      out.push(
        finding(
          'DM010',
          e.entrySpan,
          `this file trains and "${key}" is offloaded to ${device}: every step copies its weights to the GPU and back, so training is very slow. Put these blocks on a GPU`,
          { data: { key, device } },
        ),
      );
    }
  }
  return out;
}
