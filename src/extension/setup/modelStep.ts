/**
 * Step 1, the model: the Hugging Face cache, the built-in catalogue, a Hub id
 * typed, or a local folder. Every answer is resolved the way the checks resolve
 * models (the extension's ModelSource); one that does not resolve is said, and
 * the step asked again.
 */
import type { Choice } from './driver';
import { leave, question, type FlowContext, type StepResult } from './flowContext';
import { l10n } from './setupL10n';

type ModelPick = { readonly kind: 'id'; readonly id: string } | { readonly kind: 'typed' } | { readonly kind: 'folder' };

const STEP = 1;
const stepName = (): string => l10n.t('Model');

async function choices(ctx: FlowContext): Promise<Choice<ModelPick>[]> {
  const cached = await ctx.services.cachedModelIds();
  return [
    { label: `$(edit) ${l10n.t('Type a Hub id or a folder path…')}`, value: { kind: 'typed' } },
    { label: `$(folder-opened) ${l10n.t('Choose a local folder…')}`, value: { kind: 'folder' } },
    ...cached.map((id, i) => ({
      label: id,
      description: l10n.t('Hugging Face cache'),
      value: { kind: 'id', id } as const,
      ...(i === 0 ? { group: l10n.t('In the Hugging Face cache') } : {}),
    })),
    ...ctx.services.catalogueIds().map((id, i) => ({
      label: id,
      description: l10n.t('catalogue'),
      value: { kind: 'id', id } as const,
      ...(i === 0 ? { group: l10n.t('Built-in catalogue') } : {}),
    })),
  ];
}

/** A Hub id or a path typed into a box; asked again with the reason until it resolves (or Back / Escape). */
async function typed(ctx: FlowContext): Promise<StepResult | 'again'> {
  let problem: string | undefined;
  let value = ctx.answers.model?.name ?? '';
  for (;;) {
    const a = await ctx.driver.input({
      ...question(STEP, stepName(), l10n.t('A Hub id (org/name) or a local checkpoint folder'), problem),
      canGoBack: true,
      value,
      validate: (v) => (v.trim() === '' ? l10n.t('Type a Hub id such as meta-llama/Llama-2-7b-hf, or a folder path') : undefined),
    });
    if (a.kind === 'back') return 'again';
    if (a.kind === 'cancel') return 'cancel';
    value = a.value.trim();
    const r = await ctx.services.resolveModel(value);
    if (r.ok) {
      ctx.answers.model = r.value;
      return 'next';
    }
    problem = r.message;
  }
}

export async function modelStep(ctx: FlowContext): Promise<StepResult> {
  const items = await choices(ctx);
  let problem: string | undefined;
  for (;;) {
    const current = ctx.answers.model?.name;
    const active = items.find((c) => c.value.kind === 'id' && c.value.id === current)?.value;
    const a = await ctx.driver.pick<ModelPick>({
      ...question(STEP, stepName(), l10n.t('The model: type to filter, or type a Hub id or a folder path and press Enter'), problem),
      choices: items,
      matchDetails: true,
      typed: (id) => ({ kind: 'id', id }),
      ...(active ? { active } : {}),
    });
    if (a.kind !== 'value') {
      if (a.kind === 'back') continue; // the first step has no Back
      return leave(a);
    }
    problem = undefined;
    const pick = a.value;
    if (pick.kind === 'typed') {
      const r = await typed(ctx);
      if (r === 'again') continue;
      return r;
    }
    const name = pick.kind === 'id' ? pick.id : await ctx.driver.chooseFolder(l10n.t('New Setup: the model folder (with config.json)'));
    if (name === undefined) continue;
    const r = await ctx.services.resolveModel(name);
    if (r.ok) {
      ctx.answers.model = r.value;
      return 'next';
    }
    problem = r.message;
  }
}
