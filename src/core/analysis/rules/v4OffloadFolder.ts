/**
 * transformers 4 refused `"disk"` entries without `offload_folder=` when the
 * checkpoint was not safetensors (4.x `_load_pretrained_model`, SPEC §6).
 * Whether a checkpoint is safetensors is known only for trees read from
 * safetensors headers (local or Hub); otherwise this is a hint, never an error,
 * and it carries no DM code: a plain tag, like `duplicate-key`.
 */
import type { Finding } from '../api';
import type { RuleContext } from '../context';

export const OFFLOAD_FOLDER = 'offload-folder';

/** Trees built from safetensors headers say so in their source ("safetensors headers", "+ safetensors stored dtypes"). */
export function checkpointIsSafetensors(source: string): boolean {
  return /safetensors/i.test(source);
}

export function v4OffloadFolder(ctx: RuleContext): Finding[] {
  if (!ctx.tree || ctx.tree.transformers !== 4 || ctx.map.kind !== 'dict') return [];
  if (checkpointIsSafetensors(ctx.tree.source)) return [];
  const call = ctx.map.callSpan;
  if (call && /\boffload_folder\s*=/.test(ctx.doc.text.slice(call.start, call.end))) return [];
  const diskKey = [...ctx.devices].find(([, d]) => d === 'disk')?.[0];
  if (diskKey === undefined) return [];
  const e = ctx.entryByKey.get(diskKey)!;
  return [
    {
      code: OFFLOAD_FOLDER,
      severity: 'info',
      start: e.entrySpan.start,
      end: e.entrySpan.end,
      message:
        `"${diskKey}" is on disk: unless the checkpoint is in safetensors format, transformers 4 raises ValueError: The current \`device_map\` had weights offloaded to the disk. ` +
        'Please provide an `offload_folder` for them. Alternatively, make sure you have `safetensors` installed if the model you are using offers the weights in this format. ' +
        `This checkpoint's format is not known here (${ctx.tree.source}): pass offload_folder="offload" to from_pretrained to be safe`,
    },
  ];
}
