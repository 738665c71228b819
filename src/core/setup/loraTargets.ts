/**
 * The modules LoRA wraps, read from the model's own tree: the Linear (or Conv1D)
 * projections inside each attention module (`q_proj`/`k_proj`/`v_proj`/`o_proj`,
 * `qkv_proj`, `c_attn`, `query_key_value`, T5's `q`/`k`/`v`/`o`). A name that also
 * ends a module outside attention (GPT-2's `c_proj` is in the MLP too) is left out:
 * peft matches `target_modules` by the last name segment, so it would wrap both.
 */
import { walkModules, type ModelTree, type ModuleNode } from '../models/tree';

const ATTENTION = /attn|attention/i;

function isProjection(m: ModuleNode): boolean {
  const w = m.params.find((p) => p.name === 'weight');
  // peft's LoRA wraps Linear and GPT-2's Conv1D (Embedding has its own LoRA layer; not a projection).
  return !!w && w.shape.length === 2 && /Linear|Conv1D/.test(m.className);
}

/** Attention projection names, in the order the first block defines them. */
export function loraTargetsOf(tree: ModelTree): string[] {
  const inAttention: string[] = [];
  const elsewhere = new Set<string>();
  for (const m of walkModules(tree.root)) {
    if (!isProjection(m)) continue;
    const parts = m.name.split('.');
    const last = parts[parts.length - 1]!;
    const parent = parts[parts.length - 2] ?? '';
    if (ATTENTION.test(parent)) {
      if (!inAttention.includes(last)) inAttention.push(last);
    } else elsewhere.add(last);
  }
  return inAttention.filter((n) => !elsewhere.has(n));
}
