/**
 * DM010: blocks on "cpu"/"disk" in a file that trains. With LoRA targets inside
 * the offloaded blocks the step fails (recorded on Falcon-7B: "Function
 * MmBackward0 returned an invalid gradient ... expected device meta"); otherwise
 * every step streams the weights in and training crawls. A run of consecutive
 * offloaded keys is one mistake, so it is one finding over the run.
 */
import { moduleIndex, walkModules, type ModuleNode } from '../../models/tree';
import type { DeviceMapEntry } from '../../text/types';
import type { Finding } from '../api';
import type { RuleContext } from '../context';
import { joinAnd, rangeOfNames } from '../format';
import { holdsParams } from '../treeWalk';
import { rebalance } from '../fixes/rebalance';
import { defineRule } from './unit';

const GRADIENT_ERROR = 'RuntimeError: Function MmBackward0 returned an invalid gradient at index 1 - expected device meta but got cuda:0';

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

interface Offloaded {
  readonly key: string;
  readonly device: 'cpu' | 'disk';
  readonly entry: DeviceMapEntry;
  readonly targets: readonly string[];
}

/** Runs of consecutive offloaded keys, in map order; a key on a GPU ends a run, keys that cost nothing to stream are passed over. */
function offloadedRuns(ctx: RuleContext): Offloaded[][] {
  const index = ctx.tree ? moduleIndex(ctx.tree.root) : undefined;
  const runs: Offloaded[][] = [];
  let run: Offloaded[] = [];
  for (const [key, device] of ctx.devices) {
    if (!isOffload(device)) {
      if (run.length > 0) runs.push(run);
      run = [];
      continue;
    }
    const node = index?.get(key);
    // Buffer-only modules (rotary embeddings) cost nothing to stream; keys naming nothing are DM002's.
    if (index && (!node || !holdsParams(node))) continue;
    run.push({ key, device, entry: ctx.entryByKey.get(key)!, targets: targetsUnder(ctx.facts.loraTargets, node) });
  }
  if (run.length > 0) runs.push(run);
  return runs;
}

export const dm010 = defineRule({
  code: 'DM010',
  severity: 'warning',
  title: 'CPU- or disk-placed blocks in a file that trains (an error when LoRA targets sit in them); one finding per run of blocks',
  messages: {
    slow: '{blocks} on {device} in a file that trains: every step copies their weights to the GPU and back. Training is very slow; put these blocks on a GPU.',
    loraFails:
      'LoRA targets {targets} sit in {blocks} on {device}, so the training step fails. torch raises "{error}". Put these blocks on a GPU.',
  },
  docs: {
    catches:
      'Modules placed on `"cpu"` or `"disk"` in a file that trains (peft LoRA, `Trainer`/`SFTTrainer`, `.backward()`, an optimizer). One finding per run of consecutive offloaded keys.',
    why:
      'With LoRA targets inside the offloaded blocks, **the first training step fails** (recorded on Falcon-7B): ' +
      `\`${GRADIENT_ERROR}\`. Without them it runs, but every step streams the offloaded weights to the GPU and back, so training crawls.`,
    example: {
      language: 'python',
      code: 'model = AutoModelForCausalLM.from_pretrained(name, device_map={"model.embed_tokens": 0, "model.layers.0": 0, "model.layers.1": "cpu", "model.norm": 0, "lm_head": 0})\nmodel = get_peft_model(model, LoraConfig(target_modules=["q_proj", "v_proj"]))',
    },
    fix: 'Put every block on a GPU: the rebalance quick fixes plan a map over the configured cards that keeps the training reserve free (with no GPUs configured, the fix offers to set them up).',
  },
  check(ctx, say) {
    if (!ctx.facts.trains || ctx.map.kind !== 'dict') return [];
    const out: Finding[] = [];
    for (const run of offloadedRuns(ctx)) {
      const first = run[0]!;
      const last = run[run.length - 1]!;
      const span = { start: first.entry.entrySpan.start, end: last.entry.entrySpan.end };
      const blocks = run.length === 1 ? `"${first.key}"` : rangeOfNames(run.map((o) => o.key));
      const device = joinAnd([...new Set(run.map((o) => o.device))]);
      const targets = [...new Set(run.flatMap((o) => o.targets))];
      const data = { key: first.key, keys: run.map((o) => o.key), device: first.device, ...(targets.length > 0 ? { targets } : {}) };
      out.push(
        targets.length > 0
          ? say.finding(
              span,
              'loraFails',
              { targets: targets.join(', '), blocks, device, error: GRADIENT_ERROR },
              { severity: 'error', data },
            )
          : say.finding(span, 'slow', { blocks, device }, { data }),
      );
    }
    return out;
  },
  fixes: [rebalance],
});
