/**
 * transformers 4 refused `"disk"` entries without `offload_folder=` when the
 * checkpoint was not safetensors (4.x `_load_pretrained_model`, SPEC §6).
 * Whether a checkpoint is safetensors is known only for trees read from
 * safetensors headers (local or Hub); otherwise this is a hint, never an error,
 * and it carries no DM code: a plain tag, like `duplicate-key`.
 */
import { defineRule } from './unit';

export const OFFLOAD_FOLDER = 'offload-folder';

const V4_ERROR =
  'The current `device_map` had weights offloaded to the disk. Please provide an `offload_folder` for them. ' +
  'Alternatively, make sure you have `safetensors` installed if the model you are using offers the weights in this format.';

/** Trees built from safetensors headers say so in their source ("safetensors headers", "+ safetensors stored dtypes"). */
export function checkpointIsSafetensors(source: string): boolean {
  return /safetensors/i.test(source);
}

export const v4OffloadFolder = defineRule({
  code: OFFLOAD_FOLDER,
  severity: 'info',
  title: 'transformers 4 only: `"disk"` entries of a non-safetensors checkpoint need `offload_folder=`',
  messages: {
    needsFolder:
      '"{key}" is on disk: pass offload_folder="offload" to from_pretrained to be safe. Unless the checkpoint is in safetensors format, ' +
      "transformers 4 raises ValueError: {error} This checkpoint's format is not known here ({source}).",
  },
  docs: {
    catches:
      'Under transformers 4 only: `"disk"` entries in a map whose checkpoint is not known to be safetensors, with no `offload_folder=` in the call.',
    why: `transformers 4 fails **at load** for a non-safetensors checkpoint: \`ValueError: ${V4_ERROR}\` Safetensors checkpoints load from their files in place.`,
    example: {
      language: 'python',
      code: 'model = AutoModelForCausalLM.from_pretrained(name, device_map={"model.embed_tokens": 0, "model.layers": "disk", "model.norm": 0, "lm_head": 0})',
    },
    fix: 'Pass `offload_folder="offload"` to `from_pretrained`, or use a safetensors checkpoint.',
  },
  check(ctx, say) {
    if (!ctx.tree || ctx.tree.transformers !== 4 || ctx.map.kind !== 'dict') return [];
    if (checkpointIsSafetensors(ctx.tree.source)) return [];
    const call = ctx.map.callSpan;
    if (call && /\boffload_folder\s*=/.test(ctx.doc.text.slice(call.start, call.end))) return [];
    const diskKey = [...ctx.devices].find(([, d]) => d === 'disk')?.[0];
    if (diskKey === undefined) return [];
    const e = ctx.entryByKey.get(diskKey)!;
    return [say.finding(e.entrySpan, 'needsFolder', { key: diskKey, error: V4_ERROR, source: ctx.tree.source })];
  },
});
